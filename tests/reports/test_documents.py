"""Issue 16: the annual report as DOCX and tagged PDF: title page (partnership, title,
year, status or approval), every section as a heading with its blocks, tables with a
repeated header row, charts as figures with every number in their alt text; a draft
marked on every page, an approved report not."""

import io

import pytest
from docx import Document
from pypdf import PdfReader

from lantern.documents.models import DRAFT_MARKING
from lantern.reports import documents
from lantern.reports.models import ReportStatus
from tests.factories import PartnershipFactory
from tests.training.test_report import figure_alts

from .report_fixtures import CHART, make_report

pytestmark = pytest.mark.django_db

ALT = "Actions on review findings by quarter. Bar chart."  # start of chart_description


def test_draft_docx_is_marked_on_every_page_with_its_sections_tables_and_chart():
    report = make_report(PartnershipFactory(name="Northshire SAB", short_name="NSAB"))
    document = Document(io.BytesIO(documents.report_docx(report)))
    for page in document.sections:
        assert DRAFT_MARKING in page.header.paragraphs[0].text
        assert DRAFT_MARKING in page.footer.paragraphs[0].text
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == report.title and "Northshire SAB" in texts
    assert "Status: Draft" in texts
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "What the Board did to achieve its objective"
    assert headings[-1] == "Priorities for next year"
    members = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert members == ["Northshire Police", "Northshire County Council"]
    assert "Referrals considered for a SAR: 12 (In the year)" in texts
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "SAR-2024-003 (Adult D)" in cells and "–" in cells  # no findings counted yet
    header = document.tables[0].rows[0]._tr.trPr
    assert header is not None and "tblHeader" in header.xml
    alt = document.inline_shapes[0]._inline.docPr.get("descr")
    assert alt.startswith(ALT) and "9" in alt


def test_approved_docx_is_unmarked_and_says_who_approved_it():
    report = make_report(PartnershipFactory(), status=ReportStatus.APPROVED)
    document = Document(io.BytesIO(documents.report_docx(report)))
    assert all(DRAFT_MARKING not in s.header.paragraphs[0].text for s in document.sections)
    assert any("Independent Chair" in p.text for p in document.paragraphs)


def test_pdf_is_tagged_titled_en_gb_and_marked_while_draft():
    report = make_report(PartnershipFactory())
    reader = PdfReader(io.BytesIO(documents.report_pdf(report)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] in ("en-GB", "en-gb")
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert reader.metadata.title == report.title
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) > 1 and all(DRAFT_MARKING in text for text in pages)
    everything = "".join(pages)
    assert "SAR-2024-003 (Adult D)" in everything and "Northshire Police" in everything
    alts = figure_alts(root["/StructTreeRoot"])
    assert len(alts) == 1 and alts[0].startswith(CHART["title"])


def test_approved_pdf_carries_no_marking():
    report = make_report(PartnershipFactory(), status=ReportStatus.APPROVED)
    reader = PdfReader(io.BytesIO(documents.report_pdf(report)))
    assert all(DRAFT_MARKING not in page.extract_text() for page in reader.pages)


def test_filename_says_draft_while_draft():
    report = make_report(PartnershipFactory(short_name="DSPP"))
    assert documents.filename(report, "docx") == "DSPP annual report 2025 to 2026 (draft).docx"
