"""The access policy, asked from templates, so a page offers only the links its reader
may open (issue 12, item 5) under the same rule the linked page applies."""

from typing import Any

from django import template

from lantern.access import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def may_act_for_agency(context: dict[str, Any], case: Any, agency_id: int) -> bool:
    """{% may_act_for_agency case agency_id as may %}: may the reader answer for the agency
    on this case (its return, IMR or update pages)?"""
    return policy.can_act_for_agency(context["request"].user, case, agency_id)


@register.simple_tag(takes_context=True)
def has_perm(context: dict[str, Any], perm: str) -> bool:
    """{% has_perm "view_administration" as may %}: a partnership-wide permission of the
    reader's (lantern.access.policy.Perm, by its value)."""
    return policy.has_perm(context["request"].user, policy.Perm(perm))
