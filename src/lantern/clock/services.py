"""Writes to the clock: a case's schedule and its steps, and a partnership's timescales.

Keyword-only, validation first, one transaction each. The dates come from the engine;
every change of a step's dates is on the audit trail (CaseStep is tracked), with the
reason where a person decided it (an extension, a pause).
"""

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.cases.models import Case
from lantern.partnerships.models import Partnership
from lantern.web.dates import in_range, out_of_range_message

from .engine import TIMETABLES, DateOutOfRange, Planned, long_date, schedule
from .models import CaseStep, ClockSettings, ClosureDay, LocalTimescale
from .selectors import clock_settings, local_timetable, working_calendar


def _plan(
    *,
    case: Case,
    pathway: str,
    start: date,
    steps: list[CaseStep],
    conditions: Collection[str],
    moving: Collection[str] | None = None,
) -> list[Planned]:
    """The engine's dates. Steps outside `moving` (all, when None) stay as they are."""
    held = {
        s.step_id: (s.due, s.earliest)
        for s in steps
        if s.extension_reason or (moving is not None and s.step_id not in moving)
    }
    return schedule(
        local_timetable(case.partnership_id, pathway),
        start,
        calendar=working_calendar(case.partnership_id),
        anchor=clock_settings(case.partnership_id).anchor_for(pathway),
        conditions=conditions,
        done={s.step_id: s.done_on for s in steps if s.done_on},
        fixed=held,
        shifts={s.step_id: s.paused_days for s in steps if s.paused_days},
    )


def _conditions_of(pathway: str, steps: list[CaseStep]) -> set[str]:
    timetable = TIMETABLES[pathway]
    return {
        timetable.step(s.step_id).only_if
        for s in steps
        if timetable.has_step(s.step_id) and timetable.step(s.step_id).only_if
    }


def _write(step: CaseStep, **values: object) -> None:
    changed = [name for name, value in values.items() if getattr(step, name) != value]
    for name in changed:
        setattr(step, name, values[name])
    if changed:
        step.save(update_fields=changed)


def case_schedule(
    *, case: Case, pathway: str, start: date, conditions: Collection[str] | None = None
) -> list[CaseStep]:
    """Creates or updates the case's steps for a pathway's timetable counted from `start`.

    Uses the partnership's closures, local timescales and anchor. Keeps what people
    recorded: dates steps were done, extensions and pauses. `conditions` (e.g.
    {"looked-after"}) add the steps that apply only then; None keeps those already there.
    """
    timetable = TIMETABLES.get(pathway)
    if timetable is None:
        raise ValidationError({"pathway": f"There is no timetable for the pathway {pathway!r}."})
    if not isinstance(start, date):
        raise ValidationError({"start": "Enter the date the timetable starts from."})
    _in_range(start, "start", "The date the timetable starts from")
    known = {key for key, _ in timetable.conditions}
    if conditions is not None and not set(conditions) <= known:
        raise ValidationError(f"Unknown conditions: {', '.join(sorted(set(conditions) - known))}.")
    with transaction.atomic(), _counted("start"):
        steps = list(CaseStep.objects.select_for_update().filter(case=case, pathway=pathway))
        if conditions is None:
            conditions = _conditions_of(pathway, steps)
        by_id = {s.step_id: s for s in steps}
        planned = _plan(case=case, pathway=pathway, start=start, steps=steps, conditions=conditions)
        for order, plan in enumerate(planned, start=1):
            values = {
                "title": plan.title,
                "order": order,
                "start": start,
                "statutory": plan.step.statutory,
            }
            if plan.basis:  # not held at a date a person decided
                values |= {"due": plan.due, "earliest": plan.earliest, "basis": plan.basis}
            if plan.id in by_id:
                _write(by_id.pop(plan.id), **values)
            else:
                CaseStep.objects.create(case=case, pathway=pathway, step_id=plan.id, **values)
        for gone in by_id.values():
            if gone.done_on is None:
                gone.delete()
    return list(CaseStep.objects.filter(case=case, pathway=pathway))


def _rechain(step: CaseStep, moving: set[str]) -> None:
    """Works the dates of `moving` steps out again from the steps they count from."""
    steps = list(CaseStep.objects.select_for_update().filter(case=step.case, pathway=step.pathway))
    steps = [step if s.pk == step.pk else s for s in steps]
    by_id = {s.step_id: s for s in steps}
    planned = _plan(
        case=step.case,
        pathway=step.pathway,
        start=step.start,
        steps=steps,
        conditions=_conditions_of(step.pathway, steps),
        moving=moving,
    )
    for plan in planned:
        if plan.id in moving and plan.basis:
            _write(by_id[plan.id], due=plan.due, earliest=plan.earliest, basis=plan.basis)


def _waiting_dependents(step: CaseStep) -> set[str]:
    """The steps that count from this one, directly or not, and have not happened."""
    anchor = clock_settings(step.case.partnership_id).anchor_for(step.pathway)
    waiting = set(
        CaseStep.objects.filter(
            case=step.case_id, pathway=step.pathway, done_on__isnull=True
        ).values_list("step_id", flat=True)
    )
    return set(TIMETABLES[step.pathway].dependents(step.step_id, anchor)) & waiting


def _in_range(day: date, field: str, what: str) -> None:
    """Every date a step is given is in Lantern's range (lantern.web.dates), whoever calls."""
    if not in_range(day):
        raise ValidationError({field: out_of_range_message(what)})


@contextmanager
def _counted(field: str) -> Iterator[None]:
    """A date that counts beyond the working-day calendar is refused on `field`, and the
    transaction it runs in is rolled back, rather than failing with an overflow."""
    try:
        yield
    except DateOutOfRange:
        raise ValidationError(
            {field: "That date moves the timetable beyond the working-day calendar."}
        ) from None


def _today() -> date:
    return timezone.localdate()


def _need_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": f"Enter the reason for {what}."})
    return reason


def step_done(*, step: CaseStep, on: date) -> CaseStep:
    """Records the date a step happened. Steps counting from it that have not happened
    now count from this date. Done while paused, the pause ends that day."""
    if not isinstance(on, date):
        raise ValidationError({"on": "Enter the date it happened."})
    _in_range(on, "on", "The date it happened")
    if on > _today():
        raise ValidationError({"on": "The date it happened cannot be in the future."})
    with transaction.atomic():
        values: dict[str, object] = {"done_on": on}
        if step.paused_on is not None:
            paused = working_calendar(step.case.partnership_id).working_days_between(
                step.paused_on, on
            )
            values |= {"paused_on": None, "paused_days": step.paused_days + paused}
        _write(step, **values)
        _rechain(step, _waiting_dependents(step))
    return step


def step_extend(*, step: CaseStep, new_due: date, reason: str) -> CaseStep:
    """Sets a step's due date by hand (usually later: an extension; or a date agreed, such
    as a planned publication date), for a recorded reason. The date is then kept when the
    schedule is worked out again; steps counting from it that have not happened move."""
    reason = _need_reason(reason, "the extension")
    if step.done_on is not None:
        raise ValidationError("This step has already happened: it cannot be extended.")
    if not isinstance(new_due, date):
        raise ValidationError({"new_due": "Enter the new due date."})
    _in_range(new_due, "new_due", "The new due date")
    if new_due == step.due:
        raise ValidationError({"new_due": f"The step is already due on {long_date(step.due)}."})
    if step.earliest and new_due < step.earliest:
        raise ValidationError(
            {
                "new_due": f"The new due date cannot be before {long_date(step.earliest)}, "
                "the earliest date for this step."
            }
        )
    with transaction.atomic(), _counted("new_due"):
        moved = "Extended" if new_due > step.due else "Brought forward"
        basis = f"{moved} from {long_date(step.due)}"
        _write(step, due=new_due, extension_reason=reason, basis=basis)
        _rechain(step, _waiting_dependents(step))
    return step


def step_pause(*, step: CaseStep, reason: str, on: date | None = None) -> CaseStep:
    """Stops a step's clock from `on` (today by default), for a recorded reason."""
    reason = _need_reason(reason, "pausing the clock")
    on = on or _today()
    if step.done_on is not None:
        raise ValidationError("This step has already happened: its clock cannot be paused.")
    if step.paused_on is not None:
        raise ValidationError(
            f"This step's clock is already paused since {long_date(step.paused_on)}."
        )
    if on > _today():
        raise ValidationError({"on": "A clock cannot be paused from a date in the future."})
    with transaction.atomic():
        _write(step, paused_on=on, pause_reason=reason)
    return step


def step_resume(*, step: CaseStep, on: date) -> CaseStep:
    """Restarts a paused clock. The step, and the steps counting from it that have not
    happened, move on by the working days it was paused (from the pause day up to `on`)."""
    if step.paused_on is None:
        raise ValidationError("This step's clock is not paused.")
    if not isinstance(on, date) or on < step.paused_on:
        raise ValidationError(
            {"on": f"The clock cannot restart before it was paused ({long_date(step.paused_on)})."}
        )
    _in_range(on, "on", "The date the clock restarts")
    with transaction.atomic(), _counted("on"):
        calendar = working_calendar(step.case.partnership_id)
        paused = calendar.working_days_between(step.paused_on, on)
        values: dict[str, object] = {"paused_on": None, "paused_days": step.paused_days + paused}
        if step.extension_reason and paused:  # held at a date a person chose: move it by hand
            values["due"] = calendar.add_working_days(step.due, paused)
            if step.earliest:
                values["earliest"] = calendar.add_working_days(step.earliest, paused)
        _write(step, **values)
        _rechain(step, {step.step_id} | _waiting_dependents(step))
    return step


def timescale_set(
    *,
    partnership: Partnership,
    pathway: str,
    step_id: str,
    amount: int,
    earliest_amount: int | None = None,
) -> LocalTimescale | None:
    """Sets the partnership's own timescale for a non-statutory step. Setting the default
    removes the local value. Applies to schedules worked out from now on."""
    local = LocalTimescale.objects.filter(
        partnership=partnership, pathway=pathway, step_id=step_id
    ).first() or LocalTimescale(partnership=partnership, pathway=pathway, step_id=step_id)
    local.amount, local.earliest_amount = amount, earliest_amount
    local.full_clean()
    rule = local.rule
    assert rule is not None  # full_clean refuses an unknown step
    is_default = amount == rule.period.amount and (
        earliest_amount is None or rule.earliest is None or earliest_amount == rule.earliest.amount
    )
    with transaction.atomic():
        if is_default:
            if local.pk:
                local.delete()
            return None
        local.save()
    return local


def closure_add(*, partnership: Partnership, on: date, reason: str) -> ClosureDay:
    """Adds a day the partnership is closed: it stops counting as a working day."""
    reason = _need_reason(reason, "the closure")
    calendar = working_calendar(partnership.pk)
    if not calendar.is_working_day(on):
        why = calendar.why_not_working(on)
        raise ValidationError({"date": f"{long_date(on)} is already not a working day ({why})."})
    closure = ClosureDay(partnership=partnership, date=on, reason=reason)
    closure.full_clean()
    with transaction.atomic():
        closure.save()
    return closure


def closure_remove(*, closure: ClosureDay) -> None:
    with transaction.atomic():
        closure.delete()


def clock_settings_save(
    *, partnership: Partnership, rapid_review_anchor: str, due_soon_days: int
) -> ClockSettings:
    settings = ClockSettings.objects.filter(partnership=partnership).first() or ClockSettings(
        partnership=partnership
    )
    settings.rapid_review_anchor = rapid_review_anchor
    settings.due_soon_days = due_soon_days
    settings.full_clean()
    with transaction.atomic():
        settings.save()
    return settings
