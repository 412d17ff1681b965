"""The demo partnership's multi-agency case file audits: one of children's cases whose
agency returns are overdue, and one of adults' cases carried through to the end
(grades, moderation, learning event, findings, ratification, the first action of its
action plan, the report).

Built through the audits app's own services, with dates counted back from today. The
completed audit's findings and recommendations are the action tracker's, on its case.
"""

import datetime
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.actions.models import Recommendation
from lantern.actions.services import action_create
from lantern.audits import (
    events,
    findings,
    grading,
    learning,
    report,
    returns,
    selection,
    services,
)
from lantern.audits.models import Audit, Question
from lantern.cases.models import Capacity, CaseMembership
from lantern.clock.engine.workdays import WorkingCalendar
from lantern.partnerships.models import Agency, Group, Partnership

# Demo meetings and events fall on working days (bank holidays and weekends skipped).
WORKING = WorkingCalendar()

QUESTIONS = [
    ("Was the voice of the person heard, and how did it shape what was done?", "open"),
    ("Was a multi-agency strategy discussion held when it should have been?", "yes_no"),
    ("The quality of your agency's assessment", "graded"),
]


@transaction.atomic
def demo_audits_load(partnership: Partnership) -> int:
    """Adds the two demo audits once; returns how many were added."""
    if Audit.objects.filter(case__partnership=partnership).exists():
        return 0
    today = timezone.localdate()
    manager = User.objects.get(email="business.manager@example.org")
    theme_lead = User.objects.get(email="theme.lead@example.org")
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    groups = {g.name: g for g in Group.objects.filter(partnership=partnership)}
    _overdue(partnership, today, manager, theme_lead, agencies, groups)
    _completed(partnership, today, manager, theme_lead, agencies, groups)
    return 2


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _tool(audit: Audit, on: datetime.date) -> None:
    for text, kind in QUESTIONS:
        services.question_add(audit=audit, text=text, kind=kind)
    services.tool_finalise(audit=audit, on=on)


def _represent(audit: Audit, email: str, agency: Agency) -> User:
    person = User.objects.get(email=email)
    CaseMembership.objects.create(
        case=audit.case, person=person, agency=agency, capacity=Capacity.AGENCY_REPRESENTATIVE
    )
    return person


def _answer(audit: Audit, user: User, agency: Agency, answers: list[str], impact: str) -> None:
    questions = list(Question.objects.filter(audit=audit).order_by("order"))
    for ret in audit.returns.filter(agency=agency):
        returns.return_save(
            ret=ret,
            user=user,
            answers={str(q.pk): a for q, a in zip(questions, answers, strict=True)},
            impact=impact,
            concern=False,
            concern_details="",
            submit=True,
        )


def _overdue(
    partnership: Partnership,
    today: datetime.date,
    manager: User,
    theme_lead: User,
    agencies: dict[str, Agency],
    groups: dict[str, Group],
) -> None:
    """Children's audit in preparation: the audit is two weeks away, the returns were due
    a week ago, and three agencies have not returned; the hospital has."""
    audit = services.audit_open(
        partnership=partnership,
        theme="Neglect in children under five",
        theme_lead=theme_lead,
        scope="Children under five on a child protection plan for neglect in the last year.",
        kind="children",
        qap_group=groups.get("Quality Assurance & Performance sub-group"),
        qap_meeting_on=WORKING.previous_working_day(today + timedelta(weeks=6)),
        opened_on=today - timedelta(weeks=6),
    )
    _tool(audit, WORKING.previous_working_day(today - timedelta(weeks=5)))
    selection.cases_draw(
        audit=audit,
        user=manager,
        references_text="\n".join(f"CP-2025-{n:03d}" for n in range(11, 27)),
        at=_at(WORKING.previous_working_day(today - timedelta(weeks=4))),
    )
    names = [
        "Demoshire Council Children's Services",
        "Demoshire Police",
        "Demoshire Integrated Care Board",
        "Demo Hospitals NHS Foundation Trust",
    ]
    # The representatives join before the template goes, so it reaches them; the ICB,
    # with nobody on the audit, is asked through its safeguarding lead.
    _represent(audit, "council.rep@example.org", agencies[names[0]])
    _represent(audit, "police.rep@example.org", agencies[names[1]])
    hospital = _represent(audit, "hospital.rep@example.org", agencies[names[3]])
    sent_on = WORKING.previous_working_day(today - timedelta(weeks=3))
    returns.template_send(
        audit=audit,
        agency_ids=[agencies[n].pk for n in names],
        due=WORKING.previous_working_day(today - timedelta(weeks=1)),
        sent_on=sent_on,
    )
    _answer(
        audit,
        hospital,
        agencies[names[3]],
        [
            "Seen alone at each health review; her wish to stay at nursery was acted on.",
            "no",
            "requires_improvement",
        ],
        "Weight and development were monitored; two missed appointments were followed up.",
    )


def _completed(
    partnership: Partnership,
    today: datetime.date,
    manager: User,
    theme_lead: User,
    agencies: dict[str, Agency],
    groups: dict[str, Group],
) -> None:
    """Adults' audit, held eight weeks ago and presented at the QA&P four weeks later,
    then ratified by the Safeguarding Adults Board and the Executive, the final report
    written, closed."""
    qap_on = WORKING.previous_working_day(today - timedelta(weeks=4))
    audit = services.audit_open(
        partnership=partnership,
        theme="Self-neglect in adults living alone",
        theme_lead=theme_lead,
        scope="Adults living alone referred for self-neglect, and the agencies that knew them.",
        kind="adults",
        qap_group=groups.get("Quality Assurance & Performance sub-group"),
        qap_meeting_on=qap_on,
        opened_on=qap_on - timedelta(weeks=12),
    )
    held = audit.case.steps.get(step_id="audit").due
    _tool(audit, held - timedelta(days=50))
    selection.cases_draw(
        audit=audit,
        user=manager,
        references_text="\n".join(f"SN-2025-{n:03d}" for n in range(1, 13)),
        at=_at(held - timedelta(days=42)),
    )
    names = [
        "Demoshire Council Adult Social Care",
        "Demoshire Integrated Care Board",
        "Demo Homes",
    ]
    returns.template_send(
        audit=audit, agency_ids=[agencies[n].pk for n in names], sent_on=held - timedelta(days=35)
    )
    answer = ["She said she wanted to stay at home; the plan was built around that.", "yes"]
    for name in names:
        _answer(audit, manager, agencies[name], [*answer, "good"], "She stayed safely at home.")
    # Moderation: the agencies' grades differ from case to case.
    pattern = ["good", "requires_improvement", "outstanding", "inadequate"]
    for index, reference in enumerate(grading.selected_references(audit)):
        rets = list(audit.returns.filter(case_reference=reference).order_by("agency__name"))
        grades = {r.pk: pattern[(index + n) % 3] for n, r in enumerate(rets)}
        grading.case_moderate(
            audit=audit,
            case_reference=reference,
            grades=grades,
            judgement=pattern[index % 3],
            note="Agreed by the auditors at moderation after discussing each agency's return.",
            user=theme_lead,
        )
    grading.audit_judge(
        audit=audit,
        judgement="requires_improvement",
        note="Good individual practice, but agencies rarely shared what they knew.",
        user=theme_lead,
    )
    _learning_event(audit, held, manager, agencies, names)
    recommendation = _findings(audit, today, manager, agencies, groups)
    # The draft report and action plan go to the QA&P; ratification follows.
    report.report_generate(audit=audit, user=manager)
    report.report_presented(audit=audit, user=manager, on=qap_on)
    _ratified(audit, today, manager, theme_lead, agencies, groups, recommendation)
    report.report_generate(audit=audit, user=manager)
    report.audit_close(audit=audit, user=manager)


def _learning_event(
    audit: Audit, held: datetime.date, manager: User, agencies: dict[str, Agency], names: list[str]
) -> None:
    event = events.event_schedule(
        audit=audit,
        date=held,
        time=datetime.time(9, 30),
        location="Committee Room 2, Demoshire County Hall",
        programme="09:30 Welcome and purpose\n10:00 Case discussions in agency pairs\n"
        "12:00 Moderation of grades\n13:00 Learning and close",
        user=manager,
    )
    events.invitee_add(event=event, user=manager, person=audit.theme_lead)
    events.invitee_add(
        event=event,
        user=manager,
        person=User.objects.get(email="nominated.rep@example.org"),
        agency=agencies[names[1]],
    )
    events.invitee_add(
        event=event,
        user=manager,
        name="Alex Brennan",
        email="alex.brennan@demohomes.example.org",
        agency=agencies[names[2]],
    )
    events.programme_send(event=event, user=manager, on=held - timedelta(days=7))
    invitees = {i.name: i.pk for i in event.invitees.all()}
    attendance = dict.fromkeys(invitees.values(), "attended")
    attendance[invitees["Alex Brennan"]] = "apologies"
    events.attendance_save(event=event, attendance=attendance, held_on=held, user=manager)
    events.engagement_record(
        audit=audit,
        who="adult",
        how="A home visit by the theme lead, with an advocate.",
        what_they_said="People kept asking the same questions. Nobody asked what I wanted.",
        engaged_on=held - timedelta(days=10),
        user=manager,
    )


def _findings(
    audit: Audit,
    today: datetime.date,
    manager: User,
    agencies: dict[str, Agency],
    groups: dict[str, Group],
) -> Recommendation:
    """What the learning event found, before the report goes to the QA&P."""
    theme_lead = audit.theme_lead
    qap = groups["Quality Assurance & Performance sub-group"]
    first = findings.finding_add(
        audit=audit,
        text="Agencies held pieces of the picture but rarely shared them.",
        user=manager,
    )
    meeting = findings.recommendation_add(
        audit=audit,
        finding=first,
        text="Adult Social Care convenes a multi-agency meeting within ten working days of "
        "every self-neglect referral, inviting housing, health and the police.",
        owner=theme_lead,
        monitoring_group=qap,
        impact_measure="A re-audit in a year finds a meeting held in most cases.",
        impact_review_on=today + timedelta(days=365),
        user=manager,
    )
    second = findings.finding_add(
        audit=audit,
        text="The person's own wishes were recorded but not always acted on.",
        user=manager,
    )
    findings.recommendation_add(
        audit=audit,
        finding=second,
        text="Every agency's plan for an adult who self-neglects records what the person "
        "wants and what was done about it, checked in supervision.",
        owner=theme_lead,
        monitoring_group=qap,
        impact_measure="Case file sampling shows wishes recorded and acted on.",
        impact_review_on=today + timedelta(days=180),
        user=manager,
    )
    practice = findings.good_practice_add(
        audit=audit,
        text="Demo Homes' tenancy officer noticed the decline and referred the same day.",
        agency=agencies["Demo Homes"],
        user=manager,
    )
    findings.good_practice_acknowledge(
        practice=practice,
        acknowledged_to="Director of Housing, Demo Homes senior management team",
        acknowledged_on=today - timedelta(days=12),
        user=manager,
    )
    return meeting


def _ratified(
    audit: Audit,
    today: datetime.date,
    manager: User,
    theme_lead: User,
    agencies: dict[str, Agency],
    groups: dict[str, Group],
    meeting: Recommendation,
) -> None:
    """Ratification by the SAB then the Executive; the action plan, learning summary and
    seminar that follow."""
    findings.ratification_record(
        audit=audit,
        group=groups["Demo Safeguarding Adults Board"],
        ratified_on=today - timedelta(days=14),
        note="Ratified without changes.",
        user=manager,
    )
    findings.ratification_record(
        audit=audit,
        group=groups["Executive"],
        ratified_on=today - timedelta(days=7),
        note="",
        user=manager,
    )
    # The action plan is then built in the tracker, under the ratified recommendations.
    action_create(
        recommendation=meeting,
        title="Write the self-neglect multi-agency meeting into the adults' procedures",
        lead_agency=agencies["Demoshire Council Adult Social Care"],
        owner=theme_lead,
        due=today + timedelta(days=90),
        success_measure="The procedure is published and every team manager has been briefed.",
        user=manager,
    )
    learning.learning_summary_save(
        audit=audit,
        text="When an adult neglects themselves, each agency sees a little. Share early, "
        "meet together, and ask the person what they want.",
        flagged=True,
        user=manager,
    )
    learning.seminar_record(
        audit=audit,
        held_on=today - timedelta(days=3),
        title="Self-neglect: seeing the whole picture",
        audience="Adult social care, housing officers and community nurses",
        attended_count=34,
        user=manager,
    )
