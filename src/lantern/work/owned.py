"""Actions waiting for a person: those they own, still open (the tracker's "mine" list,
/actions/?mine=1), and, for a monitoring group's chair, the complete ones the group has
still to sign off."""

import datetime
from typing import Any

from django.urls import reverse

from lantern.access.policy import chaired_groups
from lantern.accounts.models import Role
from lantern.actions.models import Action, ActionStatus
from lantern.actions.selectors import actions_for_user

from .items import WorkItem


def actions_owned(user: Any, today: datetime.date) -> list[WorkItem]:
    """One query: open actions of the person's partnership whose owner is this person.
    The tracker's "mine" (actions_for_user narrowed to the owner) finds the same ones:
    whoever owns an action may read its recommendation (lantern.access.policy), so the
    read rules, a subquery over every recommendation, would filter nothing out here
    (issue 13)."""
    actions = (
        Action.objects.filter(partnership_id=user.partnership_id, owner=user)
        .open()
        .select_related("recommendation__case", "lead_agency")
        .order_by("due", "pk")
    )
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


def actions_to_sign_off(user: Any) -> list[WorkItem]:
    """Complete actions of the groups the person chairs, waiting for the group's sign-off.
    No query for someone who chairs no group (their roles are already loaded); two
    otherwise (the groups, then the actions). The Business Unit may record a sign-off
    for a group, but it is the chair's to bring: listing every group's for them would
    bury their own work."""
    if Role.GROUP_CHAIR not in user.role_set():
        return []
    groups = chaired_groups(user)
    actions = (
        actions_for_user(user)
        .filter(status=ActionStatus.COMPLETE, monitoring_group_id__in=groups)
        .order_by("completed_on", "pk")
    )
    return [
        WorkItem(
            kind="signoff",
            title=f"Sign off action {action.recommendation.label}.{action.number}: {action.title}",
            url=reverse("actions:action", args=[action.pk]),
            due=None,
            case_reference=action.recommendation.case.reference,
            case_title=action.recommendation.case.display_title,
            why=f"Complete; you chair {action.recommendation.monitoring_group}, which signs "
            "it off.",
        )
        for action in actions
    ]
