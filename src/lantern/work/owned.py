"""Actions a person owns, still open: the tracker's "mine" list (/actions/?mine=1)."""

import datetime
from typing import Any

from django.urls import reverse

from lantern.actions.selectors import actions_for_user

from .items import WorkItem


def actions_owned(user: Any, today: datetime.date) -> list[WorkItem]:
    """One query once the person's roles are known: the tracker's own read (so the two
    lists agree), open actions only, whose owner is this person."""
    actions = actions_for_user(user).open().filter(owner=user).order_by("due", "pk")
    return [
        WorkItem(
            kind="action",
            title=f"Report progress on action {action.recommendation.label}.{action.number}: "
            f"{action.title}",
            url=reverse("actions:action", args=[action.pk]),
            due=action.due,
            overdue=action.due < today,
            case_reference=action.recommendation.case.reference,
            case_title=action.recommendation.case.display_title,
            why=f"You own this action ({action.lead_agency.name} leads it).",
        )
        for action in actions
    ]
