"""The tracker: every action a person may see, filtered; and a monitoring group's list."""

import datetime
from collections.abc import Mapping
from itertools import groupby
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lantern.access.policy import Perm, has_perm
from lantern.web.listing import page_of, paginate_list

from .access import get_group_for_user
from .by_state import ByState
from .display import rows_of
from .forms import TrackerFilterForm
from .models import (
    AMBER_WITHIN_DAYS,
    DONE,
    OPEN,
    Action,
    ActionQuerySet,
    ActionStatus,
    Rag,
    source_pathways,
)
from .selectors import ROW_RELATIONS, actions_for_group, actions_for_user

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
    actions: ActionQuerySet, data: Mapping[str, Any], user: Any, today: datetime.date
) -> ActionQuerySet:
    """Narrows `actions` by the tracker's search and filters (blank ones are skipped).

    The search looks in the action's title, its case's reference and pseudonym, the lead
    agency and the owner: never in the case's subject, whose name the tracker never shows."""
    text = (data.get("q") or "").strip()
    if text:
        actions = actions.filter(
            Q(title__icontains=text)
            | Q(recommendation__case__reference__icontains=text)
            | Q(recommendation__case__pseudonym__icontains=text)
            | Q(lead_agency__name__icontains=text)
            | Q(owner__full_name__icontains=text)
        )
    if data.get("status"):
        actions = actions.in_state(data["status"], today)
    if data.get("rag"):
        actions = actions.filter(rag_q(data["rag"], today))
    if data.get("source"):
        actions = actions.filter(recommendation__case__pathway__in=source_pathways(data["source"]))
    if data.get("lead_agency"):
        actions = actions.filter(lead_agency=data["lead_agency"])
    if data.get("group"):
        actions = actions.filter(monitoring_group=data["group"])
    if data.get("mine"):
        actions = actions.filter(owner=user)
    return actions


#: The tracker's sorts: order_by() for each `sort` value of TrackerFilterForm. The id
#: comes last so that no action is on two pages. "open_first" puts complete and verified
#: actions after the open ones by the stored `closed` column, so that it is the order of
#: an index (issue 13), not a sort of every action the person may see.
TRACKER_ORDERINGS: dict[str, tuple[Any, ...]] = {
    "open_first": ("closed", "due", "pk"),
    "due": ("due", "pk"),
    "due_desc": ("-due", "pk"),
    "reference": ("recommendation__case__reference", "recommendation__number", "number", "pk"),
    "lead_agency": ("lead_agency__name", "due", "pk"),
}


class IdsFirst:
    """The tracker's actions for the paginator: a page is read as its ids alone (the
    filters and the order, no joins), then those actions with everything a row shows.

    Joined first, PostgreSQL without statistics (a freshly loaded database) joined and
    sorted all 9,000 actions of a large partnership to keep 50 (116 ms); the ids alone
    are the order of an index (action_open_first) or a sort of two columns (issue 13)."""

    ordered = True  # the paginator's check: order_by() has been applied

    def __init__(self, actions: ActionQuerySet) -> None:
        self.actions = actions

    def order_by(self, *fields: Any) -> "IdsFirst":
        return IdsFirst(self.actions.order_by(*fields))

    def count(self) -> int:
        return self.actions.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Any]:
        ids = list(self.actions.values_list("pk", flat=True)[index])
        rows = Action.objects.filter(pk__in=ids).select_related(*ROW_RELATIONS)
        by_id = {action.pk: action for action in rows}
        return [by_id[pk] for pk in ids]


def _choices_read_once(form: forms.Form, *names: str) -> None:
    """Each filter's options from one plain read. A ModelChoiceField reads its options
    through queryset.iterator(), which on PostgreSQL is a server-side cursor (DECLARE,
    FETCH, CLOSE, the rows kept past the transaction): three round trips for forty
    agencies on every visit (issue 13). Choosing still checks the value against the
    queryset, as before."""
    for name in names:
        field = form.fields[name]
        assert isinstance(field, forms.ModelChoiceField) and field.queryset is not None
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        field.choices = [
            *empty,
            *((obj.pk, field.label_from_instance(obj)) for obj in list(field.queryset)),
        ]


@login_required
def tracker(request: HttpRequest) -> HttpResponse:
    """Queries: the person's partnership (header), their roles, their groups and agencies
    (the policy), the filters' agencies and groups, the count, and one page of actions with
    everything a row shows joined in: none per row."""
    user: Any = request.user
    today = timezone.localdate()
    form = TrackerFilterForm(request.GET, partnership_id=user.partnership_id)
    _choices_read_once(form, "lead_agency", "group")
    listing = paginate_list(
        request,
        actions_for_user(user),
        form=form,
        apply=lambda actions, data: IdsFirst(filtered(actions, data, user, today)),  # type: ignore[arg-type,return-value]
        sorts=TRACKER_ORDERINGS,
        default_sort="open_first",
        page_size=PER_PAGE,
    )
    # Style the fields now that they are validated: the error classes and aria links.
    listing.form.get_context()
    return render(
        request,
        "actions/tracker.html",
        {
            "form": listing.form,
            "listing": listing,
            "rows": rows_of(listing.items, today),
            "page": listing.page,
            "filtered": listing.filtered,
            "can_adopt": has_perm(user, Perm.CHANGE_ALL_CASES),
        },
    )


@login_required
def group_actions(request: HttpRequest, group_id: int) -> HttpResponse:
    """A monitoring group's actions by the status shown, overdue first, a page at a time.

    Queries beyond the person's: the group, the count of each status, one page of actions
    with everything a row shows joined in (lantern.actions.by_state)."""
    user: Any = request.user
    group = get_group_for_user(user, group_id)
    today = timezone.localdate()
    actions = ByState(actions_for_group(user, group.pk), today)
    listing = page_of(request, actions, form=forms.Form(), page_size=PER_PAGE)  # type: ignore[arg-type]
    sections = [
        (ActionStatus(state).label, actions.counts[state], list(rows))
        for state, rows in groupby(rows_of(listing.items, today), key=lambda row: row.state)
    ]
    return render(
        request,
        "actions/group.html",
        {"group": group, "sections": sections, "listing": listing, "page": listing.page},
    )
