"""Working days: weekdays that are not England & Wales bank holidays or partnership closures.

"N working days after D" is the N-th working day after D. D itself never counts, so when
D is not a working day the first working day after it is day 1.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays

_DAY = timedelta(days=1)
SATURDAY = 5
#: The days the calendar counts over. Far wider than any date a person may enter
#: (lantern.web.dates), so a due date years ahead still counts; outside it a date is a
#: mistake, and counting to it would overflow (9999-12-31) or take minutes of holidays.
FIRST_DAY = date(1800, 1, 1)
LAST_DAY = date(2299, 12, 31)


class DateOutOfRange(ValueError):
    """A date, or a count from one, beyond the days the calendar counts over."""


def _checked(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DateOutOfRange(
            f"{day.isoformat()} is outside the working-day calendar "
            f"({FIRST_DAY.year} to {LAST_DAY.year})."
        )
    return day


@lru_cache(maxsize=256)
def bank_holidays(year: int) -> frozenset[date]:
    """England & Wales bank holidays of one year that fall on a weekday.

    Substitute days ("Boxing Day (observed)") are weekdays and so are kept; the
    holidays themselves, when on a weekend, are dropped as weekends already don't count.
    """
    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in found if day.weekday() < SATURDAY)


@dataclass(frozen=True)
class WorkingCalendar:
    """Bank holidays and weekends, plus the closure days a partnership adds."""

    closures: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def with_closures(cls, closures: Iterable[date]) -> "WorkingCalendar":
        return cls(frozenset(closures))

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < SATURDAY
            and day not in bank_holidays(day.year)
            and day not in self.closures
        )

    def why_not_working(self, day: date) -> str:
        """Why a day does not count, in words; empty for a working day."""
        if day.weekday() >= SATURDAY:
            return day.strftime("%A")
        if day in bank_holidays(day.year):
            return "a bank holiday"
        if day in self.closures:
            return "a closure day"
        return ""

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (before it, for a negative count).

        `day` itself never counts; a count of 0 returns `day` unchanged.
        """
        step = _DAY if count >= 0 else -_DAY
        remaining = abs(count)
        _checked(day)
        while remaining:
            day = _checked(day + step)  # the day before was checked: no overflow
            if self.is_working_day(day):
                remaining -= 1
        return day

    def next_working_day(self, day: date) -> date:
        """`day` if it is a working day, else the first working day after it."""
        _checked(day)
        while not self.is_working_day(day):
            day = _checked(day + _DAY)
        return day

    def previous_working_day(self, day: date) -> date:
        """`day` if it is a working day, else the last working day before it."""
        _checked(day)
        while not self.is_working_day(day):
            day = _checked(day - _DAY)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days from `start` (counted) up to `end` (not counted)."""
        count, day = 0, start
        if start < end:
            _checked(start)
            _checked(end)
        while day < end:
            count += self.is_working_day(day)
            day += _DAY
        return count


ENGLAND = WorkingCalendar()
