"""Periods ("2 working days", "5 weeks", "6 months") and counting them from a date.

Working days are counted one by one (see workdays). Calendar periods add weeks or
months to the date, months by calendar arithmetic (31 January + 1 month is 28 or 29
February); a date that then falls on a non-working day moves forward to the next
working day, or, when counting back ("5 weeks before"), back to the previous one.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .workdays import DateOutOfRange, WorkingCalendar


class Unit(StrEnum):
    WORKING_DAYS = "working-days"
    WEEKS = "weeks"
    MONTHS = "months"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")

    @property
    def bounds(self) -> tuple[int, int]:
        """The amounts a partnership may choose: at least 1, at most about two years."""
        return {Unit.WORKING_DAYS: (1, 500), Unit.WEEKS: (1, 104), Unit.MONTHS: (1, 24)}[self]


@dataclass(frozen=True)
class Period:
    amount: int
    unit: Unit = Unit.WORKING_DAYS

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError(f"A period cannot be negative ({self.amount}).")

    def __str__(self) -> str:
        unit = self.unit.label
        return f"{self.amount} {unit[:-1] if self.amount == 1 else unit}"

    def with_amount(self, amount: int) -> "Period":
        return Period(amount, self.unit)


def add_months(day: date, months: int) -> date:
    """Calendar months later (earlier when negative), keeping the day where the month has it."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _calendar_shift(day: date, period: Period, sign: int) -> date:
    try:
        if period.unit is Unit.WEEKS:
            return day + timedelta(weeks=sign * period.amount)
        return add_months(day, sign * period.amount)
    except (OverflowError, ValueError):  # beyond year 9999 (or before year 1)
        raise DateOutOfRange(f"{period} from {day.isoformat()} is beyond the calendar.") from None


def after(day: date, period: Period, cal: WorkingCalendar) -> date:
    """The due date `period` after `day`, on a working day."""
    if period.unit is Unit.WORKING_DAYS:
        return cal.add_working_days(day, period.amount)
    return cal.next_working_day(_calendar_shift(day, period, 1))


def before(day: date, period: Period, cal: WorkingCalendar) -> date:
    """The date `period` before `day` (back-scheduling), on a working day."""
    if period.unit is Unit.WORKING_DAYS:
        return cal.add_working_days(day, -period.amount)
    return cal.previous_working_day(_calendar_shift(day, period, -1))
