"""One section of My work on its own page (overdue, due soon, later, undated), a page at a
time: My work shows each section's first few items and links here for the rest (issue 13)."""

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lantern.clock.selectors import clock_settings, working_calendar
from lantern.web.listing import page_of

from .display import SECTIONS, SLUGS, row_of, tag_of
from .selectors import kept, work_for_request

PER_PAGE = 25
_HEADINGS = {slug: heading for heading, slug in SLUGS.items()}


def due_soon_until(user: Any, today: datetime.date) -> datetime.date:
    """The last day that counts as "due soon": the partnership's due-soon working days on."""
    if not user.partnership_id:
        return today
    calendar = working_calendar(user.partnership_id)
    return calendar.add_working_days(today, clock_settings(user.partnership_id).due_soon_days)


@login_required
def section(request: HttpRequest, slug: str) -> HttpResponse:
    heading = _HEADINGS.get(slug)
    if heading is None:
        raise Http404("No such part of My work.")
    user: Any = request.user
    today = timezone.localdate()
    # Kept with the list, as on My work (issue 13).
    soon_until = (
        kept(user, soon_until=lambda: due_soon_until(user, today))["soon_until"]
        if user.is_active and user.partnership_id
        else today
    )
    found = [
        item
        for item in work_for_request(user)
        if SECTIONS[tag_of(item, today, soon_until)[0]] == heading
    ]
    listing = page_of(request, found, form=forms.Form(), page_size=PER_PAGE)  # type: ignore[arg-type]
    return render(
        request,
        "web/work_section.html",
        {
            "heading": heading,
            "listing": listing,
            "page": listing.page,
            "rows": [row_of(item, today, soon_until) for item in listing.items],
        },
    )
