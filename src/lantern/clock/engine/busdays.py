"""Working-day arithmetic on numpy's business-day functions, for millions of dates or one.

numpy counts with a calendar of weekends and holidays (`np.busdaycalendar`), built once
per set of closure days. Its conventions differ from Lantern's in two places, fixed here:
- "N working days after D" never counts D, and for a D that is not a working day the
  first working day after it is day 1: numpy's `busday_offset(D, N, roll="backward")`
  (and `roll="forward"` counting back);
- a count of 0 returns D unchanged, working day or not (numpy would roll it).

Every date, and every count from one, stays inside FIRST_DAY..LAST_DAY, else
DateOutOfRange names the first date outside it, as counting one day at a time would.
One date at a time goes through `Table`, the calendar's working days listed once.
"""

from array import array
from collections.abc import Iterable
from datetime import date

import numpy as np

#: The days the calendar counts over. Far wider than any date a person may enter
#: (lantern.web.dates), so a due date years ahead still counts; outside it a date is a
#: mistake, and counting to it would overflow (9999-12-31) or take minutes of holidays.
FIRST_DAY = date(1800, 1, 1)
LAST_DAY = date(2299, 12, 31)
DAY = np.timedelta64(1, "D")
FIRST, LAST = np.datetime64(FIRST_DAY, "D"), np.datetime64(LAST_DAY, "D")
# No count can go further than the span of the calendar: beyond it, it leaves the range.
# Counts are clipped to it so numpy never counts millions of years.
_SPAN = int((LAST - FIRST) // DAY) + 2

Dates = np.ndarray  # datetime64[D]


class DateOutOfRange(ValueError):
    """A date, or a count from one, beyond the days the calendar counts over."""


def outside(day: object) -> DateOutOfRange:
    """The refusal naming `day` (an ISO date, or numpy's day, which prints as one)."""
    return DateOutOfRange(
        f"{day} is outside the working-day calendar ({FIRST_DAY.year} to {LAST_DAY.year})."
    )


def checked(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise outside(day.isoformat())
    return day


def as_days(days: Iterable[date] | np.ndarray | date) -> Dates:
    """Dates (a list, an array of dates or of datetime64) as an array of datetime64[D]."""
    if isinstance(days, np.ndarray):
        return days.astype("M8[D]", copy=False)
    return np.array(days if isinstance(days, date) else list(days), "M8[D]")


def refuse_missing(*arrays: Dates) -> None:
    missing = np.logical_or.reduce([np.isnat(days) for days in arrays])
    if missing.any():
        raise DateOutOfRange(f"Item {int(np.flatnonzero(missing.ravel())[0])} has no date.")


def _refuse_outside(days: Dates) -> None:
    """DateOutOfRange naming the first of `days` outside the range (or missing)."""
    refuse_missing(days)
    bad = (days < FIRST) | (days > LAST)
    if bad.any():
        raise outside(days.ravel()[int(np.flatnonzero(bad.ravel())[0])])


def _refuse_results(results: Dates) -> None:
    """Counting one day at a time stops at the first day beyond the range: name it."""
    beyond = (results > LAST) | (results < FIRST)
    if beyond.any():
        first = results.ravel()[int(np.flatnonzero(beyond.ravel())[0])]
        raise outside(LAST + DAY if first > LAST else FIRST - DAY)


def add_many(
    days: Dates, counts: Iterable[int] | np.ndarray | int, cal: np.busdaycalendar
) -> Dates:
    """The `count`-th working day after each day (before it, for a negative count)."""
    days, steps = np.broadcast_arrays(as_days(days), np.asarray(counts, np.int64))
    _refuse_outside(days)
    steps = np.clip(steps, -_SPAN, _SPAN)
    results = days.copy()
    forward, back = steps > 0, steps < 0
    results[forward] = np.busday_offset(
        days[forward], steps[forward], roll="backward", busdaycal=cal
    )
    results[back] = np.busday_offset(days[back], steps[back], roll="forward", busdaycal=cal)
    _refuse_results(results)
    return results


def roll_many(days: Dates, cal: np.busdaycalendar, *, forward: bool) -> Dates:
    """Each day if it is a working day, else the next (or, not `forward`, previous) one."""
    days = as_days(days)
    _refuse_outside(days)
    results = np.busday_offset(days, 0, roll="forward" if forward else "backward", busdaycal=cal)
    _refuse_results(results)
    return results


def between_many(starts: Dates, ends: Dates, cal: np.busdaycalendar) -> np.ndarray:
    """Working days from each start (counted) up to its end (not counted); 0 if none."""
    starts, ends = np.broadcast_arrays(as_days(starts), as_days(ends))
    refuse_missing(starts, ends)
    counted = starts < ends
    # The start is checked before the end, day by day: so name a bad start first.
    pairs = np.stack([starts[counted], ends[counted]], axis=-1)
    _refuse_outside(pairs)
    results = np.zeros(starts.shape, np.int64)
    results[counted] = np.busday_count(starts[counted], ends[counted], busdaycal=cal)
    return results


def _ints(values: np.ndarray) -> array:
    """Python's own array: indexing it is quicker than indexing numpy's, one at a time."""
    ints = array("i")
    ints.frombytes(values.astype(np.intc).tobytes())
    return ints


class Table:
    """Every working day of the range, listed once (with np.is_busday) for one date at a time.

    A numpy call costs 2–3 µs whatever it does, as much as the old loop over a few days;
    looking a day up here costs a fraction of that, and any count is one lookup.
    """

    def __init__(self, cal: np.busdaycalendar) -> None:
        working = np.is_busday(np.arange(FIRST, LAST + DAY), busdaycal=cal)
        self.first = FIRST_DAY.toordinal()
        # before[i]: how many working days come before day i of the range (0 to its end).
        self.before = _ints(np.concatenate([[0], np.cumsum(working)]))
        # days[k]: the ordinal of the range's k-th working day (from 0).
        self.days = _ints(np.flatnonzero(working) + self.first)

    def add(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (before it, for a negative count)."""
        checked(day)
        if count == 0:
            return day
        index = day.toordinal() - self.first
        # Forward, count on from the working days up to and including `day`; back, from
        # those before it.
        if count > 0:
            return self._day(self.before[index + 1] + count - 1)
        return self._day(self.before[index] + count)

    def roll(self, day: date, *, forward: bool) -> date:
        """`day` if it is a working day, else the next (or previous) one."""
        index = checked(day).toordinal() - self.first
        return self._day(self.before[index] if forward else self.before[index + 1] - 1)

    def between(self, start: date, end: date) -> int:
        if not start < end:
            return 0
        first = checked(start).toordinal() - self.first
        return self.before[checked(end).toordinal() - self.first] - self.before[first]

    def _day(self, found: int) -> date:
        if found >= len(self.days):
            raise outside(LAST + DAY)
        if found < 0:
            raise outside(FIRST - DAY)
        return date.fromordinal(self.days[found])
