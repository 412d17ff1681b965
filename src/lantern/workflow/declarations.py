"""Every step of every pathway, declared once as data.

For each step: who acts (partnership roles and/or capacities on the case), what must be
true before it (`requires`, see rules.py), the stage it moves the case to, the clock step
it records done (`clock` names the timetable; the step id is `key`), how Lantern knows it
happened (`done`, a path on the case's state, see state.py) and the page where it is done.
The gates (gates.py), the recording service (services.py) and the work list
(selectors.py) all read these; no pathway keeps its own copy.

Paths: "review.panel_notified_on" (a value: done when set), "review.status=accepted"
(equals one of "a|b"), "decision.kind!=other", "doc.<kind>" (a document of that kind is
on the case), "requests.<kind>" (requests of that kind were sent), "accepted" (the Home
Office panel accepted a submission). URL arguments starting with "@" are paths too.
"""

from dataclasses import dataclass

from lantern.accounts.models import Role
from lantern.cases.models import Capacity

from .rules import (
    AcceptedVersion,
    After,
    DocumentOnCase,
    FinalDocument,
    ReasonIfDiffers,
    RequestsReturned,
    Rule,
    WorkingDaysAfter,
)

WT2023 = "Working Together 2023"
CARE_ACT = "Care Act 2014 s44"

IC = Role.INDEPENDENT_CHAIR.value
BM = Role.BUSINESS_MANAGER.value
BU = Role.BUSINESS_UNIT_OFFICER.value
STAFF = (BM, BU)
LEAD = (Capacity.LEAD.value,)


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    roles: tuple[str, ...] = ()
    capacities: tuple[str, ...] = ()
    requires: tuple[Rule, ...] = ()
    stage: str = ""
    clock: str = ""
    done: str = ""
    when: str = ""
    url: str = ""
    url_args: tuple[tuple[str, str], ...] = ()
    kind: str = "step"  # the WorkItem kind: "step", "endorsement", "signoff"
    # Only its actors may do it (otherwise the case's permission policy decides who records).
    actors_only: bool = False

    @property
    def predecessors(self) -> tuple[str, ...]:
        return tuple(r.step for r in self.requires if isinstance(r, After))


def _after(*keys: str) -> tuple[Rule, ...]:
    return tuple(After(k) for k in keys)


RAPID_REVIEW = (
    Step("referral-accepted", "Accept or return the referral", STAFF, LEAD,
         done="review.status=accepted", when="review.status!=returned",
         stage="notification", url="children:review"),
    # Statutory from the day the LA becomes aware: not held back by the acceptance.
    Step("panel-notified", "Record the notification to the National Panel", STAFF, LEAD,
         stage="scoping", clock="rapid-review",
         done="review.panel_notified_on", url="children:notification"),
    Step("sos-ofsted-notified", "Record that the Secretary of State and Ofsted were told",
         STAFF, LEAD, clock="rapid-review", done="review.secretary_of_state_notified_on",
         when="review.lac_death", url="children:record", url_args=(("action", "lac"),)),
    Step("scoping-sent", "Send the scoping template to every involved agency", STAFF, LEAD,
         _after("referral-accepted"), clock="rapid-review", done="requests.scoping",
         url="children:review"),
    Step("scoping-returned", "Confirm every scoping return is in", STAFF, LEAD,
         (After("scoping-sent"), RequestsReturned("scoping", "scoping returns")),
         stage="meeting", clock="rapid-review", url="children:review"),
    Step("meeting", "Hold the rapid review meeting and record its decision", STAFF, LEAD,
         _after("scoping-sent"), clock="rapid-review", done="decision.decided_on",
         url="cases:detail"),
    Step("endorsed", "Endorse the rapid review decision", (IC,), (),
         _after("meeting"), done="decision.endorsed_on", url="meetings:endorse",
         url_args=(("decision_id", "@decision.pk"),), kind="endorsement", actors_only=True),
    Step("template", "Write the completed Rapid Review template", STAFF, LEAD,
         _after("meeting"), done="doc.rapid_review_template", url="children:review"),
    Step("outcome-sent", "Send the rapid review to the National Panel and tell the outcome",
         STAFF, LEAD,
         (After("meeting"), DocumentOnCase(("rapid_review_template",), False,
                                           "the completed Rapid Review template")),
         stage="outcome", clock="rapid-review", done="review.outcome_sent_on",
         url="children:record", url_args=(("action", "outcome"),)),
    Step("panel-response", "Record the National Panel's response", STAFF, LEAD,
         _after("outcome-sent"), done="review.panel_response_on", url="children:panel_response"),
    # Opening the CSPR moves the case to the "cspr" pathway, at its first stage.
    Step("cspr-opened", "Commission the Child Safeguarding Practice Review", STAFF, LEAD,
         _after("meeting"), done="cspr.commissioned_on",
         when="decision.kind=cspr", url="children:record", url_args=(("action", "open-cspr"),)),
)  # fmt: skip

CSPR_RULE = (
    f"{WT2023}: the final report goes to the National Panel and the Secretary of State at "
    "least 7 working days before publication"
)

CSPR = (
    Step("plan", "Agree the methodology and terms of reference", STAFF, LEAD,
         stage="review", done="cspr.methodology", url="children:cspr"),
    Step("complete", "Choose the final report", STAFF, LEAD, stage="report", clock="cspr",
         done="cspr.final_report", url="children:cspr"),
    Step("final-report-sent", "Send the final report to the National Panel and the "
         "Secretary of State", STAFF, LEAD,
         (After("complete"), FinalDocument("cspr.final_report", "Choose the final report first.")),
         clock="cspr", done="cspr.final_report_sent_on", url="children:cspr"),
    Step("publication", "Publish the final report", STAFF, LEAD,
         (FinalDocument("cspr.final_report", "Choose the final report first."),
          After("final-report-sent"),
          WorkingDaysAfter("final-report-sent", 7, CSPR_RULE, "publication")),
         stage="publication", clock="cspr", done="cspr.published_on", url="children:cspr"),
)  # fmt: skip


def _sar_action(name: str) -> dict[str, object]:
    return {"url": "adults:action", "url_args": (("name", name),)}


SAR = (
    # The referral to the decision (the "sar-referral" timetable).
    Step("screen", "Screen the referral with the SAR Panel chair", STAFF, LEAD,
         stage="screening", done="referral.screened_on", when="referral.status!=returned",
         **_sar_action("screen")),
    Step("scoping-signoff", "Sign the referral off for scoping", (IC,), (), _after("screen"),
         stage="scoping", done="referral.signed_off_on", url="adults:case", kind="signoff",
         actors_only=True),
    Step("scoping-sent", "Ask every involved agency for a scoping return", STAFF, LEAD,
         _after("scoping-signoff"), done="requests.scoping", url="adults:case"),
    Step("scoping-returned", "Confirm every scoping return is in", STAFF, LEAD,
         (After("scoping-sent"), RequestsReturned("scoping", "scoping returns")),
         stage="decision", clock="sar-referral", url="adults:case"),
    Step("decision", "Record the sub-group's decision", STAFF, LEAD,
         (After("scoping-returned"),
          ReasonIfDiffers("referral.criteria", ("mandatory", "discretionary"), CARE_ACT)),
         stage="decision", clock="sar-referral", done="decision.decided_on",
         **_sar_action("decision")),
    Step("chair-agreed", "Agree the Safeguarding Adult Review", (IC,), (), _after("decision"),
         clock="sar-referral", done="decision.endorsed_on", when="decision.kind!=other",
         url="adults:case", kind="endorsement", actors_only=True),
    Step("family-notified", "Record that the family was told", STAFF, LEAD,
         _after("chair-agreed"), done="referral.family_notified_on", **_sar_action("family")),
    Step("commission", "Commission the SAR", STAFF, LEAD, _after("chair-agreed"),
         stage="review", done="sar.commissioned_on", **_sar_action("commission")),
    # The review (the "sar" timetable, from the commission date).
    Step("reviewers-commissioned", "Record that the reviewers were commissioned", STAFF, LEAD,
         _after("commission"), clock="sar", **_sar_action("reviewers-commissioned")),
    Step("initial-scoping-meeting", "Record the initial scoping meeting", STAFF, LEAD,
         _after("reviewers-commissioned"), clock="sar",
         **_sar_action("initial-scoping-meeting")),
    Step("imrs", "Request the IMRs", STAFF, LEAD, _after("initial-scoping-meeting"),
         done="requests.imr", **_sar_action("imrs")),
    Step("draft-report", "Record the draft final report going to the SAR Panel", STAFF, LEAD,
         (After("imrs"), RequestsReturned("imr", "IMRs"),
          DocumentOnCase(("report_draft",), True, "a draft report")),
         stage="report", clock="sar", **_sar_action("draft-report")),
    Step("sar-committee", "Record the SAR Committee", STAFF, LEAD, _after("draft-report"),
         clock="sar", **_sar_action("sar-committee")),
    Step("sab-signoff", "Sign off the SAR report for the SAB", (IC, BM), LEAD,
         _after("sar-committee"), clock="sar", done="sar.signed_off_on", kind="signoff",
         **_sar_action("signoff")),
    Step("family-shared", "Share the report with the family", STAFF, LEAD,
         _after("sab-signoff"), clock="sar", done="sar.family_shared_on",
         **_sar_action("family-shared")),
    Step("final-report", "Choose the report to publish", STAFF, LEAD, _after("sab-signoff"),
         done="sar.final_report", **_sar_action("final-report")),
    Step("publication", "Publish the report", STAFF, LEAD,
         (After("sab-signoff"),
          FinalDocument("sar.final_report", "Choose the final (not draft) report to publish.")),
         stage="publication", clock="sar", done="sar.published_on", **_sar_action("publish")),
    Step("learning-event", "Record the learning event", STAFF, LEAD, _after("publication"),
         stage="closed", clock="sar", done="sar.learning_event_on",
         **_sar_action("learning-event")),
)  # fmt: skip


def _dhr(action: str) -> dict[str, object]:
    return {"url": "dhr:action", "url_args": (("action", action),)}


HOME_OFFICE_ACCEPTS = (
    "Home Office DHR guidance: the Home Office Quality Assurance Panel must accept the report "
    "before it is published."
)

DHR = (
    Step("decision", "Decide whether to conduct a DHR", STAFF, LEAD, clock="dhr",
         done="dhr.decided_on", **_dhr("decision")),
    Step("home-office-told", "Tell the Home Office of the decision not to conduct a DHR",
         STAFF, LEAD, _after("decision"), stage="closed", done="dhr.home_office_told_on",
         when="dhr.outcome=no_review", **_dhr("home-office-told")),
    Step("chair", "Appoint the independent chair", STAFF, LEAD, _after("decision"),
         done="dhr.chair_appointed_on", when="dhr.outcome=conduct", **_dhr("chair")),
    Step("report", "Choose the overview report", STAFF, LEAD, _after("decision"), clock="dhr",
         done="dhr.overview_report", when="dhr.outcome=conduct", **_dhr("report")),
    Step("submit", "Submit the overview report to the Home Office QA Panel", STAFF, LEAD,
         _after("report"), stage="home-office", done="submissions", **_dhr("submit")),
    Step("response", "Record the Home Office QA Panel's response", STAFF, LEAD,
         _after("submit"), done="accepted", **_dhr("response")),
    Step("publication", "Publish the report the panel accepted", STAFF, LEAD,
         (After("response", HOME_OFFICE_ACCEPTS), AcceptedVersion()), stage="closed",
         done="dhr.published_on", **_dhr("publish")),
)  # fmt: skip

# Data only: the audits app runs these steps itself (see the report of issue 11).
MACFA = (
    Step("tool-devised", "Publish the theme, agree the scope and devise the audit tool",
         STAFF, ("theme_lead", *LEAD), clock="macfa", url="audits:audit"),
    Step("cases-selected", "Draw the cases at random", STAFF, ("theme_lead", *LEAD),
         _after("tool-devised"), clock="macfa", url="audits:audit"),
    Step("template-sent", "Send the audit template to the agency leads", STAFF,
         ("theme_lead", *LEAD), _after("cases-selected"), clock="macfa", url="audits:audit"),
    Step("programme-sent", "Send the programme to the invitees", STAFF, ("theme_lead", *LEAD),
         _after("template-sent"), clock="macfa", url="audits:audit"),
    Step("audit", "Hold the audit", STAFF, ("theme_lead", *LEAD), _after("template-sent"),
         clock="macfa", url="audits:audit"),
    Step("report-presented", "Present the report and action plan at the QA&P meeting", STAFF,
         ("theme_lead", *LEAD), _after("audit"), clock="macfa", url="audits:audit"),
)  # fmt: skip

#: The declarations of each case pathway (a SAR case runs both of its timetables).
DECLARATIONS: dict[str, tuple[Step, ...]] = {
    "rapid-review": RAPID_REVIEW,
    "cspr": CSPR,
    "sar": SAR,
    "dhr": DHR,
    "macfa": MACFA,
}


def step_of(pathway: str, key: str) -> Step:
    for step in DECLARATIONS.get(pathway, ()):
        if step.key == key:
            return step
    raise KeyError(f"The {pathway} pathway declares no step {key!r}.")
