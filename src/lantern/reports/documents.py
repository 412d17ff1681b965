"""An annual report as documents: DOCX (python-docx) and tagged PDF (WeasyPrint's PDF/UA
variant, as the training report and lantern.documents.generate make them).

Both are written from rendered_sections, so they say what the page says. While the
report is a draft every page carries DRAFT_MARKING; an approved report is the public
document and carries none.
"""

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor

from lantern.documents.charts import bar_chart_png, bar_chart_svg, chart_description, svg_data_uri
from lantern.documents.models import DRAFT_MARKING
from lantern.web.text import clean_text

from .models import AnnualReport
from .rendering import rendered_sections

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
NONE = "–"
_RED = RGBColor(0xD4, 0x35, 0x1C)


def filename(report: AnnualReport, extension: str) -> str:
    """ "DSPP annual report 2025 to 2026 (draft).docx"."""
    draft = " (draft)" if report.is_draft else ""
    kind = "annual report" if report.kind == "sab" else "yearly report"
    return f"{report.partnership.short_name} {kind} {report.year_label}{draft}.{extension}"


def title_lines(report: AnnualReport) -> list[str]:
    """What the title page says under the title: whose, which year, its status."""
    lines = [report.partnership.name, f"{report.year_label} (1 April to 31 March)"]
    if report.is_draft:
        lines.append(f"Status: {report.get_status_display()}")
    else:
        approver = report.approved_by.full_name if report.approved_by else ""
        when = f"{timezone.localdate(report.approved_at):%-d %B %Y}" if report.approved_at else ""
        lines.append(f"Approved by {approver}, {report.approved_as}, on {when}")
    return lines


def _cell(value: Any) -> str:
    return NONE if value is None or value == "" else clean_text(str(value))


def _chart(block: dict[str, Any]) -> tuple[str, list[str], list[tuple[str, list[int]]]]:
    series = [(name, list(values)) for name, values in block["series"]]
    return block["title"], list(block["labels"]), series


# DOCX ------------------------------------------------------------------------------------


def _mark(paragraph: Any) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(DRAFT_MARKING)
    run.bold = True
    run.font.color.rgb = _RED


def _repeat_header(row: Any) -> None:
    """The header row repeats on each page, and tells Word it is the header."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _docx_table(document: Any, table: dict[str, Any]) -> None:
    document.add_paragraph(table["caption"], style="Caption")
    head = table["head"]
    grid = document.add_table(rows=1, cols=len(head))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, head, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(grid.rows[0])
    for values in table["rows"] or [[NONE] * len(head)]:
        for cell, value in zip(grid.add_row().cells, values, strict=False):
            cell.text = _cell(value)


def _docx_blocks(document: Any, blocks: list[dict[str, Any]]) -> None:
    for block in blocks:
        kind = block["type"]
        if kind == "figures":
            for item in block["items"]:
                hint = f" ({item['hint']})" if item.get("hint") else ""
                document.add_paragraph(f"{item['label']}: {item['value']}{hint}", "List Bullet")
        elif kind == "table":
            _docx_table(document, block)
        elif kind == "chart":
            title, labels, series = _chart(block)
            png = bar_chart_png(title=title, labels=labels, series=series)
            document.add_picture(io.BytesIO(png), width=Cm(16))
            properties = document.inline_shapes[-1]._inline.docPr
            properties.set("descr", chart_description(title=title, labels=labels, series=series))
            properties.set("title", title)
            _docx_table(document, block["table"])
        elif kind == "list":
            for item in block["items"]:
                document.add_paragraph(clean_text(item), "List Bullet")
        else:  # paragraph, none
            document.add_paragraph(clean_text(block["text"]))


def _docx_narrative(document: Any, text: str) -> None:
    for part in clean_text(text).split("\n\n"):
        if part.strip():
            document.add_paragraph(part.strip())


def report_docx(report: AnnualReport) -> bytes:
    document = new_docx()
    document.core_properties.title = report.title
    document.core_properties.author = report.partnership.name
    document.core_properties.language = "en-GB"
    if report.is_draft:
        document.core_properties.category = DRAFT_MARKING
        for page in document.sections:
            _mark(page.header.paragraphs[0])
            _mark(page.footer.paragraphs[0])
    document.add_heading(report.title, level=0)
    for line in title_lines(report):
        document.add_paragraph(line)
    for section in rendered_sections(report):
        document.add_heading(section.title, level=1)
        if section.basis:
            document.add_paragraph(section.basis, style="Subtitle")
        _docx_narrative(document, section.narrative)
        _docx_blocks(document, section.blocks)
        for member in section.members:
            document.add_heading(member.name, level=2)
            _docx_narrative(document, member.narrative)
            _docx_blocks(document, member.blocks)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# PDF -------------------------------------------------------------------------------------


def _with_images(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Charts as images (a data: URI, alt text every number): WeasyPrint tags an <img>
    as a figure with its alternative, which an inline SVG would not get."""
    out = []
    for block in blocks:
        if block["type"] == "chart":
            title, labels, series = _chart(block)
            svg = bar_chart_svg(title=title, labels=labels, series=series)
            alt = chart_description(title=title, labels=labels, series=series)
            block = {**block, "src": svg_data_uri(svg), "alt": alt}
        out.append(block)
    return out


def report_pdf(report: AnnualReport) -> bytes:
    # Imported here: WeasyPrint is slow to import and logs as it does.
    from weasyprint import HTML

    sections = rendered_sections(report)
    for section in sections:
        section.blocks = _with_images(section.blocks)
        for member in section.members:
            member.blocks = _with_images(member.blocks)
    html = render_to_string(
        "reports/print/annual_report.html",
        {
            "report": report,
            "sections": sections,
            "title_lines": title_lines(report),
            "marking": DRAFT_MARKING if report.is_draft else "",
        },
    )
    # Everything in the page is escaped text and data: URIs: nothing to fetch.
    return HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")
