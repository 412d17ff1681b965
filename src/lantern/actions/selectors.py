"""Reads of the tracker that pages and the API share, each limited to what the person may
see under the policy (lantern.access.policy.can_read_recommendation)."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from lantern.access.policy import (
    Perm,
    acting_agencies,
    monitoring_groups,
    partnership_perms,
)
from lantern.agencyrequests.models import AgencyRequest, RequestKind
from lantern.cases.models import CaseMembership

from .models import Action, ActionQuerySet, Finding, Recommendation


def _visible(user: Any) -> Q | None:
    """The filter on Recommendation for this person; None means every one of the
    partnership (the Business Unit, the Independent Chair, the auditor)."""
    if Perm.VIEW_ALL_CASES in partnership_perms(user):
        return None
    # Each part is a set read once through an index (their cases, their groups, the
    # recommendations of the actions they own or their agencies lead), not a subquery
    # run for every recommendation of the partnership: that walked all 9,000 actions of
    # a large partnership on each visit (issue 13).
    cases = CaseMembership.objects.filter(person=user).values("case_id")
    led = Action.objects.filter(Q(owner=user) | Q(lead_agency__in=acting_agencies(user)))
    return (
        Q(case_id__in=cases)
        | Q(monitoring_group__in=monitoring_groups(user))
        | Q(pk__in=led.values("recommendation_id"))
    )


def recommendations_for_user(user: Any) -> QuerySet[Recommendation]:
    # The policy refuses deactivated people everything; the lists agree with it.
    if not user.is_authenticated or not user.is_active or not user.partnership_id:
        return Recommendation.objects.none()
    qs = Recommendation.objects.filter(partnership_id=user.partnership_id)
    visible = _visible(user)
    if visible is not None:
        qs = qs.filter(visible)
    return qs.select_related("case", "monitoring_group", "owner", "finding", "repeats__case")


def visible_repeats(user: Any, recommendations: Iterable[Recommendation]) -> set[int]:
    """Which of the earlier recommendations these repeat the person may read: the others
    are not named (their label is a case reference) nor linked."""
    ids = {r.repeats_id for r in recommendations if r.repeats_id}
    if not ids:
        return set()
    return set(recommendations_for_user(user).filter(pk__in=ids).values_list("pk", flat=True))


#: What a row of the tracker (and the API's list) shows of an action's relations.
ROW_RELATIONS = (
    "recommendation__case",
    "recommendation__monitoring_group",
    "lead_agency",
    "owner",
)


def actions_for_user(user: Any) -> ActionQuerySet:
    if not user.is_authenticated or not user.is_active or not user.partnership_id:
        return Action.objects.none()
    # The partnership is filtered on the action itself, so each list reads an index that
    # leads with it (issue 13); people who may not see every recommendation are then
    # narrowed to those they may.
    actions = Action.objects.filter(partnership_id=user.partnership_id)
    visible = _visible(user)
    if visible is not None:
        recommendations = Recommendation.objects.filter(
            visible, partnership_id=user.partnership_id
        ).values("pk")
        actions = actions.filter(recommendation__in=recommendations)
    return actions.select_related(*ROW_RELATIONS)


def actions_for_group(user: Any, group_id: int) -> ActionQuerySet:
    return actions_for_user(user).filter(monitoring_group_id=group_id)


def findings_for_case(case: Any) -> QuerySet[Finding]:
    return Finding.objects.filter(case=case).prefetch_related("recommendations")


def recommendations_for_case(case: Any) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(case=case)
        .select_related("monitoring_group", "owner", "finding", "repeats__case")
        .prefetch_related("actions__lead_agency", "actions__owner")
    )


def overdue_actions(today: datetime.date | None = None) -> ActionQuerySet:
    """Every overdue action of every partnership (for the reminder command)."""
    return Action.objects.overdue(today or timezone.localdate()).select_related(
        "owner", "lead_agency", "recommendation__case", "recommendation__monitoring_group"
    )


def waiting_update_request(action: Action) -> AgencyRequest | None:
    return (
        AgencyRequest.objects.waiting()
        .filter(
            case_id=action.recommendation.case_id,
            agency_id=action.lead_agency_id,
            kind=RequestKind.ACTION_UPDATE,
            title__startswith=f"Update on action {action.recommendation.label}.{action.number} ",
        )
        .order_by("due")
        .first()
    )
