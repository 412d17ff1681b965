"""A year of the demo's activity for the dashboards and the SAB annual report: a SAR
commissioned, concluded and signed off inside the last complete financial year, its
findings decided (one not to be implemented, with the reason), recommendations and
actions completed and verified with evidence in the year, and the QA&P and L&I reporting
packs downloaded for meetings in the year.

Dated from today, so the year is right whenever the demo is loaded. Built through the
apps' services; past dates the services refuse are moved back with queryset.update(),
as a real history would have left them (as demo/actions.py does)."""

import datetime

from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.actions import services
from lantern.actions.models import Action, Finding, Recommendation
from lantern.actions.pack import pack_read_what
from lantern.adults import delay, review
from lantern.adults.models import Sar
from lantern.audit.context import Actor, acting_as
from lantern.audit.recorder import record_read
from lantern.cases.models import Case
from lantern.clock.models import CaseStep
from lantern.clock.services import step_extend
from lantern.partnerships.models import Agency, Group, Partnership
from lantern.reports.period import last_complete_financial_year
from lantern.workflow.services import step_record

from .adults import _agreed_sar

PSEUDONYM, ONGOING = "Adult E", "Adult F"
SAB = "Demo Safeguarding Adults Board"
PACK_GROUPS = ("Quality Assurance & Performance sub-group", "Learning & Improvement sub-group")
FINDINGS = [
    (
        "act",
        "Pressure care plans were not shared between the hospital and the home care provider.",
        "The hospital and home care providers share the pressure care plan at discharge.",
    ),
    (
        "act",
        "No agency convened a multi-agency meeting when the adult refused care.",
        "Agencies use the self-neglect protocol's multi-agency meeting when care is refused.",
    ),
    (
        "not_acting",
        "A single shared care record across health and social care would have shown the risk.",
        "",
    ),
]
NOT_ACTING_REASON = (
    "A shared care record is being built nationally; the Board will adopt it rather than "
    "commission a local one. The risk is met meanwhile by the discharge plan sharing."
)


def _day(start: datetime.date, days: int) -> datetime.date:
    return start + datetime.timedelta(days=days)


def panels_held(case: Case) -> None:
    """The SAR Panel's monthly meetings of a past review were held on their days: a year
    of unrecorded meetings would crowd the manager's My work."""
    from lantern.meetings.models import Meeting
    from lantern.meetings.services import meeting_held

    today = timezone.localdate()
    for meeting in Meeting.objects.filter(case=case, held=False, date__lte=today):
        meeting_held(
            meeting=meeting, held_on=meeting.date,
            minutes="The SAR Panel reviewed progress against the terms of reference.",
        )  # fmt: skip


def recorded_on(action: Action, day: datetime.date) -> None:
    """Dates an action and its recommendation back to when they were made: the annual
    report counts only the actions recorded by the year end."""
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    Action.objects.filter(pk=action.pk).update(created_at=at)
    Recommendation.objects.filter(pk=action.recommendation_id).update(created_at=at)


@transaction.atomic
def demo_year_load(partnership: Partnership) -> int:
    """Loads the year's concluded SAR and pack downloads; returns how many SARs it made
    (0 if the year is there already)."""
    if Case.objects.filter(partnership=partnership, pseudonym=PSEUDONYM).exists():
        return 0
    today = timezone.localdate()
    year = last_complete_financial_year(today)
    manager = User.objects.get(email="business.manager@example.org")
    commissioned = _day(year.start, 30)
    sar = _agreed_sar(partnership, "Irene Fictive", commissioned)
    sar.case.pseudonym = PSEUDONYM
    sar.case.save(update_fields=["pseudonym"])
    decided_on = _day(commissioned, 150)
    owner = User.objects.get(email="hospital.rep@example.org")
    board = Group.objects.get(partnership=partnership, name=SAB)
    hospital = Agency.objects.get(
        partnership=partnership, name="Demo Hospitals NHS Foundation Trust"
    )
    decided: list[tuple[int, str]] = []
    for response, text, recommendation_text in FINDINGS:
        finding = services.finding_create(case=sar.case, text=text, user=manager)
        decided.append((finding.pk, response))
        if response != "act":
            continue
        recommendation = services.recommendation_create(
            case=sar.case, text=recommendation_text, monitoring_group=board, owner=owner,
            impact_measure="Audit of ten discharges a quarter.",
            impact_review_on=today + datetime.timedelta(days=90), user=manager, finding=finding,
        )  # fmt: skip
        action = services.action_create(
            recommendation=recommendation, title=recommendation_text, lead_agency=hospital,
            owner=owner, due=today, success_measure="Ten of ten audited discharges.",
            user=manager,
        )  # fmt: skip
        services.action_update_record(
            action=action, user=owner, status="complete", note="Protocol agreed and in use.",
            evidence=[services.NewEvidence(
                description="Protocol", link="https://example.org/demo/protocol"
            )],
        )  # fmt: skip
        completed = _day(year.start, 300)
        Action.objects.filter(pk=action.pk).update(completed_on=completed, due=completed)
        recorded_on(action, decided_on)
        action.refresh_from_db()
        services.action_verify(
            action=action, user=manager, signed_off_on=_day(completed, 14),
            note="The Board saw the audit of discharges and agreed the action is done.",
        )  # fmt: skip
    # The decisions are set last: a recommendation made today on a finding records today's
    # decision to act; the demo's decisions were taken in the year.
    for pk, response in decided:
        Finding.objects.filter(pk=pk).update(
            response=response,
            response_reason=NOT_ACTING_REASON if response == "not_acting" else "",
            response_on=decided_on,
            response_by=manager,
        )
    signed_off = _day(commissioned, 180)
    # The draft and the committee came first; the demo has no draft document or IMRs to
    # show, so their steps are recorded as the history would have left them.
    step_record(case=sar.case, step_id="draft-report", on=_day(commissioned, 150), check=False)
    step_record(case=sar.case, step_id="sar-committee", on=_day(commissioned, 165), check=False)
    review.sab_signoff(sar=sar, on=signed_off, publication="full")
    panels_held(sar.case)
    _ongoing_at_year_end(partnership, year.start, manager)
    # The QA&P's and L&I's packs downloaded for their meetings in the year.
    with acting_as(Actor(user=manager)):
        for name in PACK_GROUPS:
            group = Group.objects.get(partnership=partnership, name=name)
            for months in (2, 5, 8, 11):
                meeting = review.add_months(year.start, months)
                record_read(group, what=pack_read_what(meeting, "pdf"))
    return 2


def _ongoing_at_year_end(
    partnership: Partnership, year_start: datetime.date, manager: User
) -> None:
    """A SAR commissioned in the year's summer, beyond six months at its end and still
    going: the adult's advocate was told why in writing."""
    sar = _agreed_sar(partnership, "Walter Imaginary", review.add_months(year_start, 4))
    sar.case.pseudonym = ONGOING
    sar.case.save(update_fields=["pseudonym"])
    step = CaseStep.objects.get(case=sar.case, pathway="sar", step_id="sab-signoff")
    step_extend(
        step=step, new_due=review.add_months(year_start, 16), reason="An inquest is awaited."
    )
    delay.delay_notice(
        sar=sar,
        reasons="The coroner's inquest is awaited; the review waits for its findings.",
        recipients="The adult's sister, as next of kin",
        user=manager,
    )
    # Told when the six months were seen to be passing, inside the year.
    Sar.objects.filter(pk=sar.pk).update(delay_notice_on=review.add_months(year_start, 9))
    panels_held(sar.case)
