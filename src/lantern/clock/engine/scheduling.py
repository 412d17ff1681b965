"""Scheduling: a timetable, a start date and what has happened → each step's dates.

Chained steps count from their predecessor's actual date once it has happened, else
from its due date. Steps may be held at dates decided by people (`fixed`: an
extension, or dates that must not move now), and pushed on by working days a clock
was paused (`shifts`).
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from .periods import after, before
from .rules import START, StepRule, Timetable
from .workdays import ENGLAND, WorkingCalendar


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Planned:
    step: StepRule
    due: date
    earliest: date | None = None
    basis: str = ""  # how the due date was worked out, in words

    @property
    def id(self) -> str:
        return self.step.id

    @property
    def title(self) -> str:
        return self.step.title


def schedule(
    timetable: Timetable,
    start: date,
    *,
    calendar: WorkingCalendar = ENGLAND,
    anchor: str = START,
    conditions: Collection[str] = (),
    done: Mapping[str, date] | None = None,
    fixed: Mapping[str, tuple[date, date | None]] | None = None,
    shifts: Mapping[str, int] | None = None,
) -> list[Planned]:
    """Every step that applies, in the timetable's order, with its due and earliest dates.

    `done`: the actual date of steps that have happened. `fixed`: (due, earliest) held
    as they are. `shifts`: working days to push a step on (a paused clock).
    """
    if anchor not in dict(timetable.anchor_choices):
        raise ValueError(f"{timetable.pathway} cannot count from {anchor!r}.")
    done, fixed, shifts = done or {}, fixed or {}, shifts or {}
    steps = timetable.steps_for(frozenset(conditions))
    planned: dict[str, Planned] = {}

    def base_of(step: StepRule) -> tuple[date, str]:
        base = timetable.base_of(step, anchor)
        if base == START:
            return start, f"{timetable.start_label} ({long_date(start)})"
        before_it = plan(timetable.step(base))
        if base in done:
            return done[base], f"{before_it.title} (done {long_date(done[base])})"
        return before_it.due, f"{before_it.title} (due {long_date(before_it.due)})"

    def plan(step: StepRule) -> Planned:
        if step.id in planned:
            return planned[step.id]
        if step.id in fixed:
            due, earliest = fixed[step.id]
            result = Planned(step, due, earliest)
        else:
            result = _count(step, *base_of(step), calendar, shifts.get(step.id, 0))
        planned[step.id] = result
        return result

    return [plan(step) for step in steps]


def _count(step: StepRule, base: date, what: str, calendar: WorkingCalendar, shift: int) -> Planned:
    move = before if step.before else after
    due = calendar.add_working_days(move(base, step.period, calendar), shift)
    earliest = None
    if step.earliest is not None:
        earliest = calendar.add_working_days(move(base, step.earliest, calendar), shift)
    basis = f"{step.period} {step.relation} {what[0].lower()}{what[1:]}"
    if shift:
        basis += f", moved on {shift} working day{'s' if shift != 1 else ''} for a pause"
    return Planned(step, due, earliest, basis)
