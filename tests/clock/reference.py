"""The clock's old working-day arithmetic, one day at a time: the oracle the vectorised
engine (numpy's business-day functions) is proved identical to (issue 13).

These are the loops lantern.clock.engine.workdays ran before issue 13, kept as they were.
`ReferenceCalendar` plugs them into `schedule`, so `schedule(..., calendar=
ReferenceCalendar(closures))` is the old schedule.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from lantern.clock.engine import WorkingCalendar
from lantern.clock.engine.workdays import FIRST_DAY, LAST_DAY, DateOutOfRange, bank_holidays

_DAY = timedelta(days=1)
SATURDAY = 5


def _checked(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DateOutOfRange(
            f"{day.isoformat()} is outside the working-day calendar "
            f"({FIRST_DAY.year} to {LAST_DAY.year})."
        )
    return day


def reference_is_working_day(closures: frozenset[date], day: date) -> bool:
    return day.weekday() < SATURDAY and day not in bank_holidays(day.year) and day not in closures


def reference_add_working_days(closures: frozenset[date], day: date, count: int) -> date:
    step = _DAY if count >= 0 else -_DAY
    remaining = abs(count)
    _checked(day)
    while remaining:
        day = _checked(day + step)  # the day before was checked: no overflow
        if reference_is_working_day(closures, day):
            remaining -= 1
    return day


def reference_next_working_day(closures: frozenset[date], day: date) -> date:
    _checked(day)
    while not reference_is_working_day(closures, day):
        day = _checked(day + _DAY)
    return day


def reference_previous_working_day(closures: frozenset[date], day: date) -> date:
    _checked(day)
    while not reference_is_working_day(closures, day):
        day = _checked(day - _DAY)
    return day


def reference_working_days_between(closures: frozenset[date], start: date, end: date) -> int:
    count, day = 0, start
    if start < end:
        _checked(start)
        _checked(end)
    while day < end:
        count += reference_is_working_day(closures, day)
        day += _DAY
    return count


@dataclass(frozen=True)
class ReferenceCalendar(WorkingCalendar):
    """A working calendar that counts one day at a time, as the clock did."""

    def is_working_day(self, day: date) -> bool:
        return reference_is_working_day(self.closures, day)

    def add_working_days(self, day: date, count: int) -> date:
        return reference_add_working_days(self.closures, day, count)

    def next_working_day(self, day: date) -> date:
        return reference_next_working_day(self.closures, day)

    def previous_working_day(self, day: date) -> date:
        return reference_previous_working_day(self.closures, day)

    def working_days_between(self, start: date, end: date) -> int:
        return reference_working_days_between(self.closures, start, end)
