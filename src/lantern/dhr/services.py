"""Writes for a DHR up to its overview report. Each validates first, then writes in one
transaction. The Home Office rounds and publication are in `homeoffice.py`."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.cases.models import CaseStatus
from lantern.cases.services import case_open
from lantern.clock.models import CaseStep
from lantern.clock.services import case_schedule
from lantern.workflow.gates import step_problems
from lantern.workflow.services import stage_set, step_check, step_record

from . import rules
from .models import Dhr, Outcome

NOTIFICATION_FIELDS = [
    "notified_on", "notified_by", "full_name", "date_of_birth", "date_of_death",
    "relationship", "suspected_suicide", "circumstances",
]  # fmt: skip


def dhr_notify(*, user: Any, data: dict[str, Any]) -> Dhr:
    """Records the notification of a death to the CSP; opens the case and starts the clock
    (decision 1 month after the notification, report 6 months after the decision)."""
    problems = rules.notification_problems(
        date_of_birth=data["date_of_birth"],
        date_of_death=data["date_of_death"],
        notified_on=data["notified_on"],
        relationship=data["relationship"],
        today=timezone.localdate(),
    )
    if not data["full_name"].strip():
        problems["full_name"] = "Enter the full name of the person who died."
    if not data["circumstances"].strip():
        problems["circumstances"] = "Describe the circumstances of the death."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        case = case_open(
            partnership=user.partnership,
            pathway="dhr",
            title=f"Death notified by {data['notified_by'].strip()}",
            subject_name=data["full_name"],
            subject_date_of_birth=data["date_of_birth"],
            opened_on=data["notified_on"],
        )
        dhr = Dhr.objects.create(
            case=case,
            recorded_by=user,
            notified_on=data["notified_on"],
            notified_by=data["notified_by"].strip(),
            date_of_death=data["date_of_death"],
            relationship=data["relationship"],
            suspected_suicide=data["suspected_suicide"],
            circumstances=data["circumstances"].strip(),
        )
        case_schedule(case=case, pathway="dhr", start=data["notified_on"])
    return dhr


def _today_or_before(on: datetime.date, field: str, what: str) -> None:
    if on > timezone.localdate():
        raise ValidationError({field: f"{what} cannot be in the future."})


def dhr_decide(
    *,
    dhr: Dhr,
    outcome: str,
    rationale: str,
    decided_on: datetime.date,
    home_office_told_on: datetime.date | None = None,
) -> Dhr:
    """The CSP decides whether to conduct a DHR. A decision not to must be sent to the
    Home Office; the case closes once that is recorded."""
    if dhr.outcome:
        raise ValidationError("The decision has already been recorded.")
    problems: dict[str, str] = {}
    if outcome not in Outcome.values:
        problems["outcome"] = "Choose whether to conduct a DHR."
    if not rationale.strip():
        problems["rationale"] = "Give the reasons for the decision."
    if decided_on > timezone.localdate():
        problems["decided_on"] = "The date of the decision cannot be in the future."
    elif decided_on < dhr.notified_on:
        problems["decided_on"] = "The decision cannot come before the notification."
    if home_office_told_on is not None:
        if outcome != Outcome.NO_REVIEW:
            problems["home_office_told_on"] = (
                "Only a decision not to conduct a DHR is sent to the Home Office now."
            )
        elif home_office_told_on < decided_on or home_office_told_on > timezone.localdate():
            problems["home_office_told_on"] = (
                "The Home Office must have been told between the decision and today."
            )
    if problems:
        raise ValidationError(problems)
    dhr.outcome = outcome
    dhr.rationale = rationale.strip()
    dhr.decided_on = decided_on
    with transaction.atomic():
        dhr.save()
        step_record(case=dhr.case, step_id="decision", on=decided_on)
        if outcome == Outcome.CONDUCT:
            stage_set(case=dhr.case, stage="review")
        elif home_office_told_on is not None:
            _tell_home_office(dhr, home_office_told_on)
    return dhr


def home_office_told(*, dhr: Dhr, on: datetime.date) -> Dhr:
    """Records that the Home Office was told of a decision not to conduct a DHR."""
    if dhr.outcome != Outcome.NO_REVIEW:
        raise ValidationError("Only a decision not to conduct a DHR is sent to the Home Office.")
    if dhr.home_office_told_on:
        raise ValidationError("The Home Office has already been told.")
    assert dhr.decided_on is not None
    if on < dhr.decided_on or on > timezone.localdate():
        raise ValidationError({"on": "Enter a date between the decision and today."})
    with transaction.atomic():
        _tell_home_office(dhr, on)
    return dhr


def _tell_home_office(dhr: Dhr, on: datetime.date) -> None:
    dhr.home_office_told_on = on
    dhr.save()
    case = dhr.case
    step_record(case=case, step_id="home-office-told", on=on, check=False)
    case.status, case.closed_on = CaseStatus.CLOSED, on
    case.save(update_fields=["status", "closed_on"])
    # No review: its report will never be due.
    CaseStep.objects.filter(case=case, pathway="dhr", step_id="report").delete()


def chair_appoint(*, dhr: Dhr, name: str, on: datetime.date) -> Dhr:
    """The independent chair (and author) of the review panel."""
    if dhr.outcome != Outcome.CONDUCT:
        raise ValidationError("Appoint a chair once the CSP has decided to conduct a DHR.")
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = "Enter the name of the independent chair."
    if on > timezone.localdate():
        problems["on"] = "The date of appointment cannot be in the future."
    elif gate := step_problems(dhr.case, "chair", on=on):
        problems["on"] = " ".join(gate)
    if problems:
        raise ValidationError(problems)
    dhr.chair_name = name.strip()
    dhr.chair_appointed_on = on
    with transaction.atomic():
        dhr.save()
    return dhr


def overview_report_set(*, dhr: Dhr, document: Any, on: datetime.date | None = None) -> Dhr:
    """The overview report (default: complete within 6 months of the decision)."""
    if dhr.outcome != Outcome.CONDUCT:
        raise ValidationError("Only a DHR that is being conducted has an overview report.")
    if document.case_id != dhr.case_id:
        raise ValidationError({"document": "Choose a document of this review."})
    if document.is_draft:
        raise ValidationError({"document": "A draft cannot be the overview report."})
    on = on or timezone.localdate()
    step_check(dhr.case, "report", on=on)
    dhr.overview_report = document
    with transaction.atomic():
        dhr.save()
        step_record(case=dhr.case, step_id="report", on=on, check=False)
    return dhr
