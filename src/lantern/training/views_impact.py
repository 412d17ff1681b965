"""The impact of training, and the L&D co-ordinator's evaluation report."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from .access import require_manage, require_read


@login_required
def impact(request: HttpRequest) -> HttpResponse:
    require_read(request.user)
    return HttpResponse("Impact")


@login_required
def impact_course(request: HttpRequest, pk: int) -> HttpResponse:
    require_read(request.user)
    return HttpResponse("Impact of a course")


@login_required
def impact_theme(request: HttpRequest, pk: int) -> HttpResponse:
    require_read(request.user)
    return HttpResponse("Impact of a theme")


@login_required
def report(request: HttpRequest) -> HttpResponse:
    require_read(request.user)
    return HttpResponse("Report")


@login_required
def report_docx(request: HttpRequest) -> HttpResponse:
    require_read(request.user)
    return HttpResponse("Report")


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    require_read(request.user)
    return HttpResponse("Report")


@login_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    require_read(request.user)
    return HttpResponse("Report")


@login_required
def report_record(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manage(user)
    return HttpResponse("Record")
