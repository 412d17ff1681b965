"""The annual reports on the public site, no sign-in: only an approved report with a
publication date that has come. Anything else is 404, so nobody learns a draft exists."""

import datetime

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lantern.publications.public import Site, site_for

from .documents import title_lines
from .models import AnnualReport, ReportKind, ReportStatus
from .rendering import rendered_sections
from .views_documents import download

DOCUMENT_SECONDS = 24 * 60 * 60


def _site(slug: str) -> Site:
    site = site_for(slug)
    if site is None:
        raise Http404("No such partnership.")
    return site


def published_reports(partnership_id: int, today: datetime.date):
    return AnnualReport.objects.filter(
        partnership_id=partnership_id,
        status=ReportStatus.APPROVED,
        published_on__isnull=False,
        published_on__lte=today,
    ).select_related("partnership", "approved_by")


def _published(site: Site, year: int, kind: str) -> AnnualReport:
    if kind not in ReportKind.values:
        raise Http404("No such report.")
    found = (
        published_reports(site.id, timezone.localdate())
        .filter(kind=kind, year_start__year=year)
        .first()
    )
    if found is None:
        raise Http404("No such report.")
    return found


def report_list(request: HttpRequest, partnership: str) -> HttpResponse:
    site = _site(partnership)
    reports = published_reports(site.id, timezone.localdate())
    return render(request, "reports/public_list.html", {"site": site, "reports": reports})


def report(request: HttpRequest, partnership: str, year: int, kind: str) -> HttpResponse:
    site = _site(partnership)
    found = _published(site, year, kind)
    context = {
        "site": site,
        "report": found,
        "sections": rendered_sections(found),
        "edit_links": False,
        "preview": False,
        "title_lines": title_lines(found),
    }
    return render(request, "reports/report_page.html", context)


def _public_download(partnership: str, year: int, kind: str, extension: str) -> HttpResponse:
    """An approved report is frozen, so its document is written once and kept: anyone may
    ask for it, and writing a PDF takes seconds."""
    found = _published(_site(partnership), year, kind)
    key = f"public-annual-report:{found.pk}:v{found.version}:{extension}"
    response = cache.get(key)
    if response is None:
        response = download(found, extension, private=False)
        cache.set(key, response, DOCUMENT_SECONDS)
    return response


def report_pdf(request: HttpRequest, partnership: str, year: int, kind: str) -> HttpResponse:
    return _public_download(partnership, year, kind, "pdf")


def report_docx(request: HttpRequest, partnership: str, year: int, kind: str) -> HttpResponse:
    return _public_download(partnership, year, kind, "docx")
