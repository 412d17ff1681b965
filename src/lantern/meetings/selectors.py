"""Reads of meetings and decisions that pages share."""

from typing import Any

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When

from lantern.access.policy import Perm, can
from lantern.cases.models import Case as LanternCase
from lantern.partnerships.models import StatutoryPartner

from .models import Attendance, Decision, Meeting

_ATTENDED_PARTNER = Q(attendance__attended=True) & ~Q(attendance__agency__statutory_partner="")


def meetings_for_case(case: LanternCase) -> QuerySet[Meeting]:
    """The case's meetings, each annotated `quorate` (same rule as quorum.is_quorate)
    so a list can show quorum without a query per meeting."""
    return (
        case.meetings.select_related("case")
        .annotate(
            partners_present=Count(
                "attendance__agency__statutory_partner", filter=_ATTENDED_PARTNER, distinct=True
            )
        )
        .annotate(
            quorate=Case(
                When(partners_present__gte=len(StatutoryPartner.values), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("date", "time", "pk")
    )


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
