"""The SAR decision's parts for pages: its rationale, and apart from it the reason it
differs from the s44 assessment (stored after DIFFERS_PREFIX, never typed by anyone)."""

from typing import Any

from django import template

from lantern.adults import decision as sar_decisions

register = template.Library()


@register.filter
def rationale_only(decision: Any) -> str:
    return sar_decisions.rationale_only(decision)


@register.filter
def differs_reason(decision: Any) -> str:
    return sar_decisions.differs_reason(decision)


@register.filter
def assessed_as(referral: Any) -> str:
    return sar_decisions.assessed_as(referral)
