"""The dashboard's filters (pathway, lead agency), and the overdue trend's rule and months.
An action's state at a past day comes from lantern.reports.as_at (from its dates, so an
action completed after the period shows as it stood at the period's end)."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Q

from .as_at import StateAt, completed_by_q, existed_on, state_at_expression, verified_by_q

__all__ = [
    "ANY",
    "LABELS",
    "Filters",
    "existed_on",
    "month_ends",
    "overdue_on",
    "state_at_expression",
]

#: How each state as at a day reads on the page.
LABELS = {str(value): str(label) for value, label in StateAt.choices}


@dataclass(frozen=True)
class Filters:
    pathway: str = ""
    agency_id: int | None = None
    agency_name: str = ""


#: No filter chosen: every pathway and agency (frozen, so one default serves everyone).
ANY = Filters()


def overdue_on(day: datetime.date) -> Q:
    """Actions overdue at the end of `day` (lantern.reports.as_at's rule): made by then,
    neither verified nor completed by then, and past due."""
    return existed_on(day) & ~verified_by_q(day) & ~completed_by_q(day) & Q(due__lt=day)


TREND_MONTHS = 36


def month_ends(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """Each month's end from `start` to `end` (the last TREND_MONTHS of them); the
    period's end alone when the period holds no month's end."""
    days = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        if start <= last <= end:
            days.append(last)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days[-TREND_MONTHS:] or [end]
