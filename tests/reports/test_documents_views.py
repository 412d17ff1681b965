"""Issue 16: the annual report's DOCX, PDF and page for those who may read annual
reports, of their own partnership only (404 to anyone else); a draft's downloads and page
are logged as reads; filenames say the report, the year and whether it is a draft."""

import io

import pytest
from django.urls import reverse
from docx import Document

from lantern.accounts.models import Role
from lantern.audit.models import Action, AuditEvent
from lantern.documents.models import DRAFT_MARKING
from lantern.reports.models import ReportStatus
from tests.factories import PartnershipFactory, UserFactory

from .report_fixtures import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    p = PartnershipFactory(short_name="DSPP")
    reader = UserFactory(partnership=p, roles=[Role.BUSINESS_MANAGER])
    return p, reader


def reads(report) -> int:
    return AuditEvent.objects.filter(
        action=Action.READ, object_id=str(report.pk), object_type__icontains="annualreport"
    ).count()


def test_draft_docx_download_is_named_marked_and_logged(client, world):
    p, reader = world
    report = make_report(p)
    client.force_login(reader)
    response = client.get(reverse("reports:annual_docx", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="DSPP annual report 2025 to 2026 (draft).docx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    header = Document(io.BytesIO(response.content)).sections[0].header.paragraphs[0].text
    assert DRAFT_MARKING in header
    assert reads(report) == 1


def test_draft_pdf_and_page_are_logged_and_the_page_is_marked(client, world):
    p, reader = world
    report = make_report(p)
    client.force_login(reader)
    pdf = client.get(reverse("reports:annual_pdf", args=[report.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    page = client.get(reverse("reports:annual_page", args=[report.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and DRAFT_MARKING in html
    assert "What the Board did to achieve its objective" in html and "<script" not in html
    assert reads(report) == 2


def test_approved_report_downloads_are_not_marked_nor_logged(client, world):
    p, reader = world
    report = make_report(p, status=ReportStatus.APPROVED)
    client.force_login(reader)
    response = client.get(reverse("reports:annual_docx", args=[report.pk]))
    assert 'filename="DSPP annual report 2025 to 2026.docx"' in response["Content-Disposition"]
    page = client.get(reverse("reports:annual_page", args=[report.pk])).content.decode()
    assert DRAFT_MARKING not in page
    assert reads(report) == 0


@pytest.mark.parametrize("name", ["annual_docx", "annual_pdf", "annual_page"])
def test_404_to_those_who_may_not_read_and_to_other_partnerships(client, world, name):
    p, _reader = world
    report = make_report(p)
    url = reverse(f"reports:{name}", args=[report.pk])
    client.force_login(UserFactory(partnership=p))  # no role that reads annual reports
    assert client.get(url).status_code == 404
    stranger = UserFactory(partnership=PartnershipFactory(), roles=[Role.BUSINESS_MANAGER])
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert reads(report) == 0
