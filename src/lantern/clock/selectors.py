"""Reads of the clock that pages, the command and other apps share.

Steps for a person follow the permission policy through cases_for_user; each function
makes the same number of queries however many steps there are.
"""

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from lantern.cases.models import Case, CaseStatus
from lantern.cases.selectors import cases_for_user
from lantern.clock.engine.timetables import TIMETABLE_NAMES

from .engine import TIMETABLES, Override, Planned, StepRule, Timetable, WorkingCalendar, schedule
from .models import CaseStep, ClockSettings, ClosureDay, LocalTimescale

logger = logging.getLogger(__name__)


def clock_settings(partnership_id: int) -> ClockSettings:
    """The partnership's settings, or the defaults (unsaved) if it has never changed them."""
    found = ClockSettings.objects.filter(partnership_id=partnership_id).first()
    return found or ClockSettings(partnership_id=partnership_id)


def working_calendar(partnership_id: int) -> WorkingCalendar:
    """Bank holidays and weekends, and the partnership's closure days."""
    days = ClosureDay.objects.filter(partnership_id=partnership_id).values_list("date", flat=True)
    return WorkingCalendar.with_closures(days)


def local_timetable(partnership_id: int, pathway: str) -> Timetable:
    """The pathway's timetable with the partnership's own timescales applied.

    A local value the declarations no longer allow (the step has gone, or become
    statutory) is left out, with a warning, rather than stopping every schedule.
    """
    timetable = TIMETABLES[pathway]
    overrides: dict[str, Override] = {}
    for row in LocalTimescale.objects.filter(partnership_id=partnership_id, pathway=pathway):
        try:
            timetable.step(row.step_id).with_amounts(row.amount, row.earliest_amount)
        except (KeyError, ValueError) as error:
            logger.warning("Local timescale %s ignored: %s", row.pk, error)
            continue
        overrides[row.step_id] = Override(row.amount, row.earliest_amount)
    return timetable.localised(overrides)


def timetable_preview(
    *,
    pathway: str,
    start: date,
    partnership_id: int | None = None,
    conditions: Collection[str] = (),
) -> list[Planned]:
    """Each step's dates for a start date, assuming every step happens when due.

    Without a partnership: the defaults (no closures, no local timescales).
    """
    if partnership_id is None:
        return schedule(TIMETABLES[pathway], start, conditions=conditions)
    return schedule(
        local_timetable(partnership_id, pathway),
        start,
        calendar=working_calendar(partnership_id),
        anchor=clock_settings(partnership_id).anchor_for(pathway),
        conditions=conditions,
    )


@dataclass(frozen=True)
class TimescaleRow:
    rule: StepRule  # the default
    local: LocalTimescale | None
    counted_from: str

    @property
    def amount(self) -> int:
        return self.local.amount if self.local else self.rule.period.amount

    @property
    def earliest_amount(self) -> int | None:
        if self.rule.earliest is None:
            return None
        if self.local and self.local.earliest_amount is not None:
            return self.local.earliest_amount
        return self.rule.earliest.amount


@dataclass(frozen=True)
class PathwayTimescales:
    timetable: Timetable
    name: str
    rows: list[TimescaleRow]


def timescales_overview(partnership_id: int, *, settings: ClockSettings) -> list[PathwayTimescales]:
    """Every pathway's steps with their defaults and the partnership's own values (one query)."""
    local = {
        (row.pathway, row.step_id): row
        for row in LocalTimescale.objects.filter(partnership_id=partnership_id)
    }
    return [
        PathwayTimescales(
            timetable,
            TIMETABLE_NAMES[key],
            [
                TimescaleRow(
                    step,
                    local.get((key, step.id)),
                    timetable.counted_from(step, settings.anchor_for(key)),
                )
                for step in timetable.steps
            ],
        )
        for key, timetable in TIMETABLES.items()
    ]


def _with_status(
    steps: list[CaseStep],
    partnership_id: int | None,
    today: date | None,
    calendar: WorkingCalendar | None = None,
) -> list[CaseStep]:
    if not steps or partnership_id is None:
        return steps
    today = today or timezone.localdate()
    due_soon = clock_settings(partnership_id).due_soon_days
    calendar = calendar or working_calendar(partnership_id)
    for step in steps:
        step.status = step.status_on(today, due_soon_days=due_soon, calendar=calendar)
    return steps


def steps_for_case(case: Case, *, today: date | None = None) -> list[CaseStep]:
    """The case's steps in order, each with its `status` (three queries at most)."""
    steps = list(CaseStep.objects.filter(case=case))
    for step in steps:
        step.case = case
    return _with_status(steps, case.partnership_id, today)


def _open_steps_for_user(user: Any) -> QuerySet[CaseStep]:
    cases = cases_for_user(user).filter(status=CaseStatus.OPEN)
    return (
        CaseStep.objects.filter(case__in=cases, done_on__isnull=True)
        .select_related("case")
        .order_by("due", "case__reference", "order")
    )


def next_steps_for_user(user: Any, limit: int = 10, *, today: date | None = None) -> list[CaseStep]:
    """The next steps not yet done on open cases this person may read, soonest first."""
    steps = list(_open_steps_for_user(user)[:limit])
    return _with_status(steps, user.partnership_id, today)


def overdue_for_user(user: Any, *, today: date | None = None) -> list[CaseStep]:
    """Steps past their due date, not done and not paused, on cases this person may read."""
    today = today or timezone.localdate()
    steps = list(_open_steps_for_user(user).filter(due__lt=today, paused_on__isnull=True))
    return _with_status(steps, user.partnership_id, today)


def due_within_for_user(user: Any, days: int, *, today: date | None = None) -> list[CaseStep]:
    """Steps due from today up to `days` working days ahead, not done and not paused."""
    if not user.is_authenticated or not user.partnership_id:
        return []
    today = today or timezone.localdate()
    calendar = working_calendar(user.partnership_id)
    until = calendar.add_working_days(today, days)
    steps = list(
        _open_steps_for_user(user).filter(due__gte=today, due__lte=until, paused_on__isnull=True)
    )
    return _with_status(steps, user.partnership_id, today, calendar)


def steps_for_cases(cases: list[Case], *, today: date | None = None) -> dict[int, list[CaseStep]]:
    """Each case's steps with their status, for lists of cases: a constant number of queries."""
    if not cases:
        return {}
    by_case: dict[int, list[CaseStep]] = {case.pk: [] for case in cases}
    lookup = {case.pk: case for case in cases}
    steps = list(CaseStep.objects.filter(case__in=cases))
    for step in steps:
        step.case = lookup[step.case_id]
        by_case[step.case_id].append(step)
    _with_status(steps, cases[0].partnership_id, today)
    return by_case
