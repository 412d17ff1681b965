"""Working days: weekdays that are not England & Wales bank holidays or partnership closures.

"N working days after D" is the N-th working day after D. D itself never counts, so when
D is not a working day the first working day after it is day 1.

The arithmetic is numpy's business-day functions (see busdays): on arrays of dates at
once with the `_many` methods, and for one date through a table of the working days that
np.is_busday lists once per calendar. Both give what counting one day at a time gave.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import holidays
import numpy as np

from . import busdays
from .busdays import FIRST_DAY, LAST_DAY, DateOutOfRange, Dates

__all__ = [
    "ENGLAND",
    "FIRST_DAY",
    "LAST_DAY",
    "DateOutOfRange",
    "WorkingCalendar",
    "bank_holidays",
]

SATURDAY = 5


# Large enough to hold every year of the calendar's range at once.
@lru_cache(maxsize=512)
def bank_holidays(year: int) -> frozenset[date]:
    """England & Wales bank holidays of one year that fall on a weekday.

    Substitute days ("Boxing Day (observed)") are weekdays and so are kept; the
    holidays themselves, when on a weekend, are dropped as weekends already don't count.
    """
    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in found if day.weekday() < SATURDAY)


@lru_cache(maxsize=1)
def _bank_holiday_days() -> Dates:
    """Every bank holiday in the calendar's range, as is_working_day reads them: by year."""
    years = range(FIRST_DAY.year, LAST_DAY.year + 1)
    found = [day for year in years for day in bank_holidays(year) if day.year == year]
    return np.array(sorted(found), "M8[D]")


@lru_cache(maxsize=128)
def _busdaycalendar(closures: frozenset[date]) -> np.busdaycalendar:
    """Monday to Friday less bank holidays and closures (numpy drops those on weekends)."""
    closed = np.array(sorted(closures), "M8[D]")
    return np.busdaycalendar(holidays=np.union1d(_bank_holiday_days(), closed))


# About 1.3 MB each: enough for the partnerships one process serves at a time.
@lru_cache(maxsize=32)
def _table(closures: frozenset[date]) -> busdays.Table:
    return busdays.Table(_busdaycalendar(closures))


@dataclass(frozen=True)
class WorkingCalendar:
    """Bank holidays and weekends, plus the closure days a partnership adds."""

    closures: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def with_closures(cls, closures: Iterable[date]) -> "WorkingCalendar":
        return cls(frozenset(closures))

    @property
    def busdaycalendar(self) -> np.busdaycalendar:
        return _busdaycalendar(self.closures)

    @property
    def _table(self) -> busdays.Table:
        return _table(self.closures)

    def is_working_day(self, day: date) -> bool:
        # The definition the numpy calendar is built from; a set lookup is already O(1),
        # and it answers for any date, inside the range or not.
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
        return self._table.add(day, count)

    def next_working_day(self, day: date) -> date:
        """`day` if it is a working day, else the first working day after it."""
        return self._table.roll(day, forward=True)

    def previous_working_day(self, day: date) -> date:
        """`day` if it is a working day, else the last working day before it."""
        return self._table.roll(day, forward=False)

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days from `start` (counted) up to `end` (not counted)."""
        return self._table.between(start, end)

    # Many dates at once: arrays (or lists) of dates in, datetime64[D] arrays out. A date
    # or a count outside the range refuses the whole batch, naming the first such date.

    def is_working_day_many(self, days: Iterable[date] | Dates) -> np.ndarray:
        days = busdays.as_days(days)
        busdays.refuse_missing(days)
        results = np.is_busday(days, busdaycal=self.busdaycalendar)
        outside = (days < busdays.FIRST) | (days > busdays.LAST)
        if outside.any():  # rare: ask the definition, which answers for any date
            results[outside] = [self.is_working_day(day) for day in days[outside].tolist()]
        return results

    def add_working_days_many(
        self, days: Iterable[date] | Dates, counts: int | Iterable[int] | np.ndarray
    ) -> Dates:
        return busdays.add_many(busdays.as_days(days), counts, self.busdaycalendar)

    def next_working_day_many(self, days: Iterable[date] | Dates) -> Dates:
        return busdays.roll_many(busdays.as_days(days), self.busdaycalendar, forward=True)

    def previous_working_day_many(self, days: Iterable[date] | Dates) -> Dates:
        return busdays.roll_many(busdays.as_days(days), self.busdaycalendar, forward=False)

    def working_days_between_many(
        self, starts: Iterable[date] | Dates, ends: Iterable[date] | Dates
    ) -> np.ndarray:
        return busdays.between_many(
            busdays.as_days(starts), busdays.as_days(ends), self.busdaycalendar
        )


ENGLAND = WorkingCalendar()
