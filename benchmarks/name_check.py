"""How long the name check takes on a long report.

    .venv/bin/python benchmarks/name_check.py [--pages 200]

Builds a report of --pages pages (about 450 words a page: prose, a table on every
page, a header and footer, comments) as DOCX, PDF (WeasyPrint) and plain text, with
the subject's details scattered through it in the disguises issue 12 listed (full-width
letters, look-alike Cyrillic, zero-width spaces, letter-spacing, initials, dates of
birth in several forms) and an ordinary-word surname ("Young") used as a word on
every page, which is the slow path of the rules. Times, for each format, reading the
passages (`lantern.documents.passages.passages_of`) and running the rules on them
(`lantern.documents.namecheck.findings_in`), and prints how many findings.

Not part of `make test`; the rules' speed is guarded by
tests/documents/test_namecheck_normalise.py (a long passage stays linear).
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from lantern.documents.namecheck import findings_in  # noqa: E402
from lantern.documents.namerules import Subject  # noqa: E402
from lantern.documents.passages import passages_of  # noqa: E402

SUBJECT = Subject(
    full_name="Sarah Young",
    date_of_birth=datetime.date(2022, 12, 3),
    address="14 Thornfield Road\nDudley\nDY2 8QT",
    pseudonym="Child A",
)
PROSE = (
    "Young people and their families told the review what mattered to them. Agencies "
    "met at the town hall and in the green room of the children's centre on 13/12/2023. "
    "The health visitor recorded each contact, and the school shared its attendance "
    "records with the social worker within the agreed timescales. "
)
DISGUISES = [
    "A note in the margin named Ｓａｒａｈ Ｙｏｕｎｇ.",
    "The GP letter was addressed to Sаrаh Yоung.",
    "Her name, Sar\u200bah, appeared on the form.",
    "The heading read S a r a h   Y o u n g.",
    "The file was labelled S.Y. in the archive.",
    "She was born on 3rd December 2022.",
    "The reference 20221203 appeared in the system.",
    "The family lived on Thornfield Rd.",
]


def paragraphs(pages: int) -> list[str]:
    out = []
    for page in range(pages):
        out += [PROSE * 3, PROSE * 2, PROSE * 2]
        if page % 10 == 0:
            out.append(DISGUISES[(page // 10) % len(DISGUISES)])
    return out


def build_docx(pages: int) -> bytes:
    from docx import Document

    document = Document()
    document.sections[0].header.paragraphs[0].text = "Child Safeguarding Practice Review"
    document.sections[0].footer.paragraphs[0].text = "Official sensitive"
    for number, text in enumerate(paragraphs(pages)):
        paragraph = document.add_paragraph(text)
        if number % 3 == 0:
            table = document.add_table(rows=2, cols=3)
            for cell in table._cells:
                cell.text = "Agency contact recorded"
        if number % 40 == 0:
            document.add_comment(paragraph.runs, text="Check this", author="R", initials="R")
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def build_pdf(pages: int) -> bytes:
    import weasyprint

    body = "".join(f"<p>{text}</p>" for text in paragraphs(pages))
    html = f"<html lang=en><head><title>Report</title></head><body>{body}</body></html>"
    return weasyprint.HTML(string=html).write_pdf()


def build_text(pages: int) -> bytes:
    return "\n".join(paragraphs(pages)).encode()


def time_check(label: str, filename: str, data: bytes) -> None:
    # CPU time as well as wall-clock: on a shared machine the wall clock also counts
    # other people's work.
    started, cpu = time.perf_counter(), time.process_time()
    passages = passages_of(data, filename)
    read, read_cpu = time.perf_counter(), time.process_time()
    findings = findings_in(passages, SUBJECT, "child")
    done, done_cpu = time.perf_counter(), time.process_time()
    characters = sum(len(p.text) for p in passages)
    print(
        f"{label:5} {len(data) / 1e6:5.2f} MB {characters / 1e6:5.2f} M chars | "
        f"read {read - started:5.2f} s (CPU {read_cpu - cpu:5.2f}) | "
        f"rules {done - read:5.2f} s (CPU {done_cpu - read_cpu:5.2f}) | "
        f"findings {len(findings)}: " + ", ".join(sorted({f.what for f in findings}))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    arguments = parser.parse_args()
    pages = arguments.pages
    print(f"A report of about {pages} pages:")
    time_check("TXT", "report.txt", build_text(pages))
    time_check("DOCX", "report.docx", build_docx(pages))
    pdf = build_pdf(pages)
    from pypdf import PdfReader

    print(f"(the PDF has {len(PdfReader(io.BytesIO(pdf)).pages)} pages)")
    time_check("PDF", "report.pdf", pdf)


if __name__ == "__main__":
    main()
