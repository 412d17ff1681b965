"""The chronology template to fill in, and the integrated chronology as DOCX and XLSX."""

import csv
import io

from lantern.cases.models import Case, Confidentiality
from lantern.documents.generate import render_docx
from lantern.web.text import spreadsheet_cell

from .columns import COLUMNS, HEADINGS
from .selectors import Line

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def template_csv(agency_name: str = "") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    writer.writerow(
        [spreadsheet_cell(agency_name) if c.key == "agency" else c.example for c in COLUMNS]
    )
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(agency_name: str = "") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Chronology"
    sheet.append(list(HEADINGS))
    sheet.append(
        [spreadsheet_cell(agency_name) if c.key == "agency" else c.example for c in COLUMNS]
    )
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def marking(case: Case) -> str:
    return Confidentiality(case.confidentiality).label.upper()


def _flag_text(line: Line, names: dict[int, str]) -> str:
    return "; ".join(
        f"{'Likely duplicate' if f.kind == 'duplicate' else 'Possible contradiction'} "
        f"with {names.get(f.other_agency_id, 'another agency')} ({f.reason.lower()})"
        for f in line.flags
    )


def chronology_docx(case: Case, lines: list[Line], names: dict[int, str]) -> bytes:
    sections = []
    for line in lines:
        e = line.entry
        when = e.happened_on.strftime("%d/%m/%Y") + (
            f" {e.happened_at:%H:%M}" if e.happened_at else ""
        )
        parts = [e.event]
        if e.action_taken:
            parts.append(f"Action taken: {e.action_taken}")
        details = [
            f"Source record: {e.source_record}" if e.source_record else "",
            f"Practitioner: {e.practitioner_role}" if e.practitioner_role else "",
            "Key practice episode" if e.key_episode else "",
        ]
        if any(details):
            parts.append(" · ".join(d for d in details if d))
        if line.flags:
            parts.append(_flag_text(line, names))
        sections.append((f"{when} — {e.agency.name}", "\n\n".join(parts)))
    if not sections:
        sections.append(("No entries", "No agency has submitted a chronology entry yet."))
    return render_docx(
        title=f"Multi-agency chronology – {case.reference}",
        sections=sections,
        marking=marking(case),
        draft=False,
    )


def chronology_xlsx(case: Case, lines: list[Line], names: dict[int, str]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Chronology")
    sheet.append([f"{marking(case)} – Multi-agency chronology – {case.reference}"])
    sheet.append([*HEADINGS, "Key practice episode", "Flags"])
    for line in lines:
        e = line.entry
        sheet.append(
            [
                e.happened_on,
                e.happened_at,
                spreadsheet_cell(e.agency.name),
                spreadsheet_cell(e.source_record),
                spreadsheet_cell(e.event),
                spreadsheet_cell(e.action_taken),
                spreadsheet_cell(e.practitioner_role),
                "Yes" if e.key_episode else "",
                spreadsheet_cell(_flag_text(line, names)),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
