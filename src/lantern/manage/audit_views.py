"""The audit trail, for the Business Manager (and the read-only auditor) to read and filter."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lantern.access.policy import Perm
from lantern.audit.models import Action, AuditEvent
from lantern.web.listing import page_of

from .access import require_perm
from .forms import AuditFilterForm

PAGE_SIZE = 50


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@require_perm(Perm.VIEW_AUDIT_TRAIL)
def audit_trail(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.for_partnership(request.user.partnership_id)
    object_types = sorted(set(events.values_list("object_type", flat=True).distinct()))
    form = AuditFilterForm(
        request.GET or None,
        actions=Action.choices,
        object_types=[(t, t) for t in object_types],
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
    listing = page_of(request, events.order_by("-at", "-id"), form=form, page_size=PAGE_SIZE)
    return render(
        request,
        "manage/audit_trail.html",
        {"form": form, "page": listing.page, "listing": listing},
    )
