"""A finding's decision: will it be implemented? The SAB's annual report must give the
reason for not implementing any SAR finding (Care Act 2014 Sch. 2 para 4(1)(g)), so
Lantern asks for the reason whenever a finding is decided "not to be implemented".

Finding is tracked by the audit trail (lantern/actions/apps.py), so every decision and
every change of it is recorded there with who and when."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lantern.access.policy import Perm, can
from lantern.web.versioning import save_versioned

from .models import DONE, Action, Finding, FindingResponse

DECISION_FIELDS = ["response", "response_reason", "response_on", "response_by"]


def open_action_references(finding: Finding) -> list[str]:
    """The recommendations of the finding that still have open actions ("R2"), in order."""
    numbers = (
        Action.objects.filter(recommendation__finding=finding)
        .exclude(status__in=DONE)
        .values_list("recommendation__number", flat=True)
        .distinct()
        .order_by("recommendation__number")
    )
    return [f"recommendation {n}" for n in numbers]


def finding_respond(
    *,
    finding: Finding,
    response: str,
    reason: str,
    on: datetime.date | None,
    user: Any,
    version: int | None = None,
    seen: dict[str, str] | None = None,
) -> Finding:
    """Records the decision on a finding, or changes it. Everything is checked first;
    a refusal is a ValidationError naming the field, and nothing is saved."""
    case = finding.case
    if not can(user, Perm.CHANGE_CASE, case):
        raise PermissionDenied("Only whoever runs this review or audit can decide on its findings.")
    reason = reason.strip()
    errors: dict[str, str] = {}
    if response not in (FindingResponse.ACT, FindingResponse.NOT_ACTING):
        errors["response"] = "Say whether the finding will be implemented."
    elif response == FindingResponse.NOT_ACTING:
        if not reason:
            errors["reason"] = "Enter why the finding will not be implemented."
        elif open_refs := open_action_references(finding):
            errors["response"] = (
                "The finding cannot be decided not to be implemented while "
                f"{', '.join(open_refs)} still "
                f"{'has' if len(open_refs) == 1 else 'have'} open actions: "
                "complete or close them first."
            )
    if on is None:
        errors["on"] = "Enter the date of the decision."
    elif on > timezone.localdate():
        errors["on"] = "The date of the decision must be today or in the past."
    elif on < case.opened_on:
        errors["on"] = (
            f"The date of the decision must be on or after the day the case opened "
            f"({case.opened_on:%-d %B %Y})."
        )
    if errors:
        raise ValidationError(errors)
    finding.response = response
    # A reason is kept only for a decision not to act: "act" needs none.
    finding.response_reason = reason if response == FindingResponse.NOT_ACTING else ""
    finding.response_on = on
    finding.response_by = user
    # Someone who decided in between is not overwritten unseen (EditConflict).
    save_versioned(finding, DECISION_FIELDS, version=version, seen=seen)
    return finding


def finding_acted_on(finding: Finding, *, user: Any, on: datetime.date) -> None:
    """A recommendation made for an undecided finding decides it "to be implemented" that
    day (called inside the recommendation's transaction)."""
    if finding.response == FindingResponse.UNDECIDED:
        finding.response = FindingResponse.ACT
        finding.response_reason = ""
        finding.response_on = on
        finding.response_by = user
        save_versioned(finding, DECISION_FIELDS, version=None)
