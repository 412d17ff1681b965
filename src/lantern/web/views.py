import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache

from lantern.access.policy import (
    Perm,
    can_read_annual_reports,
    can_view_dashboards,
    partnership_perms,
)
from lantern.cases.models import Capacity, Case, CaseMembership
from lantern.cases.selectors import my_cases
from lantern.clock.models import CaseStep
from lantern.clock.selectors import steps_for_cases
from lantern.work.display import sections
from lantern.work.items import WorkItem
from lantern.work.links import case_url
from lantern.work.selectors import kept, work_for_request
from lantern.work.views import due_soon_until


@dataclass(frozen=True)
class CaseCard:
    """One case the person is on, as My work shows it."""

    case: Case
    url: str
    capacity: str
    timeline: list[CaseStep]
    my_items: list[WorkItem]
    returned: bool  # its referral came back to this person
    next_step: CaseStep | None


def _case_cards(user: Any, items: list[WorkItem]) -> list[CaseCard]:
    cases = list(my_cases(user).order_by("reference")[:50])
    capacities = dict(
        CaseMembership.objects.filter(person=user, case__in=cases).values_list(
            "case_id", "capacity"
        )
    )
    steps = steps_for_cases(cases)
    mine: dict[str, list[WorkItem]] = {}
    for item in items:
        mine.setdefault(item.case_reference, []).append(item)
    cards = []
    for case in cases:
        my_items = mine.get(case.reference, [])
        # A returned referral holds the case until it is resent: the timetable's next
        # step is nobody's yet, and must not read as "due soon" to the referrer.
        returned = any(item.kind == "referral" for item in my_items)
        timeline = steps[case.pk]
        cards.append(
            CaseCard(
                case=case,
                url=case_url(case),
                capacity=Capacity(capacities[case.pk]).label,
                timeline=timeline,
                my_items=my_items,
                returned=returned,
                next_step=None
                if returned
                else next((s for s in timeline if s.done_on is None), None),
            )
        )
    return cards


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """My work: everything waiting for the person (lantern.work), by when it is due, then
    the cases they are on with their timelines."""
    user: Any = request.user
    today = timezone.localdate()
    items = work_for_request(user)

    soon_until = functools.cache(lambda: due_soon_until(user, today))

    def waiting() -> str:
        # The sections' rows are most of the page: rendered once, kept with the list.
        shown = sections(items, today, soon_until())
        return render_to_string("web/_work_sections.html", {"sections": shown})

    perms = partnership_perms(user)
    runs_every_case = Perm.CHANGE_ALL_CASES in perms

    cards = functools.cache(lambda: _case_cards(user, items))

    def cards_html() -> str:
        context = {"cases": cards(), "runs_every_case": runs_every_case}
        return render_to_string("web/_work_cards.html", context)

    parts: dict[str, Callable[[], Any]] = {
        "soon_until": soon_until,
        "waiting": waiting,
        "cards": cards,
        "cards_html": cards_html,
        "roles": lambda: [str(a) for a in user.role_assignments.select_related("group", "agency")],
        # The Executive's and the boards' members have no "Reports" in the menu: linked here.
        "reporting": lambda: can_view_dashboards(user) or can_read_annual_reports(user),
    }
    if user.is_active and user.partnership_id:
        # Kept with the list until anything in the partnership changes (issue 13).
        kept_parts = kept(user, **parts)
    else:
        kept_parts = {name: compute() for name, compute in parts.items()}
    return render(
        request,
        "web/dashboard.html",
        {
            "work": items,
            "sections": sections(items, today, kept_parts["soon_until"]),
            "waiting": kept_parts["waiting"],
            "cases": kept_parts["cards"],
            "cards": kept_parts["cards_html"],
            "roles": kept_parts["roles"],
            "reporting": kept_parts["reporting"],
            "runs_every_case": runs_every_case,
            "can_manage": Perm.VIEW_ADMINISTRATION in perms,
            "can_audit": Perm.VIEW_AUDIT_TRAIL in perms,
            "can_record_dhr": Perm.CHANGE_ALL_CASES in perms,
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html")


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
