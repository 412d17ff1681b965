from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from lantern.access.policy import Perm, partnership_perms
from lantern.cases.models import Capacity, CaseMembership
from lantern.cases.selectors import my_cases
from lantern.clock.selectors import clock_settings, steps_for_cases, working_calendar
from lantern.work.display import sections
from lantern.work.items import WorkItem
from lantern.work.links import case_url
from lantern.work.selectors import work_for_request


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """My work: everything waiting for the person (lantern.work), by when it is due, then
    the cases they are on with their timelines."""
    user = request.user
    today = timezone.localdate()
    items = work_for_request(user)
    soon_until = today
    if user.partnership_id:
        calendar = working_calendar(user.partnership_id)
        soon_until = calendar.add_working_days(
            today, clock_settings(user.partnership_id).due_soon_days
        )
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
    for case in cases:
        case.url = case_url(case)
        case.my_capacity = Capacity(capacities[case.pk]).label
        case.timeline = steps[case.pk]
        case.my_items = mine.get(case.reference, [])
        # A returned referral holds the case until it is resent: its timetable's next
        # step is nobody's yet, and must not read as "due soon" to the referrer.
        case.returned = any(i.kind == "referral" for i in case.my_items)
        case.next_step = (
            None if case.returned else next((s for s in case.timeline if s.done_on is None), None)
        )
    perms = partnership_perms(user)
    roles = [str(a) for a in user.role_assignments.select_related("group", "agency")]
    return render(
        request,
        "web/dashboard.html",
        {
            "work": items,
            "sections": sections(items, today, soon_until),
            "cases": cases,
            "roles": roles,
            "runs_every_case": Perm.CHANGE_ALL_CASES in perms,
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
