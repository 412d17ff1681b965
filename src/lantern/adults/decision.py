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

from . import rules
from .models import SarDecision, SarReferral
from .services import set_stage, step_happened, tell_referrer

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
    step_happened(decision.case, "sar-referral", "decision", decision.decided_on)
    set_stage(decision.case, "decision" if decision.kind != SarDecision.OTHER else "closed")
    tell_referrer(referral, f"the sub-group decided: {decision.kind_label}.")


def decision_record(
    *, referral: SarReferral, kind: str, rationale: str, decided_on: datetime.date, user: Any
) -> Decision:
    problems = rules.decision_problems(kind=kind, criteria=referral.criteria, rationale=rationale)
    if decided_on > timezone.localdate() or decided_on < referral.received_on:
        problems["decided_on"] = "Enter a date between the referral and today."
    if not referral.case.steps.filter(step_id="scoping-returned", done_on__isnull=False).exists():
        problems["__all__"] = "The sub-group decides once every scoping return is in."
    if sar_decision(referral) is not None:
        problems["__all__"] = "The sub-group's decision is already recorded."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        decision = Decision.objects.create(
            case=referral.case,
            kind=kind,
            kind_label=SarDecision(kind).label,
            rationale=rationale.strip(),
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
    with transaction.atomic():
        decision_endorse(decision=decision, user=user)
        step_happened(referral.case, "sar-referral", "chair-agreed", decision.endorsed_on)
    tell_referrer(referral, "the Independent Chair agreed the Safeguarding Adult Review.")
    return decision


def family_notified(*, referral: SarReferral, on: datetime.date, by_whom: str) -> SarReferral:
    decision = sar_decision(referral)
    if decision is None or decision.endorsed_on is None:
        raise ValidationError("The family is told once the Independent Chair agrees the SAR.")
    problems = {}
    if not by_whom.strip():
        problems["by_whom"] = "Enter who told the family (the Independent Chair or a nominee)."
    if on > timezone.localdate() or on < decision.endorsed_on:
        problems["on"] = "Enter a date between the Independent Chair's agreement and today."
    if problems:
        raise ValidationError(problems)
    referral.family_notified_on, referral.family_notified_by = on, by_whom.strip()
    with transaction.atomic():
        referral.save()
    return referral
