"""The reporting pack as documents: DOCX and PDF (lantern.documents.generate) and XLSX.

Every copy is marked OFFICIAL – SENSITIVE: the pack names cases and agencies' work on
them. The progress chart goes in as a figure with its numbers as text beside it (the
accessible alternative); the spreadsheet has the numbers on a sheet and a native chart.
"""

import io
from collections.abc import Iterable
from typing import Any

from lantern.cases.models import Confidentiality
from lantern.documents.charts import bar_chart_png, bar_chart_svg, chart_description
from lantern.documents.generate import Figure, Sections, render_docx, render_pdf
from lantern.web.text import spreadsheet_cell

from .pack import PROGRESS_MONTHS, Line, Pack

MARKING = Confidentiality.OFFICIAL_SENSITIVE.label.upper()
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"docx": DOCX_TYPE, "pdf": PDF_TYPE, "xlsx": XLSX_TYPE}

PROGRESS_HEADING = f"Progress over the last {PROGRESS_MONTHS} months"
NONE = "None."
#: Up to this many actions, the PDF and Word copies list every one under its status. A
#: larger group's register (thousands of lines, hundreds of pages) is read in the
#: spreadsheet: the printed pack keeps the counts and the lines the group must act on
#: (overdue, completed, verified, impact due), which is what the meeting discusses.
LISTED_IN_FULL = 150


def _date(day: Any) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def chart_title(pack: Pack) -> str:
    labels = pack.progress.labels
    return f"Actions at each month's end, {labels[0]} to {labels[-1]}"


def chart_svg(pack: Pack) -> str:
    return bar_chart_svg(
        title=chart_title(pack), labels=pack.progress.labels, series=pack.progress.series
    )


def _figure(pack: Pack) -> Figure:
    title, labels, series = chart_title(pack), pack.progress.labels, pack.progress.series
    return Figure(
        alt=chart_description(title=title, labels=labels, series=series),
        png=bar_chart_png(title=title, labels=labels, series=series),
        svg=bar_chart_svg(title=title, labels=labels, series=series),
    )


def _line_text(line: Line) -> str:
    a = line.action
    return (
        f"{line.reference} – {a.title}. Lead agency: {a.lead_agency.name}. "
        f"Owner: {a.owner.full_name}. Due {_date(a.due)}. "
        f"Status: {line.state_label} ({line.rag_label})."
    )


def _evidence_text(line: Line) -> str:
    items = [f"{e.description} ({e.link or e.file_name})" for e in line.evidence]
    return "Evidence: " + ("; ".join(items) if items else "none recorded") + "."


def _body(paragraphs: Iterable[str]) -> str:
    return "\n\n".join(paragraphs) or NONE


def _register(pack: Pack) -> list[str]:
    if pack.total <= LISTED_IN_FULL:
        return [_line_text(line) for s in pack.by_status for line in s.actions]
    return [
        f"The group has more than {LISTED_IN_FULL} actions, so they are not listed here one "
        "by one: every action, with its status, is on the “By status” sheet of the "
        "spreadsheet copy of this pack. The sections below list each action the meeting "
        "needs to discuss."
    ]


def pack_sections(pack: Pack) -> Sections:
    routed = [f"{r.item_label} (the evaluation table)" for r in pack.routed]
    scope = ", and ".join(["Recommendations this group monitors", *routed])
    counts = "; ".join(f"{s.label}: {s.count}" for s in pack.by_status)
    return [
        (
            "About this pack",
            _body(
                [
                    f"Group: {pack.group.name}. Meeting: {_date(pack.meeting)}.",
                    f"Reporting period: {pack.period}.",
                    f"Covers: {scope}.",
                ]
            ),
        ),
        (
            "Actions by status",
            _body([f"{counts}. Total: {pack.total}.", *_register(pack)]),
        ),
        (
            f"Overdue at {_date(pack.meeting)}",
            _body(_line_text(line) for line in pack.overdue),
        ),
        (
            "Completed in the period, with evidence",
            _body(
                f"{_line_text(line)} Completed {_date(line.action.completed_on)}. "
                f"{_evidence_text(line)}"
                for line in pack.completed
            ),
        ),
        (
            "Verified by the group in the period",
            _body(
                f"{_line_text(line)} Signed off {_date(line.action.verified_on)}: "
                f"{line.action.verified_note}"
                for line in pack.verified
            ),
        ),
        (
            f"Impact measures due by {_date(pack.next_meeting)}",
            _body(
                f"{r.label} – {r.text} Measure: {r.impact_measure} "
                f"Review on {_date(r.impact_review_on)}. Owner: {r.owner.full_name}."
                for r in pack.impact_due
            ),
        ),
        (
            PROGRESS_HEADING,
            _body(
                [
                    "Open actions are those not complete and not past their due date; "
                    "overdue actions are open and past it.",
                    *(
                        f"{label}: open {v[0]}, overdue {v[1]}, complete {v[2]}, verified {v[3]}."
                        for label, v in pack.progress.rows
                    ),
                ]
            ),
        ),
    ]


def pack_docx(pack: Pack) -> bytes:
    return render_docx(
        title=pack.title,
        sections=pack_sections(pack),
        marking=MARKING,
        draft=False,
        figures={PROGRESS_HEADING: _figure(pack)},
    )


def pack_pdf(pack: Pack) -> bytes:
    return render_pdf(
        title=pack.title,
        sections=pack_sections(pack),
        marking=MARKING,
        draft=False,
        figures={PROGRESS_HEADING: _figure(pack)},
    )


ACTION_COLUMNS = ["Reference", "Action", "Lead agency", "Owner", "Due", "Status", "RAG"]


def _action_row(line: Line) -> list[Any]:
    a = line.action
    return [
        line.reference,
        a.title,
        a.lead_agency.name,
        a.owner.full_name,
        a.due,
        line.state_label,
        line.rag_label,
    ]


Table = tuple[list[str], Iterable[list[Any]]]


def pack_xlsx(pack: Pack) -> bytes:
    """A sheet per section (each headed by the marking and the pack's title), and the
    progress numbers on their own sheet with a native bar chart of them."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)

    def sheet(title: str, *tables: Table) -> Any:
        ws = book.create_sheet(title)
        ws.append([MARKING])
        ws.append([pack.title])
        for heading, rows in tables:
            ws.append([])
            ws.append(heading)
            for cell in ws[ws.max_row]:
                cell.font = bold
            for row in rows:
                ws.append([spreadsheet_cell(v) for v in row])
        for column, width in zip("ABCDEFGHI", (22, 50, 30, 25, 14, 14, 10, 16, 50), strict=True):
            ws.column_dimensions[column].width = width
        return ws

    sheet(
        "Pack",
        (
            ["About this pack", ""],
            [
                ["Group", pack.group.name],
                ["Meeting", pack.meeting],
                ["Reporting period", pack.period],
                ["Impact measures due by", pack.next_meeting],
                ["Also covers", "; ".join(r.item_label for r in pack.routed) or "–"],
            ],
        ),
    )
    sheet(
        "By status",
        (
            ["Status", "Actions"],
            [*([s.label, s.count] for s in pack.by_status), ["Total", pack.total]],
        ),
        (ACTION_COLUMNS, (_action_row(line) for s in pack.by_status for line in s.actions)),
    )
    sheet("Overdue", (ACTION_COLUMNS, (_action_row(line) for line in pack.overdue)))
    sheet(
        "Completed",
        (
            [*ACTION_COLUMNS, "Completed on", "Evidence"],
            (
                [*_action_row(line), line.action.completed_on, _evidence_text(line)]
                for line in pack.completed
            ),
        ),
    )
    sheet(
        "Verified",
        (
            [*ACTION_COLUMNS, "Signed off on", "What the group agreed"],
            (
                [*_action_row(line), line.action.verified_on, line.action.verified_note]
                for line in pack.verified
            ),
        ),
    )
    sheet(
        "Impact due",
        (
            ["Recommendation", "Text", "Impact measure", "Owner", "Review on"],
            (
                [r.label, r.text, r.impact_measure, r.owner.full_name, r.impact_review_on]
                for r in pack.impact_due
            ),
        ),
    )
    names = [name for name, _values in pack.progress.series]
    data = sheet(
        "Progress",
        (
            ["As at", "Month", *names],
            (
                [day, label, *values]
                for day, (label, values) in zip(
                    pack.progress.as_at, pack.progress.rows, strict=True
                )
            ),
        ),
    )
    heading_row = 4  # marking, title, a blank row, then the headings
    last = heading_row + len(pack.progress.labels)
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = chart_title(pack)
    chart.y_axis.title = "Actions"
    chart.x_axis.title = "Month"
    chart.add_data(
        Reference(data, min_col=3, max_col=2 + len(names), min_row=heading_row, max_row=last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(data, min_col=2, min_row=heading_row + 1, max_row=last))
    chart.width, chart.height = 24, 12
    data.add_chart(chart, "H4")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BUILDERS = {"docx": pack_docx, "pdf": pack_pdf, "xlsx": pack_xlsx}
