"""Fetching a recommendation, an action or a piece of evidence for the person asking: the
only way the tracker's pages get one.

People who may not read it (another partnership, or not on its case, its monitoring group
or its lead agency) get 404, so they cannot learn that it exists; people who may read it
but not do what they asked get 403. Every read of a page is logged.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404

from lantern.access.policy import (
    Perm,
    can_manage_recommendation,
    can_read_recommendation,
    can_update_action,
    can_verify_action,
    has_perm,
    monitoring_groups,
)
from lantern.audit.recorder import record_read
from lantern.partnerships.models import Group

from .models import Action, Evidence, Recommendation


def _find_recommendation(user: Any, pk: int) -> Recommendation:
    recommendation = (
        Recommendation.objects.filter(partnership_id=user.partnership_id, pk=pk)
        .select_related(
            "case__partnership", "monitoring_group", "owner", "finding", "repeats__case"
        )
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("lead_agency", "owner").order_by("number"),
            )
        )
        .first()
    )
    if recommendation is None or not can_read_recommendation(user, recommendation):
        raise Http404("No such recommendation.")
    return recommendation


def get_recommendation_for_user(user: Any, pk: int) -> Recommendation:
    recommendation = _find_recommendation(user, pk)
    record_read(recommendation, what="recommendation")
    return recommendation


def get_rw_recommendation_for_user(user: Any, pk: int) -> Recommendation:
    """For adding actions and linking repeats: whoever manages the source case."""
    recommendation = _find_recommendation(user, pk)
    if not can_manage_recommendation(user, recommendation):
        raise PermissionDenied("You can read this recommendation but not change it.")
    return recommendation


def _find_action(user: Any, pk: int) -> Action:
    action = (
        Action.objects.filter(recommendation__partnership_id=user.partnership_id, pk=pk)
        .select_related(
            "recommendation__case__partnership",
            "recommendation__monitoring_group",
            "recommendation__owner",
            "lead_agency",
            "owner",
            "verified_by",
        )
        .first()
    )
    if action is None or not can_read_recommendation(user, action.recommendation):
        raise Http404("No such action.")
    return action


def get_action_for_user(user: Any, pk: int) -> Action:
    action = _find_action(user, pk)
    record_read(action, what="action and its updates")
    return action


def get_managed_action_for_user(user: Any, pk: int) -> Action:
    """For asking the lead agency for an update: whoever manages the source case."""
    action = _find_action(user, pk)
    if not can_manage_recommendation(user, action.recommendation):
        raise PermissionDenied("Only whoever runs this review or audit can ask for updates.")
    return action


def get_updatable_action_for_user(user: Any, pk: int) -> Action:
    """For recording progress: the owner, the lead agency, or whoever manages the case."""
    action = _find_action(user, pk)
    if not can_update_action(user, action):
        raise PermissionDenied(f"Only {action.lead_agency} or the action's owner can update it.")
    return action


def get_verifiable_action_for_user(user: Any, pk: int) -> Action:
    """For the sign-off: the monitoring group's chair, or the Business Unit."""
    action = _find_action(user, pk)
    if not can_verify_action(user, action):
        raise PermissionDenied("Only the monitoring group's chair can record its sign-off.")
    return action


def get_evidence_for_user(user: Any, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(action__recommendation__partnership_id=user.partnership_id, pk=pk)
        .select_related("action__recommendation__case")
        .first()
    )
    if evidence is None or not can_read_recommendation(user, evidence.action.recommendation):
        raise Http404("No such evidence.")
    return evidence


def may_see_group_actions(user: Any, group: Group) -> bool:
    """Whether this person may open the group's list of actions."""
    return has_perm(user, Perm.VIEW_ALL_CASES) or group.pk in monitoring_groups(user)


def get_group_for_user(user: Any, group_id: int) -> Group:
    """A monitoring group's list is for its members and chair (and those who read every
    case); to anyone else the group's list does not exist."""
    group = Group.objects.filter(partnership_id=user.partnership_id, pk=group_id).first()
    if group is None or not may_see_group_actions(user, group):
        raise Http404("No such group.")
    record_read(group, what="the actions it monitors")
    return group
