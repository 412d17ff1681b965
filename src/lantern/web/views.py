from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from lantern.access.policy import Perm, partnership_perms
from lantern.agencyrequests.selectors import requests_for_user
from lantern.cases.models import Capacity, CaseMembership
from lantern.cases.selectors import my_cases


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    cases = list(my_cases(user).order_by("reference")[:50])
    capacities = dict(
        CaseMembership.objects.filter(person=user, case__in=cases).values_list(
            "case_id", "capacity"
        )
    )
    for case in cases:
        case.my_capacity = Capacity(capacities[case.pk]).label
    perms = partnership_perms(user)
    roles = [str(a) for a in user.role_assignments.select_related("group", "agency")]
    return render(
        request,
        "web/dashboard.html",
        {
            "cases": cases,
            "my_requests": requests_for_user(user),
            "roles": roles,
            "can_manage": Perm.VIEW_ADMINISTRATION in perms,
            "can_audit": Perm.VIEW_AUDIT_TRAIL in perms,
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
