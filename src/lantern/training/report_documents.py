"""The evaluation report as documents: DOCX (python-docx), tagged PDF (WeasyPrint's
PDF/UA variant, as lantern.documents.generate makes them) and XLSX (openpyxl).

All three are written from the same sections: paragraphs, tables (each with a caption
and a header row) and the quarterly chart, which goes in as a figure with every number
in its text alternative and in the table beside it. The spreadsheet has a sheet a table,
its numbers as numbers. Marked OFFICIAL – SENSITIVE on every page: the report names
actions of cases.
"""

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor

from lantern.cases.models import Confidentiality
from lantern.documents.charts import bar_chart_png, bar_chart_svg, chart_description, svg_data_uri
from lantern.web.text import clean_text, spreadsheet_cell

from .impact import Impact, Line
from .report import Report

MARKING = Confidentiality.OFFICIAL_SENSITIVE.label.upper()
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NONE = "–"


# The chart -----------------------------------------------------------------------------

QUARTER_SERIES = (
    "Attended",
    "Answered at three months",
    "Reported a change in practice",
    "Managers who saw a change",
)


def _short_quarter(line: Line) -> str:
    """ "Oct–Dec 2025": short enough for the chart's axis."""
    first = line.key
    last = datetime.date(first.year, first.month + 2, 1)
    return f"{first:%b}–{last:%b %Y}"


def quarter_chart(impact: Impact) -> tuple[str, list[str], list[tuple[str, list[int]]]]:
    """(title, labels, series) of the quarterly chart: counts of people, each quarter."""
    lines = impact.by_quarter
    labels = [_short_quarter(line) for line in lines]
    values = [
        [line.attendance.attended for line in lines],
        [line.follow_up.answered for line in lines],
        [line.measures.practice_yes for line in lines],
        [line.measures.observed_yes for line in lines],
    ]
    title = "Attendance and survey answers by quarter"
    return title, labels, list(zip(QUARTER_SERIES, values, strict=True))


def chart_description_of(impact: Impact) -> str:
    """The chart's text alternative: every number, in words."""
    title, labels, series = quarter_chart(impact)
    return chart_description(title=title, labels=labels, series=series)


def quarter_chart_svg(impact: Impact) -> str:
    title, labels, series = quarter_chart(impact)
    return bar_chart_svg(title=title, labels=labels, series=series)


# The sections ----------------------------------------------------------------------------


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[Any]]
    sheet: str  # the spreadsheet's name for it (31 characters at most)


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    chart: bool = False


def shown(value: Any) -> str:
    """A cell as text: no answer is a dash, an average keeps one decimal place."""
    if value is None or value == "":
        return NONE
    if isinstance(value, float):
        return f"{value:.1f}"
    if hasattr(value, "strftime"):
        return f"{value:%-d %B %Y}"
    return str(value)


def _count_of(yes: int, answered: int) -> str:
    return f"{yes} of {answered}"


def _impact_row(line: Line) -> list[Any]:
    m = line.measures
    return [
        line.label,
        line.attendance.attended,
        line.follow_up.rate,
        m.confidence_before,
        m.confidence_after,
        m.confidence_follow_up,
        m.knowledge,
        m.practice_share,
        m.observed_share,
    ]


IMPACT_HEADERS = [
    "Attended",
    "Answered at three months (%)",
    "Confidence before (1 to 5)",
    "Confidence after (1 to 5)",
    "Confidence at three months (1 to 5)",
    "Knowledge (1 to 5)",
    "Reported a change in practice (%)",
    "Managers who saw a change (%)",
]


def report_sections(report: Report) -> list[Section]:
    impact, totals = report.impact, report.impact.totals
    m, a = totals.measures, totals.attendance
    summary = [report.summary] if report.summary else []
    recorded = report.recorded
    return [
        Section(
            "Summary",
            [
                f"Period: {report.scope.period}.",
                f"Reported to: {report.reported_to} (the evaluation table).",
                *(
                    [f"Recorded as reported on {recorded.reported_on:%-d %B %Y}."]
                    if recorded
                    else ["Not yet recorded as reported."]
                ),
                *(summary or ["No summary is recorded for this period yet."]),
            ],
        ),
        Section(
            "Programme delivered",
            [
                f"Sessions held: {totals.sessions.held}. Still to come in the period: "
                f"{totals.sessions.planned}. Cancelled: {totals.sessions.cancelled}.",
                f"Places booked: {a.booked}. Attended: {a.attended}. Did not attend: "
                f"{a.did_not_attend}. On waiting lists: {a.waiting}.",
            ],
            [
                Table(
                    "Sessions and attendance by course",
                    ["Course", "Sessions held", "Places booked", "Attended", "Did not attend"],
                    [
                        [
                            line.label,
                            line.sessions.held,
                            line.attendance.booked,
                            line.attendance.attended,
                            line.attendance.did_not_attend,
                        ]
                        for line in impact.by_course
                    ],
                    "Courses",
                )
            ],
        ),
        Section(
            "Attendance by agency",
            [],
            [
                Table(
                    "Places and attendance by agency",
                    ["Agency", "Places booked", "Attended", "Did not attend", "Attended (%)"],
                    [
                        [
                            line.name,
                            line.attendance.booked,
                            line.attendance.attended,
                            line.attendance.did_not_attend,
                            line.attendance.attendance_rate,
                        ]
                        for line in impact.by_agency
                    ],
                    "Agencies",
                )
            ],
        ),
        Section(
            "Quality assurance",
            [f"Observations of courses and sessions in the period: {impact.observed}."],
            [
                Table(
                    "Observations by judgement",
                    ["Judgement", "Observations"],
                    [[j.label, j.count] for j in impact.judgements],
                    "Judgements",
                ),
                Table(
                    "Observations",
                    ["Course", "Observed on", "Observer", "Judgement", "Areas to improve"],
                    [
                        [
                            o.course.title,
                            o.observed_on,
                            o.observer,
                            o.get_judgement_display(),
                            o.improvements,
                        ]
                        for o in report.observations
                    ],
                    "Observations",
                ),
            ],
        ),
        Section(
            "Impact",
            [
                "Averages are on scales of 1 to 5; shares are of those who answered the "
                "question. Anonymous answers are counted with the others.",
                f"Confidence before the training: {shown(m.confidence_before)}; after it: "
                f"{shown(m.confidence_after)}; three months later: "
                f"{shown(m.confidence_follow_up)}. Knowledge: {shown(m.knowledge)}.",
                "Reported a change in practice three months later: "
                f"{_count_of(m.practice_yes, m.practice_answered)} "
                f"({shown(m.practice_share)}%).",
                "Managers who saw a change in practice: "
                f"{_count_of(m.observed_yes, m.observed_answered)} "
                f"({shown(m.observed_share)}%).",
            ],
            [
                Table(
                    "Surveys sent and answered",
                    [
                        "Survey",
                        "Sent",
                        "Answered",
                        "Still open",
                        "Response rate (%, of links closed or answered)",
                    ],
                    [[s.label, s.sent, s.answered, s.still_open, s.rate] for s in totals.stages],
                    "Surveys",
                ),
                Table(
                    "Impact by course",
                    ["Course", *IMPACT_HEADERS],
                    [_impact_row(line) for line in impact.by_course],
                    "Impact by course",
                ),
                Table(
                    "Impact by theme",
                    ["Theme", *IMPACT_HEADERS],
                    [_impact_row(line) for line in impact.by_theme],
                    "Impact by theme",
                ),
                Table(
                    "Attendance and survey answers by quarter (the chart's numbers)",
                    ["Quarter", *QUARTER_SERIES],
                    [
                        [
                            line.label,
                            line.attendance.attended,
                            line.follow_up.answered,
                            line.measures.practice_yes,
                            line.measures.observed_yes,
                        ]
                        for line in impact.by_quarter
                    ],
                    "By quarter",
                ),
            ],
            chart=True,
        ),
        Section(
            "Examples",
            [f"{e.source} on {e.course}: “{e.text}”" for e in impact.examples]
            or ["No examples were given."],
        ),
        Section(
            "Courses that answer actions",
            [] if report.course_actions else ["No course in the period is linked to an action."],
            [
                Table(
                    "Actions the period's courses answer",
                    ["Course", "Action", "Title", "Status"],
                    [
                        [entry.course.title, row.ref, row.action.title, row.state_label]
                        for entry in report.course_actions
                        for row in entry.actions
                    ],
                    "Actions",
                )
            ]
            if report.course_actions
            else [],
        ),
        Section(
            "What is next",
            [f"Survey links still open: {report.open_surveys}."],
            [
                Table(
                    "Sessions planned in the next six months",
                    ["Course", "Date", "Places"],
                    [
                        [s.course.title, s.starts_at.date(), s.capacity]
                        for s in report.next_sessions
                    ],
                    "Next",
                )
            ],
        ),
    ]


# DOCX ------------------------------------------------------------------------------------

_RED = RGBColor(0xD4, 0x35, 0x1C)


def _mark(paragraph: Any) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(MARKING)
    run.bold = True
    run.font.color.rgb = _RED


def _repeat_header(row: Any) -> None:
    """The header row repeats on each page, and tells Word it is the header."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def report_docx(report: Report) -> bytes:
    document = new_docx()
    document.core_properties.title = report.title
    document.core_properties.author = "Lantern"
    document.core_properties.category = MARKING
    for page in document.sections:
        _mark(page.header.paragraphs[0])
        _mark(page.footer.paragraphs[0])
    document.add_heading(report.title, level=0)
    for section in report_sections(report):
        document.add_heading(section.heading, level=1)
        for paragraph in section.paragraphs:
            for part in clean_text(paragraph).split("\n\n"):
                document.add_paragraph(part)
        for table in section.tables:
            document.add_paragraph(table.caption, style="Caption")
            grid = document.add_table(rows=1, cols=len(table.headers))
            grid.style = "Table Grid"
            for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            _repeat_header(grid.rows[0])
            for values in table.rows or [[NONE] * len(table.headers)]:
                cells = grid.add_row().cells
                for cell, value in zip(cells, values, strict=True):
                    cell.text = clean_text(shown(value))
        if section.chart:
            title, labels, series = quarter_chart(report.impact)
            document.add_picture(
                io.BytesIO(bar_chart_png(title=title, labels=labels, series=series)),
                width=Cm(16),
            )
            properties = document.inline_shapes[-1]._inline.docPr
            alt = chart_description(title=title, labels=labels, series=series)
            properties.set("descr", alt)
            properties.set("title", title)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# PDF -------------------------------------------------------------------------------------


def _chart_image(impact: Impact) -> dict[str, str]:
    title, labels, series = quarter_chart(impact)
    return {
        "src": svg_data_uri(bar_chart_svg(title=title, labels=labels, series=series)),
        "alt": chart_description(title=title, labels=labels, series=series),
    }


def report_pdf(report: Report) -> bytes:
    # Imported here: WeasyPrint is slow to import and logs as it does.
    from weasyprint import HTML

    sections = [
        {
            "heading": s.heading,
            "paragraphs": [clean_text(p) for p in s.paragraphs],
            "tables": [
                {
                    "caption": t.caption,
                    "headers": t.headers,
                    "rows": [[clean_text(shown(v)) for v in row] for row in t.rows],
                }
                for t in s.tables
            ],
            "chart": _chart_image(report.impact) if s.chart else None,
        }
        for s in report_sections(report)
    ]
    html = render_to_string(
        "training/print/report.html",
        {"title": report.title, "sections": sections, "marking": MARKING},
    )
    # Everything in the page is escaped text and a data: URI: nothing to fetch.
    return HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")


# XLSX ------------------------------------------------------------------------------------


def _sheet_rows(rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    return [[spreadsheet_cell(v) for v in row] for row in rows]


def report_xlsx(report: Report) -> bytes:
    """A sheet with the summary, then a sheet a table: its caption, headings and rows,
    numbers as numbers (an empty cell where nobody answered)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    first = book.active
    first.title = "Summary"
    bold = Font(bold=True)
    sections = report_sections(report)
    first.append([MARKING])
    first.append([report.title])
    for section in sections:
        if section.paragraphs:
            first.append([])
            first.append([section.heading])
            first[first.max_row][0].font = bold
            for paragraph in section.paragraphs:
                first.append(_sheet_rows([[paragraph]])[0])
    first.column_dimensions["A"].width = 120
    for section in sections:
        for table in section.tables:
            sheet = book.create_sheet(table.sheet[:31])
            sheet.append([MARKING])
            sheet.append([table.caption])
            sheet.append(table.headers)
            for cell in sheet[sheet.max_row]:
                cell.font = bold
            for row in _sheet_rows(table.rows):
                sheet.append(row)
            for index in range(len(table.headers)):
                sheet.column_dimensions[chr(ord("A") + index)].width = 40 if index == 0 else 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BUILDERS = {"docx": report_docx, "pdf": report_pdf, "xlsx": report_xlsx}
CONTENT_TYPES = {"docx": DOCX_TYPE, "pdf": PDF_TYPE, "xlsx": XLSX_TYPE}
