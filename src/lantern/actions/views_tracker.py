"""The tracker: every action a person may see, filtered; and a monitoring group's list."""

import datetime
from itertools import groupby
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case as CaseWhen
from django.db.models import IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lantern.access.policy import Perm, has_perm

from .access import get_group_for_user
from .display import STATE_ORDER, rows_of
from .forms import TrackerFilterForm
from .models import (
    AMBER_WITHIN_DAYS,
    DONE,
    OPEN,
    ActionQuerySet,
    ActionStatus,
    Rag,
    source_pathways,
)
from .selectors import actions_for_group, actions_for_user

PER_PAGE = 50


def rag_q(rag: str, today: datetime.date) -> Q:
    """The RAG of lantern.actions.models.rag_of, as a filter."""
    soon = today + datetime.timedelta(days=AMBER_WITHIN_DAYS)
    not_started = Q(status=ActionStatus.NOT_STARTED, due__gte=today)
    if rag == Rag.RED:
        return Q(status__in=OPEN, due__lt=today)
    if rag == Rag.AMBER:
        return Q(status=ActionStatus.AT_RISK, due__gte=today) | (not_started & Q(due__lte=soon))
    return (
        Q(status=ActionStatus.ON_TRACK, due__gte=today)
        | Q(status__in=DONE)
        | (not_started & Q(due__gt=soon))
    )


def filtered(
    actions: ActionQuerySet, data: dict[str, Any], user: Any, today: datetime.date
) -> ActionQuerySet:
    if data.get("status"):
        actions = actions.in_state(data["status"], today)
    if data.get("rag"):
        actions = actions.filter(rag_q(data["rag"], today))
    if data.get("source"):
        actions = actions.filter(recommendation__case__pathway__in=source_pathways(data["source"]))
    if data.get("lead_agency"):
        actions = actions.filter(lead_agency=data["lead_agency"])
    if data.get("group"):
        actions = actions.filter(recommendation__monitoring_group=data["group"])
    if data.get("mine"):
        actions = actions.filter(owner=user)
    return actions


def _open_first(actions: ActionQuerySet) -> ActionQuerySet:
    done_last = CaseWhen(
        When(status__in=DONE, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return actions.order_by(done_last, "due", "pk")


@login_required
def tracker(request: HttpRequest) -> HttpResponse:
    """Queries: the person's partnership (header), their roles, their groups and agencies
    (the policy), the filters' agencies and groups, the count, and one page of actions with
    everything a row shows joined in: none per row."""
    user: Any = request.user
    today = timezone.localdate()
    form = TrackerFilterForm(request.GET or None, partnership_id=user.partnership_id)
    data = form.cleaned_data if form.is_valid() else {}
    actions = _open_first(filtered(actions_for_user(user), data, user, today))
    page = Paginator(actions, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "actions/tracker.html",
        {
            "form": form,
            "rows": rows_of(page.object_list, today),
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(data and any(data.values())),
            "can_adopt": has_perm(user, Perm.CHANGE_ALL_CASES),
        },
    )


@login_required
def group_actions(request: HttpRequest, group_id: int) -> HttpResponse:
    """A monitoring group's actions by the status shown, overdue first."""
    user: Any = request.user
    group = get_group_for_user(user, group_id)
    today = timezone.localdate()
    rows = rows_of(actions_for_group(user, group.pk).order_by("due", "pk"), today)
    rank: dict[str, int] = {state: n for n, state in enumerate(STATE_ORDER)}
    rows.sort(key=lambda row: rank[row.state])
    sections = [
        (ActionStatus(state).label, list(items))
        for state, items in groupby(rows, key=lambda row: row.state)
    ]
    return render(
        request,
        "actions/group.html",
        {"group": group, "sections": sections, "total": len(rows)},
    )
