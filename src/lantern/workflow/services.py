"""The kernel's writes for every pathway: check a step against its declaration, record
the clock's step, move the case's stage, all in one transaction."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.cases.models import Case, CaseStatus
from lantern.clock.models import CaseStep
from lantern.clock.services import step_done

from .declarations import step_of
from .gates import step_problems

#: The stage every pathway ends in (lantern.cases.pathways).
CLOSED = "closed"


def step_happened(*, case: Case, pathway: str, step_id: str, on: datetime.date) -> None:
    """Marks a step of the case's `pathway` timetable done (once), so the steps after it
    count from `on`. A timetable without that step (not scheduled) is left alone."""
    step = CaseStep.objects.filter(case=case, pathway=pathway, step_id=step_id).first()
    if step is not None and step.done_on is None:
        step_done(step=step, on=on)


def stage_set(*, case: Case, stage: str, on: datetime.date | None = None) -> None:
    """Moves the case to a stage of its pathway. The "closed" stage closes the case (on
    `on`, or today): a case cannot read "Closed" and still count as open."""
    if stage not in dict(case.pathway_def.stages):
        raise ValidationError(f"The {case.pathway_def.name} has no stage {stage!r}.")
    case.stage = stage
    fields = ["stage"]
    if stage == CLOSED and case.status != CaseStatus.CLOSED:
        case.status, case.closed_on = CaseStatus.CLOSED, on or timezone.localdate()
        fields += ["status", "closed_on"]
    case.save(update_fields=fields)


def step_check(case: Case, step_id: str, *, user: Any = None, on: datetime.date | None = None,
               **facts: Any) -> None:  # fmt: skip
    """Raises the step's problems (see gates.step_problems), so nothing is written."""
    problems = step_problems(case, step_id, user=user, on=on, **facts)
    if problems:
        raise ValidationError(problems)


def step_record(
    *,
    case: Case,
    step_id: str,
    on: datetime.date,
    user: Any = None,
    check: bool = True,
    **facts: Any,
) -> None:
    """Records a declared step: checked (unless the caller already did, validating
    first), then its clock step done on `on` and the case moved to its stage."""
    step = step_of(case.pathway, step_id)
    if check:
        step_check(case, step_id, user=user, on=on, **facts)
    with transaction.atomic():
        if step.clock:
            step_happened(case=case, pathway=step.clock, step_id=step.key, on=on)
        if step.stage:
            stage_set(case=case, stage=step.stage, on=on)


def returns_complete(*, case: Case, kind: str, step_id: str) -> datetime.date:
    """Every agency has answered its request of `kind`: the step is done on the date of
    the last answer (the step's gate refuses while any is still waiting)."""
    from lantern.agencyrequests.models import AgencyRequest

    step_check(case, step_id)
    answered = AgencyRequest.objects.filter(case=case, kind=kind, submitted_at__isnull=False)
    last = max(timezone.localdate(r.submitted_at) for r in answered)
    step_record(case=case, step_id=step_id, on=last, check=False)
    return last
