from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from lantern.access.policy import Perm, partnership_perms
from lantern.agencyrequests.selectors import requests_for_user
from lantern.cases.models import Capacity, CaseMembership
from lantern.cases.selectors import my_cases
from lantern.clock.engine.status import Status
from lantern.clock.selectors import due_within_for_user, overdue_for_user, steps_for_cases


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    cases = list(my_cases(user).order_by("reference")[:50])
    capacities = dict(
        CaseMembership.objects.filter(person=user, case__in=cases).values_list(
            "case_id", "capacity"
        )
    )
    steps = steps_for_cases(cases)
    for case in cases:
        case.my_capacity = Capacity(capacities[case.pk]).label
        case.timeline = steps[case.pk]
        case.next_step = next((s for s in case.timeline if s.done_on is None), None)
    perms = partnership_perms(user)
    roles = [str(a) for a in user.role_assignments.select_related("group", "agency")]
    return render(
        request,
        "web/dashboard.html",
        {
            "cases": cases,
            "my_requests": requests_for_user(user),
            "overdue": overdue_for_user(user),
            # Due within five working days (this week), not already overdue.
            "due_this_week": [
                s for s in due_within_for_user(user, 5) if s.status != Status.OVERDUE
            ],
            "roles": roles,
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
