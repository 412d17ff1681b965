"""An annual report's documents for those who may read annual reports: the DOCX, the
tagged PDF and the standalone page as it will be published. A draft's downloads are
logged as reads: it is confidential until approved."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.access.policy import can_read_annual_reports
from lantern.audit.recorder import record_read
from lantern.documents.models import DRAFT_MARKING
from lantern.publications.public import site_for

from . import documents
from .models import AnnualReport
from .rendering import rendered_sections


def readable_report(user: Any, pk: int) -> AnnualReport:
    """The report, if this person may read annual reports and it is their partnership's;
    404 otherwise (never say whether it exists)."""
    if not can_read_annual_reports(user):
        raise Http404("No such report.")
    report = (
        AnnualReport.objects.select_related("partnership", "approved_by")
        .filter(pk=pk, partnership_id=user.partnership_id)
        .first()
    )
    if report is None or not can_read_annual_reports(user, report.kind):
        raise Http404("No such report.")
    return report


def download(report: AnnualReport, extension: str, *, private: bool) -> HttpResponse:
    if extension == "docx":
        data, content_type = documents.report_docx(report), documents.DOCX_TYPE
    else:
        data, content_type = documents.report_pdf(report), documents.PDF_TYPE
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{documents.filename(report, extension)}"'
    )
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def _document(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    report = readable_report(request.user, pk)
    if report.is_draft:
        record_read(report, what=f"download of the draft ({extension.upper()})")
    return download(report, extension, private=True)


@login_required
def annual_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(request, pk, "docx")


@login_required
def annual_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(request, pk, "pdf")


@login_required
def annual_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The page as the public site will show it, in the public site's frame; marked while
    a draft."""
    report = readable_report(request.user, pk)
    if report.is_draft:
        record_read(report, what="the draft's page")
    context = {
        "site": site_for(report.partnership.slug),
        "report": report,
        "sections": rendered_sections(report),
        "edit_links": False,
        "marking": DRAFT_MARKING,
        "preview": True,
        "title_lines": documents.title_lines(report),
    }
    response = render(request, "reports/report_page.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
