"""The sub-group's decision (6 to 8 weeks), the Independent Chair's agreement (10 working
days after it) and the family told. The decision is the meetings kernel's Decision: made
at a SAR Panel meeting, or recorded directly when the sub-group decided elsewhere."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.meetings.models import Decision
from lantern.meetings.services import decision_endorse
from lantern.workflow.gates import step_problems
from lantern.workflow.rules import ReasonIfDiffers
from lantern.workflow.services import stage_set, step_check, step_happened, step_record

from . import rules
from .models import SarDecision, SarReferral
from .services import tell_referrer

#: Where the reason for deciding other than the s44 assessment is kept: the meetings
#: kernel's Decision has one rationale, so the reason is its last paragraph, so prefixed.
#: Lantern writes the prefix itself from the decision form's own field ("Why the decision
#: differs from the s44 assessment"): nobody is asked to type it (found on a walk).
DIFFERS_PREFIX = "Why this differs from the s44 assessment: "

SAR_DECISIONS = tuple(SarDecision.choices)


def sar_decision(referral: SarReferral) -> Decision | None:
    """The referral's decision: the latest one recorded before any SAR was commissioned."""
    return (
        Decision.objects.filter(case=referral.case, kind__in=SarDecision.values)
        .order_by("-decided_on", "-pk")
        .first()
    )


def after_decision(decision: Decision) -> None:
    """What any SAR decision does (also called by the meetings kernel for a panel meeting)."""
    referral = decision.case.sar_referral
    step_happened(
        case=decision.case, pathway="sar-referral", step_id="decision", on=decision.decided_on
    )
    stage_set(
        case=decision.case, stage="decision" if decision.kind != SarDecision.OTHER else "closed"
    )
    tell_referrer(referral, f"the sub-group decided: {decision.kind_label}.")


def differs_reason(decision: Decision) -> str:
    """The recorded reason a decision differs from the referral's s44 assessment, if any."""
    _, found, reason = decision.rationale.rpartition(DIFFERS_PREFIX)
    return reason.strip() if found else ""


def rationale_only(decision: Decision) -> str:
    """The decision's rationale without the reason it differs from the s44 assessment:
    the reason is shown on its own, and never sent to agencies (IMR instructions)."""
    return without_differs(decision.rationale)


def without_differs(text: str) -> str:
    """`text` with any "Why this differs from the s44 assessment" paragraph taken out."""
    before, found, _ = text.rpartition(DIFFERS_PREFIX)
    return before.rstrip() if found else text.strip()


def assessed_as(referral: SarReferral) -> str:
    """How the s44 answers assessed the referral, in a sentence for the decision page."""
    if not referral.criteria:
        return "The referral has no s44 assessment recorded."
    label = SarDecision(referral.criteria).label
    return f"The referral was assessed as {label[0].lower()}{label[1:]}."


def decision_record(
    *,
    referral: SarReferral,
    kind: str,
    rationale: str,
    decided_on: datetime.date,
    user: Any,
    reason: str = "",
) -> Decision:
    """The sub-group's decision. One that differs from the s44 assessment (mandatory for a
    referral assessed as discretionary, or the reverse) needs `reason` (Care Act s44)."""
    problems: dict[str, Any] = dict(
        rules.decision_problems(kind=kind, criteria=referral.criteria, rationale=rationale)
    )
    if decided_on > timezone.localdate() or decided_on < referral.received_on:
        problems["decided_on"] = "Enter a date between the referral and today."
    if sar_decision(referral) is not None:
        problems["__all__"] = ["The sub-group's decision is already recorded."]
    else:
        # The reason a decision differs from the assessment has its own field on the form:
        # its problem is shown there, not as a rule about the rationale's wording.
        differs = step_problems(
            referral.case, "decision", only=(ReasonIfDiffers,), kind=kind, reason=reason
        )
        gate = step_problems(referral.case, "decision", on=decided_on, kind=kind, reason=reason)
        if differs:
            problems["reason"] = [
                f"Enter why the decision differs from the s44 assessment. {assessed_as(referral)}"
            ]
        if others := [p for p in gate if p not in differs]:
            problems["__all__"] = others
    if problems:
        raise ValidationError(problems)
    text = rationale.strip()
    if reason.strip() and kind != referral.criteria:
        text += f"\n\n{DIFFERS_PREFIX}{reason.strip()}"
    with transaction.atomic():
        decision = Decision.objects.create(
            case=referral.case,
            kind=kind,
            kind_label=SarDecision(kind).label,
            rationale=text,
            decided_on=decided_on,
            recorded_by=user,
        )
        after_decision(decision)
    return decision


def chair_agree(*, referral: SarReferral, user: Any) -> Decision:
    """The Independent Chair agrees the SAR (the kernel's endorsement)."""
    decision = sar_decision(referral)
    if decision is None or decision.kind == SarDecision.OTHER:
        raise ValidationError("There is no decision to convene a SAR to agree.")
    step_check(referral.case, "chair-agreed", user=user)
    with transaction.atomic():
        decision_endorse(decision=decision, user=user)
        step_record(
            case=referral.case, step_id="chair-agreed", on=decision.endorsed_on, check=False
        )
    tell_referrer(referral, "the Independent Chair agreed the Safeguarding Adult Review.")
    return decision


def family_notified(*, referral: SarReferral, on: datetime.date, by_whom: str) -> SarReferral:
    decision = sar_decision(referral)
    if decision is None or decision.endorsed_on is None:
        raise ValidationError("The family is told once the Independent Chair agrees the SAR.")
    problems: dict[str, Any] = {}
    if not by_whom.strip():
        problems["by_whom"] = "Enter who told the family (the Independent Chair or a nominee)."
    if on > timezone.localdate():
        problems["on"] = "The date the family was told cannot be in the future."
    gate = step_problems(referral.case, "family-notified", on=on)
    if gate:
        problems["on"] = gate
    if problems:
        raise ValidationError(problems)
    referral.family_notified_on, referral.family_notified_by = on, by_whom.strip()
    with transaction.atomic():
        referral.save()
    return referral
