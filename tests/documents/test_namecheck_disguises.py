"""Issue 12, item 6: 42 disguised ways of naming the child in a final report, each a
real file (DOCX built with python-docx and raw WordprocessingML, PDF from WeasyPrint or
written by hand, plain text in other encodings), each refused at publication; and clean
reports, with ordinary words and other dates, that may be published.

Each case names what it proves. The child is Lily Fenwick, born 3 December 2022, of
14 Thornfield Road, Dudley DY2 8QT; the reports call her Child A.
"""

import datetime
import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import weasyprint
from django.core.exceptions import ValidationError
from docx import Document as new_docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from lantern.documents.models import NameCheckAcceptance
from lantern.documents.namecheck import name_check, name_check_accept
from lantern.workflow.publication import name_problems
from tests.factories import CaseFactory, SubjectFactory, UserFactory

from .fixtures import upload

pytestmark = pytest.mark.django_db

DOB = datetime.date(2022, 12, 3)
CLEAN = "Child A was known to agencies."
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- DOCX builders ------------------------------------------------------------------


def _saved(document) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def docx(*paragraphs: str, change: Callable | None = None) -> tuple[str, bytes]:
    document = new_docx()
    for text in paragraphs or (CLEAN,):
        document.add_paragraph(text)
    if change:
        change(document)
    return "report.docx", _saved(document)


def _add_part(
    data: bytes, name: str, xml: str, content_type: str, rel_type: str, source: str
) -> bytes:
    """A part added to a saved DOCX by hand (what python-docx cannot write): the part,
    its content type, and a relationship from `source` ("" for the package)."""
    folder, _, base = source.rpartition("/")
    rels_name = f"{folder}/_rels/{base}.rels" if source else "_rels/.rels"
    target = name[len(folder) + 1 :] if folder else name
    inn, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for item in inn.infolist():
            content = inn.read(item.filename)
            if item.filename == "[Content_Types].xml":
                override = f'<Override PartName="/{name}" ContentType="{content_type}"/>'
                content = content.replace(b"</Types>", override.encode() + b"</Types>")
            if item.filename == rels_name:
                rel = f'<Relationship Id="rIdX1" Type="{rel_type}" Target="{target}"/>'
                content = content.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            package.writestr(item, content)
        package.writestr(name, xml)
    return out.getvalue()


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + checksum

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def _header(document):
    document.sections[0].header.paragraphs[0].text = "Safeguarding review: Lily Fenwick"


def _footer(document):
    document.sections[0].footer.paragraphs[0].text = "Prepared about L. Fenwick, page 1"


def _nested_table(document):
    outer = document.add_table(rows=1, cols=1)
    inner = outer.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Name"
    inner.cell(0, 1).text = "Lily Fenwick"


def _glued_cell(document):
    # The cell follows the paragraph with nothing between them in the XML: a reader that
    # ran all the text together would see "Referral forLily" and miss the name.
    document.paragraphs[-1].text = "Referral for"
    grid = document.add_table(rows=1, cols=1)
    grid.cell(0, 0).text = "Lily"


def _text_box(document):
    drawing_ns = (
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    box = "<w:txbxContent><w:p><w:r><w:t>Sidebar: Lily Fenwick</w:t></w:r></w:p></w:txbxContent>"
    run = parse_xml(
        f"<w:r {nsdecls('w')} {drawing_ns}><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="5" name="Text Box 5"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape"><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData>'
        "</a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )
    document.paragraphs[0]._p.append(run)


def _comment(document):
    paragraph = document.paragraphs[0]
    document.add_comment(paragraph.runs, text="Is this Lily Fenwick?", author="R", initials="R")


def _tracked_deletion(document):
    deleted = parse_xml(
        f'<w:del {nsdecls("w")} w:id="7" w:author="Reviewer" w:date="2026-01-01T00:00:00Z">'
        "<w:r><w:delText>Lily Fenwick </w:delText></w:r></w:del>"
    )
    document.paragraphs[0]._p.append(deleted)


def _alt_text(document):
    document.add_picture(io.BytesIO(_png()))
    document.inline_shapes[0]._inline.docPr.set("descr", "Photograph of Lily Fenwick at school")


def _footnote(document):
    reference = parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>')
    document.paragraphs[0]._p.append(reference)


def docx_with_footnote() -> tuple[str, bytes]:
    _, data = docx(change=_footnote)
    notes = (
        f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:id="1"><w:p><w:r>'
        "<w:t>Interview with Lily Fenwick’s teacher.</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    return "report.docx", _add_part(
        data,
        "word/footnotes.xml",
        notes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
        "word/document.xml",
    )


def docx_with_custom_property() -> tuple[str, bytes]:
    _, data = docx()
    custom = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        'name="Child"><vt:lpwstr>Lily Fenwick</vt:lpwstr></property></Properties>'
    )
    return "report.docx", _add_part(
        data,
        "docProps/custom.xml",
        custom,
        "application/vnd.openxmlformats-officedocument.custom-properties+xml",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
        "",
    )


# --- PDF builders -------------------------------------------------------------------


def weasy(*pages: str, title: str = "Report", css: str = "") -> tuple[str, bytes]:
    body = "".join(
        f'<p style="page-break-before: always">{text}</p>' if n else f"<p>{text}</p>"
        for n, text in enumerate(pages)
    )
    html = f"<html lang=en><head><title>{title}</title><style>{css}</style></head>"
    return "report.pdf", weasyprint.HTML(string=f"{html}<body>{body}</body></html>").write_pdf()


# Helvetica's advance widths (per 1000 units of the font size), for drawing by hand.
HELVETICA = dict(zip("ACFLacdehiklnostwy ", [667, 722, 611, 556, 556, 500, 556, 556, 556,
                                                222, 500, 222, 556, 556, 500, 278, 722,
                                                500, 278], strict=True))  # fmt: skip


def hand_pdf(content: str, info: dict[str, str] | None = None) -> tuple[str, bytes]:
    """A one-page PDF written byte by byte: its content stream and information."""
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if info:
        fields = " ".join(f"/{key} ({value})" for key, value in info.items())
        objects.append(f"<< {fields} >>".encode("latin-1"))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    extra = f" /Info {len(objects)} 0 R" if info else ""
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{extra} >>\n".encode())
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return "report.pdf", out.getvalue()


def letter_by_letter(text: str, tracking: float = 0.0) -> str:
    """Each letter its own text object at its own place, spaced `tracking` points
    further apart than the font would put them (as some generators letter-space)."""
    x, operations = 72.0, []
    for letter in text:
        if letter != " ":
            operations.append(f"BT /F1 12 Tf {x:.2f} 700 Td ({letter}) Tj ET")
        x += HELVETICA[letter] * 12 / 1000 + tracking
    return "\n".join(operations)


def text_file(text: str, encoding: str = "utf-8") -> tuple[str, bytes]:
    return "notes.txt", text.encode(encoding)


# --- the 42 ways --------------------------------------------------------------------


@dataclass(frozen=True)
class Disguise:
    proves: str
    build: Callable[[], tuple[str, bytes]]
    what: str  # a finding names this ("the child's full name")
    where: str  # in this place of the document


D = Disguise
FULL, SURNAME, FIRST = "the child's full name", "the child's surname", "the child's first name"
BORN = "the child's date of birth"
LINE = "a line of the child's address"

DISGUISES = {
    # Parts of a Word file beyond the body
    "docx-body": D("a DOCX's body is read", lambda: docx("We met Lily Fenwick."), FULL, "body"),
    "docx-header": D("DOCX headers are read", lambda: docx(change=_header), FULL, "header"),
    "docx-footer": D(
        "DOCX footers are read", lambda: docx(change=_footer),
        "the child's surname with initials", "footer",
    ),
    "docx-nested-table": D(
        "a table inside a table cell is read", lambda: docx(change=_nested_table), FULL, "table"
    ),
    "docx-text-box": D("text boxes are read", lambda: docx(change=_text_box), FULL, "text box"),
    "docx-comment": D("comments are read", lambda: docx(change=_comment), FULL, "comment"),
    "docx-tracked-deletion": D(
        "text deleted under tracked changes is still in the file and read",
        lambda: docx(change=_tracked_deletion),
        FULL, "body (deleted text kept by tracked changes)",
    ),
    "docx-properties": D(
        "custom document properties (File > Properties) are read",
        docx_with_custom_property, FULL, "document properties: Child",
    ),
    "docx-image-alt-text": D(
        "an image's alt text (read out by screen readers) is read",
        lambda: docx(change=_alt_text), FULL, "body: image alt text",
    ),
    "docx-glued-cell": D(
        "a table cell straight after a paragraph is read as its own text, not run into it",
        lambda: docx(change=_glued_cell), FIRST, "table",
    ),
    "docx-footnote": D("footnotes are read", docx_with_footnote, FULL, "footnote"),
    # PDF
    "pdf-page": D(
        "PDF pages are read and the page named",
        lambda: weasy(CLEAN, "Lily Fenwick was seen."), FULL, "page 2",
    ),
    "pdf-metadata": D(
        "every field of a PDF's document information is read, not only the usual four",
        lambda: hand_pdf(letter_by_letter("Child A"), {"ChildName": "Lily Fenwick"}),
        FULL, "PDF metadata: ChildName",
    ),
    "pdf-letter-by-letter": D(
        "a PDF that draws one letter at a time, letter-spaced, is read as words",
        lambda: hand_pdf(letter_by_letter("Child A is Lily Fenwick today", tracking=3)),
        FULL, "page 1",
    ),
    # Characters that look like the name but are not its code points
    "utf16-text": D(
        "plain text saved as UTF-16 (as Windows Notepad does) is decoded",
        lambda: text_file("Notes: Lily Fenwick was seen.", "utf-16"), FULL, "text",
    ),
    "zero-width-space": D(
        "zero-width spaces inside a name do not hide it",
        lambda: docx("We met Lily Fen\u200bwick at home."), FULL, "body",
    ),
    "soft-hyphen": D(
        "soft hyphens inside a name do not hide it",
        lambda: docx("We met Li\u00adly Fen\u00adwick at home."), FULL, "body",
    ),
    "hyphenated-across-lines": D(
        "a name hyphenated at the end of a line is read joined up",
        lambda: weasy("We met Lily Fen-<br>wick at home."), FULL, "page 1",
    ),
    "cyrillic-look-alikes": D(
        "Cyrillic letters drawn like Latin ones are read as Latin",
        lambda: docx("We met Lіly F\u0435nwi\u0441k at home."), FULL, "body",
    ),
    "accents": D(
        "accents added to a name do not hide it",
        lambda: text_file("We met Lílý Fénwîck at home."), FULL, "text",
    ),
    "full-width-letters": D(
        "full-width letters are read as ordinary ones (NFKC)",
        lambda: docx("We met Ｌｉｌｙ Ｆｅｎｗｉｃｋ at home."), FULL, "body",
    ),
    "letter-spacing": D(
        "letters spread out with spaces are read as words",
        lambda: docx("We met L i l y   F e n w i c k at home."), FULL, "body",
    ),
    "initials": D(
        "the child's initials on their own are found",
        lambda: docx("The school was told about L.F. that day."),
        "the child's initials", "body",
    ),
    # Forms of the name
    "surname-first": D(
        "surname, first name", lambda: docx("Fenwick, Lily (child)"), FULL, "body"
    ),
    "capitals": D("the name in capitals", lambda: docx("LILY FENWICK"), FULL, "body"),
    "possessive": D(
        "the first name alone, possessive", lambda: docx("Lily’s school was told."), FIRST, "body"
    ),
    "title": D(
        "the surname with a title", lambda: docx("Miss Fenwick attended."),
        "the child's name with a title", "body",
    ),
    "initial-and-surname": D(
        "an initial with the surname", lambda: docx("Notes on L. Fenwick."),
        "the child's surname with initials", "body",
    ),
    "surname-alone": D("the surname alone", lambda: docx("The Fenwick family."), SURNAME, "body"),
    # The date of birth
    "dob-slashes": D("03/12/2022", lambda: docx("Born 03/12/2022."), BORN, "body"),
    "dob-words": D("3 December 2022", lambda: docx("Born 3 December 2022."), BORN, "body"),
    "dob-iso": D("2022-12-03", lambda: docx("DOB 2022-12-03"), BORN, "body"),
    "dob-ordinal": D("3rd December 2022", lambda: docx("Born 3rd December 2022."), BORN, "body"),
    "dob-abbreviated-month": D("03-Dec-2022", lambda: docx("DOB: 03-Dec-2022"), BORN, "body"),
    "dob-dots-short-year": D("3.12.22", lambda: docx("Born 3.12.22 at home."), BORN, "body"),
    "dob-slashes-short-year": D("3/12/22", lambda: docx("Born 3/12/22 at home."), BORN, "body"),
    "dob-year-first-slashes": D("2022/12/03", lambda: docx("DOB 2022/12/03"), BORN, "body"),
    "dob-run-together": D("20221203", lambda: docx("Ref 20221203 (DOB)"), BORN, "body"),
    "dob-month-and-year": D(
        "the month and year of birth where the text speaks of a birth",
        lambda: docx("Child A was born in December 2022."),
        "the child's month and year of birth", "body",
    ),
    # The address
    "postcode": D(
        "the postcode, with or without its space", lambda: docx("Lives in DY28QT."),
        "the child's postcode", "body",
    ),
    "address-line": D(
        "the address line with its house number", lambda: docx("Lives at 14 Thornfield Road."),
        LINE, "body",
    ),
    "street-without-number": D(
        "the street without its house number, abbreviated",
        lambda: docx("A flat on Thornfield Rd near the park."), LINE, "body",
    ),
}  # fmt: skip

# The ways issue 12 found published (the other 14 were already refused).
REPORTED = {
    "docx-header", "docx-footer", "docx-nested-table", "docx-text-box", "docx-comment",
    "docx-tracked-deletion", "docx-properties", "docx-image-alt-text", "docx-glued-cell",
    "pdf-metadata", "pdf-letter-by-letter", "utf16-text", "zero-width-space", "soft-hyphen",
    "hyphenated-across-lines", "cyrillic-look-alikes", "accents", "full-width-letters",
    "letter-spacing", "initials", "dob-ordinal", "dob-abbreviated-month",
    "dob-dots-short-year", "dob-slashes-short-year", "dob-year-first-slashes",
    "dob-run-together", "dob-month-and-year", "street-without-number",
}  # fmt: skip


@pytest.fixture
def case():
    subject = SubjectFactory(
        kind="child",
        full_name="Lily Fenwick",
        date_of_birth=DOB,
        address="14 Thornfield Road\nDudley\nDY2 8QT",
    )
    return CaseFactory(partnership=subject.partnership, subject=subject, pseudonym="Child A")


@pytest.fixture
def author(case):
    return UserFactory(partnership=case.partnership)


def test_there_are_42_ways_and_28_were_reported():
    assert len(DISGUISES) == 42
    assert len(REPORTED) == 28 and DISGUISES.keys() >= REPORTED


@pytest.mark.parametrize("way", list(DISGUISES), ids=list(DISGUISES))
def test_issue_12_item_6_a_disguised_name_is_found_and_publication_refused(case, author, way):
    """Issue 12, item 6: each way of naming the child is found, in the right place, and
    the report cannot be published while it stands."""
    disguise = DISGUISES[way]
    filename, content = disguise.build()
    document = upload(case, author, name=filename, content=content, kind="final_report")
    findings = name_check(document, case)
    assert (disguise.what, disguise.where) in {(f.what, f.where) for f in findings}, (
        disguise.proves,
        findings,
    )
    (problem,) = name_problems(document, case)
    assert problem.startswith("The report still names the child")


CLEAN_REPORTS = {
    "ordinary words that are also names, in prose": (
        "Sarah Young",
        "Young people told us what mattered. The meeting was at the town hall; more green "
        "space was asked for. Young carers were not identified.",
    ),
    "ordinary-word surname in a Title Case name of something else": (
        "Tom Hall",
        "Her GP at Green Lane Surgery referred her. The meeting was at the Town Hall.",
    ),
    "dates that are not the date of birth, and the month of birth with no birth": (
        "Lily Fenwick",
        "On 13/12/2022 the health visitor called. In December 2022 the family moved. "
        "The review met on 3 December 2025 and again on 2022-12-13.",
    ),
    "the pseudonym and its letter, and the partnership's own town": (
        "Lily Fenwick",
        "Child A lived with her mother in Dudley. Child A’s school, A.B.C. Academy, "
        "was told. L F Safeguarding Partnership. Hall 2 was used.",
    ),
}


@pytest.mark.parametrize("subject_name, text", CLEAN_REPORTS.values(), ids=list(CLEAN_REPORTS))
@pytest.mark.parametrize("form", ["docx", "pdf"])
def test_issue_12_item_6_clean_reports_may_be_published(case, author, subject_name, text, form):
    """Issue 12, item 6, and issue 11's rule: normalising the text does not flag ordinary
    words, other dates, the pseudonym or the town."""
    case.subject.full_name = subject_name
    case.subject.save()
    filename, content = docx(*text.split(". ")) if form == "docx" else weasy(text)
    document = upload(case, author, name=filename, content=content, kind="final_report")
    assert name_check(document, case) == []
    assert name_problems(document, case) == []


def test_issue_12_item_6_a_flagged_disguise_is_accepted_only_with_a_recorded_reason(case, author):
    """The workflow's rule holds for the new findings: the Business Manager may accept a
    flagged passage only with a reason, and the acceptance is recorded."""
    manager = UserFactory(partnership=case.partnership, roles=["business_manager"])
    filename, content = docx("The L.F. Trust funded the school’s library.")
    document = upload(case, author, name=filename, content=content, kind="final_report")
    (finding,) = name_check(document, case)
    assert finding.what == "the child's initials"
    with pytest.raises(ValidationError):
        name_check_accept(
            document=document, case=case, finding_key=finding.key, reason=" ", user=manager
        )
    assert name_problems(document, case)
    acceptance = name_check_accept(
        document=document,
        case=case,
        finding_key=finding.key,
        reason="The L.F. Trust is a charity, not the child.",
        user=manager,
    )
    assert NameCheckAcceptance.objects.get() == acceptance
    assert acceptance.reason == "The L.F. Trust is a charity, not the child."
    assert name_check(document, case) == []
    assert name_problems(document, case) == []


def test_issue_12_item_6_findings_quote_the_document_as_it_stands(case, author):
    """The rules read the normalised text, but a finding quotes what the document
    holds, so the Business Manager can find it."""
    filename, content = docx("We met Ｌｉｌｙ Ｆｅｎｗｉｃｋ at home.")
    document = upload(case, author, name=filename, content=content, kind="final_report")
    (finding,) = name_check(document, case)
    assert finding.found == "We met Ｌｉｌｙ Ｆｅｎｗｉｃｋ at home."
