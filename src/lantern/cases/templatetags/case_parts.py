"""The parts every case page carries, whatever its pathway: the case's details, who is on
it, its recent history and the ways to its requests, chronology and actions.

An inclusion tag rather than context from each pathway's view, so that the children's,
adults', DHR and audit pages cannot drift apart: each only says where the parts go."""

from typing import Any

from django import template

from lantern.access.policy import Perm, can
from lantern.notifications.selectors import case_history

register = template.Library()


@register.inclusion_tag("cases/_case_parts.html", takes_context=True)
def case_parts(context: template.Context, case: Any) -> dict[str, Any]:
    user = context["request"].user
    return {
        "case": case,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "memberships": case.memberships.select_related("person", "agency"),
        "can_change": can(user, Perm.CHANGE_CASE, case),
        "can_manage_members": can(user, Perm.MANAGE_CASE_MEMBERS, case),
        "open_steps": [s for s in context.get("steps") or [] if not s.done_on],
        "history": case_history(case, reader=user, limit=10),
    }
