"""Reads of meetings and decisions that pages share."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from lantern.access.policy import (
    CAPACITY_ACCESS,
    Access,
    Perm,
    can,
    partnership_perms,
)
from lantern.cases.models import Case as LanternCase
from lantern.cases.models import CaseStatus
from lantern.partnerships.models import StatutoryPartner
from lantern.work.items import WorkItem

from .models import Attendance, Decision, Meeting
from .quorum import counts_for, side_for


def meetings_for_case(case: LanternCase) -> QuerySet[Meeting]:
    """The case's meetings, each annotated `quorate` (same rule as quorum.is_quorate:
    None where the pathway's meetings need no quorum) and `to_record` (its day has
    passed and nobody has said whether it was held), so a list shows both without a
    query per meeting."""
    meetings = case.meetings.select_related("case").annotate(
        to_record=Case(
            When(date__lt=timezone.localdate(), held=False, not_held_at__isnull=True, then=True),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    side = side_for(case)
    if side is None:
        meetings = meetings.annotate(quorate=Value(None, output_field=BooleanField(null=True)))
    else:
        meetings = meetings.annotate(
            partners_present=Count(
                "attendance__agency__statutory_partner",
                filter=counts_for(side, "attendance__"),
                distinct=True,
            )
        ).annotate(
            quorate=Case(
                When(partners_present__gte=len(StatutoryPartner.values), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    return meetings.order_by("date", "time", "pk")


#: The meeting list's sorts: order_by() for each `sort` value of MeetingFilterForm.
MEETING_ORDERINGS: dict[str, tuple[Any, ...]] = {
    "date": ("date", "time", "pk"),
    "latest": ("-date", "-time", "-pk"),
    "title": ("title", "date", "pk"),
}


def filter_meetings(
    meetings: QuerySet[Meeting], cleaned: Mapping[str, Any], today: datetime.date | None = None
) -> QuerySet[Meeting]:
    """Narrows meetings_for_case's meetings by the meeting list's search and filters."""
    today = today or timezone.localdate()
    text = (cleaned.get("q") or "").strip()
    if text:
        meetings = meetings.filter(Q(title__icontains=text) | Q(location__icontains=text))
    if cleaned.get("kind"):
        meetings = meetings.filter(kind=cleaned["kind"])
    when = cleaned.get("when")
    if when == "upcoming":
        meetings = meetings.filter(date__gte=today)
    elif when == "past":
        meetings = meetings.filter(date__lt=today)
    elif when == "held":
        meetings = meetings.filter(held=True)
    elif when == "not_held":
        meetings = meetings.filter(not_held_at__isnull=False)
    elif when == "to_record":
        meetings = meetings.filter(date__lt=today, held=False, not_held_at__isnull=True)
    return meetings


#: Capacities whose members run a case (and so record its meetings), from the policy.
_RUNNING = [capacity for capacity, level in CAPACITY_ACCESS.items() if level >= Access.MANAGE]


def meetings_to_record_for(user: Any) -> list[WorkItem]:
    """Past meetings of open cases nobody has recorded as held or not held, for the
    people who run those cases: whoever may change every case (Business Manager,
    Business Unit), and members who lead, chair or run the case. One query."""
    if not (user.is_authenticated and user.is_active and user.partnership_id):
        return []
    today = timezone.localdate()
    meetings = Meeting.objects.to_record(today).filter(
        case__partnership_id=user.partnership_id, case__status=CaseStatus.OPEN
    )
    everyone = Perm.CHANGE_ALL_CASES in partnership_perms(user)
    if everyone:
        why = "You run the partnership's cases"
    else:
        why = "You run this case"
        meetings = meetings.filter(
            case__memberships__person=user, case__memberships__capacity__in=_RUNNING
        ).distinct()
    return [
        WorkItem(
            kind="meeting",
            title=f"Record whether {meeting.title} was held",
            url=reverse(
                "meetings:detail",
                kwargs={"reference": meeting.case.reference, "meeting_id": meeting.pk},
            ),
            due=meeting.date,
            case_reference=meeting.case.reference,
            case_title=meeting.case.display_title,
            why=why,
            overdue=True,
        )
        for meeting in meetings.select_related("case").order_by("date", "time", "pk")
    ]


def decisions_for_case(case: LanternCase) -> QuerySet[Decision]:
    return case.decisions.select_related("case", "meeting", "endorsed_by").order_by(
        "decided_on", "pk"
    )


def attendance_for_meeting(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("agency", "person").order_by("name", "pk")


def case_meetings_context(user: Any, case: LanternCase) -> dict[str, Any]:
    """What `meetings/_case_meetings.html` needs, for the case page."""
    return {
        "meetings": meetings_for_case(case),
        "decisions": decisions_for_case(case),
        "can_schedule_meeting": can(user, Perm.CHANGE_CASE, case),
    }
