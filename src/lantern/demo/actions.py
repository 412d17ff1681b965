"""The demo partnership's action plans: the learning of the published CSPR (Child D), of
Child C's review (one recommendation repeating Child D's), of the Domestic Homicide Review,
and of a national SAR adopted locally (Cawston Park). Some actions are overdue, some
complete with evidence (a link), one verified by its group.

Built through the tracker's own services. The services refuse past dates, so overdue
actions and past completion dates are made as today's and then moved back with
queryset.update(), as a real history would have left them.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.actions import services
from lantern.actions.models import Action, ActionUpdate, Recommendation
from lantern.cases.models import Case
from lantern.cases.services import case_open
from lantern.partnerships.models import Agency, Group, Partnership

CHILDREN = "Demoshire Council Children's Services"
ADULTS = "Demoshire Council Adult Social Care"
ICB = "Demoshire Integrated Care Board"
POLICE = "Demoshire Police"
HOSPITAL = "Demo Hospitals NHS Foundation Trust"
LI = "Learning & Improvement sub-group"
SAB = "Demo Safeguarding Adults Board"
EXECUTIVE = "Executive"

CAWSTON_PARK = (
    "Joanna, Jon and Ben: Cawston Park SAR (2021), adopted by the Safeguarding Adults Board"
)
DISCHARGE = (
    "Demo Hospitals NHS Foundation Trust and Children's Services agree a written protocol "
    "for sharing the discharge plan of every infant under one with children's social care "
    "and the health visitor within 24 hours of discharge."
)


class _Demo:
    """The people, agencies and groups the plans name, and a few verbs to write them."""

    def __init__(self, partnership: Partnership) -> None:
        self.today = timezone.localdate()
        self.people = {
            u.email.split("@")[0]: u
            for u in User.objects.filter(partnership=partnership, email__endswith="@example.org")
        }
        self.manager = self.people["business.manager"]
        self.agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
        self.groups = {g.name: g for g in Group.objects.filter(partnership=partnership)}

    def recommend(
        self,
        case: Case,
        finding: str,
        text: str,
        *,
        group: str,
        owner: str,
        measure: str,
        repeats: Recommendation | None = None,
    ) -> Recommendation:
        found = services.finding_create(case=case, text=finding, user=self.manager)
        return services.recommendation_create(
            case=case,
            text=text,
            monitoring_group=self.groups[group],
            owner=self.people[owner],
            impact_measure=measure,
            impact_review_on=self.today + timedelta(days=180),
            user=self.manager,
            finding=found,
            repeats=repeats,
        )

    def act(
        self,
        recommendation: Recommendation,
        title: str,
        *,
        agency: str,
        owner: str,
        due_in: int,
        measure: str,
    ) -> Action:
        return services.action_create(
            recommendation=recommendation,
            title=title,
            lead_agency=self.agencies[agency],
            owner=self.people[owner],
            due=self.today + timedelta(days=max(due_in, 0)),
            success_measure=measure,
            user=self.manager,
        )

    def progress(self, action: Action, status: str, note: str, link: str = "") -> None:
        evidence = [services.NewEvidence(description=note.split(":")[0], link=link)] if link else []
        services.action_update_record(
            action=action, user=action.owner, status=status, note=note, evidence=evidence
        )

    def overdue(self, action: Action, days_late: int) -> None:
        Action.objects.filter(pk=action.pk).update(due=self.today - timedelta(days=days_late))

    def completed(self, action: Action, on: date) -> None:
        """Moves the completion, and the updates that led to it, back to `on`."""
        Action.objects.filter(pk=action.pk).update(completed_on=on)
        at = timezone.make_aware(datetime.combine(on, time(12)))
        ActionUpdate.objects.filter(action=action).update(created_at=at)


def _case(partnership: Partnership, **where: Any) -> Case | None:
    return Case.objects.filter(partnership=partnership, **where).order_by("opened_on").first()


@transaction.atomic
def demo_actions_load(partnership: Partnership) -> int:
    """Adds each demo action plan once (a case that has recommendations already is left
    as it is); returns how many plans it added."""
    demo = _Demo(partnership)
    added = 0
    child_d = _case(partnership, pseudonym="Child D")
    if child_d is not None and _fresh(child_d):
        _child_d(demo, child_d)
        added += 1
    child_c = _case(partnership, pseudonym="Child C")
    if child_c is not None and _fresh(child_c):
        earlier = Recommendation.objects.filter(case=child_d, number=1).first() if child_d else None
        _child_c(demo, child_c, repeats=earlier)
        added += 1
    dhr = _case(partnership, pathway="dhr")
    if dhr is not None and _fresh(dhr):
        _dhr(demo, dhr)
        added += 1
    national = _case(partnership, pathway="national", title=CAWSTON_PARK)
    if national is None or _fresh(national):
        _national(demo, partnership, national)
        added += 1
    return added


def _fresh(case: Case) -> bool:
    return not case.recommendations.exists()


def _child_d(demo: _Demo, case: Case) -> Recommendation:
    discharge = demo.recommend(
        case,
        "The baby's discharge plan was not shared with children's social care or the health "
        "visitor before the baby went home.",
        DISCHARGE,
        group=LI,
        owner="li.member",
        measure="An audit of 20 infant discharges shows the plan shared within 24 hours in 18.",
    )
    protocol = demo.act(
        discharge,
        "Write and agree the discharge-plan sharing protocol",
        agency=HOSPITAL,
        owner="hospital.rep",
        due_in=30,
        measure="The protocol is signed by the trust and Children's Services.",
    )
    demo.progress(protocol, "on_track", "Draft protocol shared with Children's Services.")
    demo.progress(
        protocol,
        "complete",
        "Signed protocol: agreed by both agencies and on the intranet.",
        link="https://intranet.demohospitals.example.org/safeguarding/discharge-protocol",
    )
    demo.completed(protocol, demo.today - timedelta(days=40))
    # The Business Unit records the L&I sub-group's sign-off at its last meeting.
    services.action_verify(
        action=Action.objects.get(pk=protocol.pk),
        user=demo.people["business.unit"],
        signed_off_on=demo.today - timedelta(days=14),
        note="The L&I sub-group saw the signed protocol and agreed the action is done.",
    )
    audit = demo.act(
        discharge,
        "Audit 20 infant discharges against the protocol",
        agency=HOSPITAL,
        owner="hospital.rep",
        due_in=75,
        measure="Audit results reported to the L&I sub-group.",
    )
    demo.progress(audit, "on_track", "Ten of the 20 discharges audited so far.")

    compliance = demo.recommend(
        case,
        "Practitioners did not recognise the father's missed appointments and cancelled "
        "visits as disguised compliance.",
        "Demoshire Police, Children's Services and the ICB brief every front-line team on "
        "disguised compliance using this review's case study, and report attendance and a "
        "follow-up audit of supervision records to the L&I sub-group.",
        group=LI,
        owner="council.rep",
        measure="Nine in ten front-line staff briefed; supervision audit shows the pattern named.",
    )
    briefing = demo.act(
        compliance,
        "Brief Public Protection Unit officers on disguised compliance",
        agency=POLICE,
        owner="police.rep",
        due_in=0,
        measure="Every PPU officer briefed; attendance list to the sub-group.",
    )
    demo.overdue(briefing, 21)
    standards = demo.act(
        compliance,
        "Add disguised compliance to the practice standards",
        agency=CHILDREN,
        owner="council.rep",
        due_in=20,
        measure="The practice standards name disguised compliance and what to do about it.",
    )
    demo.progress(
        standards,
        "complete",
        "Practice standards updated: section 4.3 on disguised compliance.",
        link="https://intranet.demoshire.example.org/childrens/practice-standards#s4-3",
    )
    return discharge


def _child_c(demo: _Demo, case: Case, *, repeats: Recommendation | None) -> None:
    again = demo.recommend(
        case,
        "The ward discharged the infant without telling the health visitor, as in Child D.",
        "The hospital trust shares the discharge plan of every infant under one with the "
        "health visitor and children's social care within 24 hours, under the agreed "
        "protocol, and audits compliance every quarter.",
        group=LI,
        owner="li.member",
        measure="Quarterly audits show nine in ten discharge plans shared within 24 hours.",
        repeats=repeats,
    )
    demo.act(
        again,
        "Add the discharge protocol to ward induction",
        agency=HOSPITAL,
        owner="hospital.rep",
        due_in=45,
        measure="Every new ward nurse is told of the protocol in their first week.",
    )


def _dhr(demo: _Demo, case: Case) -> None:
    risk = demo.recommend(
        case,
        "The risk assessment after the earlier incident was not shared with the GP or the "
        "housing provider.",
        "Demoshire Police share every high-risk domestic abuse risk assessment with the "
        "victim's GP and housing provider within two working days, and audit ten cases after "
        "six months.",
        group=EXECUTIVE,
        owner="safeguarding.lead",
        measure="The audit finds the assessment shared within two working days in nine of ten.",
    )
    marac = demo.act(
        risk,
        "Send MARAC risk assessments to the GP and housing provider",
        agency=POLICE,
        owner="safeguarding.lead",
        due_in=0,
        measure="The referral process sends the assessment to both, every time.",
    )
    demo.progress(marac, "at_risk", "Waiting for the GP practices' secure e-mail addresses.")
    demo.overdue(marac, 10)


def _national(demo: _Demo, partnership: Partnership, case: Case | None) -> None:
    if case is None:
        case = case_open(partnership=partnership, pathway="national", title=CAWSTON_PARK)
    placements = demo.recommend(
        case,
        "People with learning disabilities and autism were placed far from home in a "
        "hospital where restrictive practice went unchallenged.",
        "Demoshire ICB and Adult Social Care review every out-of-area hospital placement of "
        "an adult with a learning disability or autism every eight weeks, with a visit by "
        "the commissioner, and report what they find to the Safeguarding Adults Board.",
        group=SAB,
        owner="nominated.rep",
        measure="Every placement reviewed and visited every eight weeks; findings to the board.",
    )
    listed = demo.act(
        placements,
        "List every adult placed out of area in a hospital",
        agency=ADULTS,
        owner="theme.lead",
        due_in=10,
        measure="A list the ICB and Adult Social Care both hold.",
    )
    demo.progress(
        listed,
        "complete",
        "Placement register: seven adults, reviewed with the ICB.",
        link="https://intranet.demoshire.example.org/adults/out-of-area-register",
    )
    visits = demo.act(
        placements,
        "Set up eight-weekly commissioner visits to out-of-area placements",
        agency=ICB,
        owner="nominated.rep",
        due_in=0,
        measure="A visit to each placement every eight weeks, recorded.",
    )
    demo.overdue(visits, 5)
