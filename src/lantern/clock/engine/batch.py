"""Scheduling many cases of one timetable at once: arrays of dates in, arrays out.

The same rules as `schedule` (scheduling.py) on every case, worked out a step at a time
for all cases together with the calendar's `_many` methods. Dates are numpy
datetime64[D] arrays, one item per case; NaT stands for "none": a step not done, not
fixed, or without a window. Give the cases of one anchor and one set of conditions
together (group them first); each case's own dates, done steps, fixed dates and pauses
are arrays.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from .busdays import Dates, as_days
from .periods import Period, Unit
from .rules import START, StepRule, Timetable
from .workdays import ENGLAND, WorkingCalendar

NAT = np.datetime64("NaT", "D")
# Mid-range: any timetable's periods from it stay inside the calendar.
_SAFE = np.datetime64("2050-01-03", "D")


def add_months_many(days: Dates, months: int) -> Dates:
    """Calendar months later (earlier when negative), keeping the day where the month has it."""
    days = as_days(days)
    month = days.astype("M8[M]")
    day_of_month = days - month.astype("M8[D]")
    target = month + months
    last = (target + 1).astype("M8[D]") - target.astype("M8[D]") - np.timedelta64(1, "D")
    return target.astype("M8[D]") + np.minimum(day_of_month, last)


def _shift(days: Dates, period: Period, sign: int) -> Dates:
    days = as_days(days)
    if period.unit is Unit.WEEKS:
        return days + np.timedelta64(7 * sign * period.amount, "D")
    return add_months_many(days, sign * period.amount)


def after_many(days: Dates, period: Period, cal: WorkingCalendar) -> Dates:
    """The due dates `period` after each day, on a working day (periods.after)."""
    if period.unit is Unit.WORKING_DAYS:
        return cal.add_working_days_many(days, period.amount)
    return cal.next_working_day_many(_shift(days, period, 1))


def before_many(days: Dates, period: Period, cal: WorkingCalendar) -> Dates:
    """The dates `period` before each day, on a working day (periods.before)."""
    if period.unit is Unit.WORKING_DAYS:
        return cal.add_working_days_many(days, -period.amount)
    return cal.previous_working_day_many(_shift(days, period, -1))


@dataclass(frozen=True)
class StepDates:
    """One step's dates for every case: due, and the window's opening (NaT if none)."""

    step: StepRule
    due: Dates
    earliest: Dates


def schedule_many(
    timetable: Timetable,
    starts: Iterable[date] | Dates,
    *,
    calendar: WorkingCalendar = ENGLAND,
    anchor: str = START,
    conditions: Collection[str] = (),
    done: Mapping[str, Iterable[date | None] | Dates] | None = None,
    fixed: Mapping[str, tuple[Iterable[date | None] | Dates, Iterable[date | None] | Dates]]
    | None = None,
    shifts: Mapping[str, Iterable[int] | np.ndarray | int] | None = None,
) -> dict[str, StepDates]:
    """Every step that applies, in the timetable's order, with each case's dates.

    `done[step]`: the date each case did the step, NaT (or None) where not done.
    `fixed[step]`: (due, earliest) held where due is not NaT. `shifts[step]`: working
    days each case's step is pushed on (a paused clock). A date outside the calendar
    in any case refuses the whole batch (DateOutOfRange), as `schedule` refuses its case.
    """
    if anchor not in dict(timetable.anchor_choices):
        raise ValueError(f"{timetable.pathway} cannot count from {anchor!r}.")
    starts = as_days(starts)
    if starts.ndim != 1:
        raise ValueError("Give the start dates as a list: one date per case.")
    done_days = {
        key: _per_case(value, starts, f"done[{key!r}]") for key, value in (done or {}).items()
    }
    held = {
        key: (
            _per_case(due, starts, f"fixed[{key!r}]"),
            _per_case(opens, starts, f"fixed[{key!r}]"),
        )
        for key, (due, opens) in (fixed or {}).items()
    }
    pushed = {
        key: np.broadcast_to(np.asarray(value, np.int64), starts.shape)
        for key, value in (shifts or {}).items()
    }
    planned: dict[str, StepDates] = {}

    def base_of(step: StepRule) -> Dates:
        base = timetable.base_of(step, anchor)
        if base == START:
            return starts
        due = plan(timetable.step(base)).due
        if base in done_days:
            return np.where(np.isnat(done_days[base]), due, done_days[base])
        return due

    def plan(step: StepRule) -> StepDates:
        if step.id not in planned:
            held_dates = held.get(step.id)
            planned[step.id] = _count(
                step, base_of(step), held_dates, pushed.get(step.id), calendar
            )
        return planned[step.id]

    steps = timetable.steps_for(frozenset(conditions))
    return {step.id: plan(step) for step in steps}


def _per_case(values: Iterable[date | None] | Dates, starts: Dates, what: str) -> Dates:
    if isinstance(values, np.ndarray):
        days = values.astype("M8[D]", copy=False)
    else:
        days = np.array([NAT if day is None else day for day in values], "M8[D]")
    if days.shape != starts.shape:
        raise ValueError(f"{what} has {days.size} dates for {starts.size} cases.")
    return days


def _count(
    step: StepRule,
    base: Dates,
    held: tuple[Dates, Dates] | None,
    pushed: np.ndarray | None,
    calendar: WorkingCalendar,
) -> StepDates:
    shift = np.zeros(base.shape, np.int64) if pushed is None else pushed
    if held is not None:
        # A held step is not counted (in `schedule` it never is): count from a date that
        # cannot fail, then put the held dates in.
        fixed = ~np.isnat(held[0])
        base = np.where(fixed, _SAFE, base)
        shift = np.where(fixed, 0, shift)
    move = before_many if step.before else after_many
    due = calendar.add_working_days_many(move(base, step.period, calendar), shift)
    earliest = np.full(base.shape, NAT)
    if step.earliest is not None:
        earliest = calendar.add_working_days_many(move(base, step.earliest, calendar), shift)
    if held is not None:
        due = np.where(fixed, held[0], due)
        earliest = np.where(fixed, held[1], earliest)
    return StepDates(step, due, earliest)
