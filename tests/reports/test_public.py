"""Issue 16: the public site shows only approved annual reports whose publication date has
come, with no sign-in, and their PDF and DOCX; a draft, an approved report not yet
published or published in the future, and another partnership's report are 404, and the
list never mentions them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lantern.documents.models import DRAFT_MARKING
from lantern.reports.models import ReportStatus
from tests.factories import PartnershipFactory

from .report_fixtures import make_report

pytestmark = pytest.mark.django_db


def urls(report, slug=None):
    args = {
        "partnership": slug or report.partnership.slug,
        "year": report.year_start.year,
        "kind": report.kind,
    }
    return [
        reverse(f"reports_public:{name}", kwargs=args)
        for name in ("report", "report_pdf", "report_docx")
    ]


def test_a_published_report_is_shown_without_signing_in_with_its_downloads(client):
    today = timezone.localdate()
    report = make_report(PartnershipFactory(), status=ReportStatus.APPROVED, published_on=today)
    page, pdf, docx = urls(report)
    listing = client.get(reverse("reports_public:list", args=[report.partnership.slug]))
    assert listing.status_code == 200 and page in listing.content.decode()
    html = client.get(page).content.decode()
    assert "What the Board did to achieve its objective" in html
    assert "SAR-2024-003 (Adult D)" in html and DRAFT_MARKING not in html
    assert pdf in html and docx in html
    assert "<script" not in html and 'style="' not in html  # the CSP allows neither
    response = client.get(pdf)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get(docx)["Content-Disposition"] == (
        f'attachment; filename="{report.partnership.short_name} annual report 2025 to 2026.docx"'
    )


@pytest.mark.parametrize(
    "status, published",
    [
        (ReportStatus.DRAFT, None),
        (ReportStatus.SUBMITTED, None),
        (ReportStatus.APPROVED, None),
        (ReportStatus.APPROVED, "tomorrow"),
    ],
)
def test_drafts_and_unpublished_reports_are_404_and_not_listed(client, status, published):
    on = timezone.localdate() + datetime.timedelta(days=1) if published else None
    report = make_report(PartnershipFactory(), status=status, published_on=on)
    for url in urls(report):
        assert client.get(url).status_code == 404
    listing = client.get(reverse("reports_public:list", args=[report.partnership.slug]))
    assert "No annual report has been published yet." in listing.content.decode()


def test_another_partnerships_report_is_404_under_this_partnerships_address(client):
    report = make_report(
        PartnershipFactory(), status=ReportStatus.APPROVED, published_on=timezone.localdate()
    )
    other = PartnershipFactory()
    for url in urls(report, slug=other.slug):
        assert client.get(url).status_code == 404
    assert client.get(f"/p/{other.slug}/annual-reports/2025/nonsense/").status_code == 404
    assert client.get("/p/no-such-partnership/annual-reports/").status_code == 404


def test_the_learning_page_links_to_the_annual_reports(client):
    p = PartnershipFactory()
    html = client.get(reverse("public:learning", args=[p.slug])).content.decode()
    assert reverse("reports_public:list", args=[p.slug]) in html
