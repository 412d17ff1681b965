"""The audit trail, for the Business Manager (and the read-only auditor) to read and filter."""

import datetime

from django.apps import apps
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property

from lantern.access.policy import Perm
from lantern.audit.models import Action, AuditEvent
from lantern.audit.selectors import object_types
from lantern.web.listing import page_of

from .access import require_perm
from .forms import AuditFilterForm

PAGE_SIZE = 50
#: Issue 13: the most entries counted, and so paged. Counting a partnership's whole trail
#: (millions of events after some years) would cost more than the page itself; older
#: entries are reached by narrowing the dates.
COUNT_LIMIT = 10_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_LIMIT entries (issue 13): the count reads one more row than
    that off the index and stops, so every page costs the same however long the trail."""

    @cached_property
    def counted(self) -> int:
        return int(self.object_list[: COUNT_LIMIT + 1].count())

    @cached_property
    def count(self) -> int:
        return min(self.counted, COUNT_LIMIT)

    @property
    def capped(self) -> bool:
        return self.counted > COUNT_LIMIT


def kind_name(object_type: str) -> str:
    """A record type as people say it ("Action", "Case membership"), not Django's label
    ("actions.action"); a type whose model has gone keeps its label."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    words = str(model._meta.verbose_name).split()
    words = [w.upper() if w.upper() in _ACRONYMS else w for w in words]
    named = " ".join(words)
    return named[:1].upper() + named[1:]


#: Said as letters: a model named "sar referral" is a "SAR referral", not a "Sar referral".
_ACRONYMS = {"SAR", "CSPR", "DHR", "MACFA", "IMR", "API", "RAG"}


def _kind_choices(types: list[str]) -> list[tuple[str, str]]:
    named = [(t, kind_name(t)) for t in types]
    # Two apps may name a model alike ("Meeting"): their labels tell them apart.
    counts: dict[str, int] = {}
    for _t, name in named:
        counts[name] = counts.get(name, 0) + 1
    return sorted(
        ((t, f"{name} ({t})" if counts[name] > 1 else name) for t, name in named),
        key=lambda choice: choice[1].lower(),
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@require_perm(Perm.VIEW_AUDIT_TRAIL)
def audit_trail(request: HttpRequest) -> HttpResponse:
    """Issue 13: a constant number of queries, each read off an index that leads with
    the partnership, however many events the trail holds."""
    partnership_id = request.user.partnership_id
    events = AuditEvent.objects.for_partnership(partnership_id)
    kinds = _kind_choices(object_types(partnership_id))
    form = AuditFilterForm(
        request.GET or None,
        actions=Action.choices,
        object_types=kinds,
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["who"]:
            events = events.filter(actor_label__icontains=data["who"].strip())
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"])
        if data["date_from"]:
            events = events.filter(at__gte=_start_of(data["date_from"]))
        if data["date_to"]:
            events = events.filter(at__lt=_start_of(data["date_to"] + datetime.timedelta(days=1)))
    elif form.is_bound:
        events = events.none()
    listing = page_of(
        request,
        events.order_by("-at", "-id"),
        form=form,
        page_size=PAGE_SIZE,
        paginator=CappedPaginator,
    )
    names = dict(kinds)
    for event in listing.page.object_list:
        event.kind = names.get(event.object_type) or kind_name(event.object_type)
    return render(
        request,
        "manage/audit_trail.html",
        {"form": form, "page": listing.page, "listing": listing, "count_limit": f"{COUNT_LIMIT:,}"},
    )
