"""Reporting's landing page: the dashboards, the annual reports and the 360 evaluation."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.access.policy import can_read_annual_reports, can_view_dashboards


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    dashboards, reports = can_view_dashboards(user), can_read_annual_reports(user)
    if not (dashboards or reports):
        raise PermissionDenied("Reporting is for the Business Unit, the Chair and the Executive.")
    return render(
        request, "reports/index.html", {"can_view_dashboards": dashboards, "can_read": reports}
    )
