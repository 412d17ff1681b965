"""Issue 12, item 10: uploads are checked by content, not only by extension.

Every upload (documents, evidence on actions, agency returns, the chronology import, the
audit's list of references) goes through lantern.web.uploads.check_upload: magic bytes
and a real parse, a clear message naming what the file really is, and bounded work (a
ZIP that unpacks to too much is refused unread; a sheet of blank rows stops early).
"""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantern.actions.services import NewEvidence, _evidence_errors
from lantern.agencyrequests.uploads import ALLOWED_EXTENSIONS, validate_response_file
from lantern.audits.forms import references_from_file
from lantern.chronology import services as chronology
from lantern.chronology.models import ChronologyEntry, ImportStatus
from lantern.chronology.parsing import MAX_BLANK_RUN, FileRefused, parse_chronology
from lantern.documents.models import Document
from lantern.documents.services import document_upload
from lantern.web.uploads import (
    MAX_UNPACKED_MB,
    MAX_ZIP_MEMBERS,
    UploadRefused,
    check_content,
    check_upload,
)
from tests.factories import AgencyFactory
from tests.files import doc_bytes, docx_bytes, odt_bytes, pdf_bytes, xlsx_bytes

ALL = ALLOWED_EXTENSIONS
MB20 = 20 * 1024 * 1024
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
HEADINGS = ["Date", "Time", "Agency", "Source record", "Event"]
CSV_HEADER = "Date,Time,Agency,Source record,Event,Action taken,Practitioner role\n"


def _zip(**members: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def _refusal(name: str, data: bytes, allowed=ALL, max_bytes=MB20) -> str:
    with pytest.raises(UploadRefused) as refused:
        check_content(name, data, allowed=allowed, max_bytes=max_bytes)
    return refused.value.messages[0]


# --- The four files the issue found accepted -------------------------------------------------


def test_html_named_pdf_is_refused_as_a_web_page():
    """Issue 12, item 10: HTML named .pdf was accepted."""
    assert _refusal("report.pdf", HTML) == "The selected file is a web page (HTML), not a PDF file."


def test_windows_program_named_docx_is_refused_as_a_program():
    """Issue 12, item 10: a Windows executable named .docx was accepted."""
    message = _refusal("return.docx", EXE)
    assert message == "The selected file is a Windows program, not a DOCX file."


def test_zip_that_is_not_a_docx_is_refused():
    """Issue 12, item 10: a ZIP that is not a DOCX was accepted."""
    data = _zip(**{"notes.txt": b"hello", "word/document.xml": b"<w/>"})
    assert _refusal("return.docx", data) == "The selected file is a ZIP archive, not a DOCX file."


def test_png_named_csv_is_refused_as_an_image():
    """Issue 12, item 10: a PNG named .csv was accepted."""
    assert _refusal("chronology.csv", PNG) == "The selected file is a PNG image, not a CSV file."


# --- Real files of every kind pass --------------------------------------------------------


@pytest.mark.parametrize(
    "name, data",
    [
        ("report.pdf", pdf_bytes()),
        ("report.docx", docx_bytes("The overview report.")),
        ("figures.xlsx", xlsx_bytes(["Agency", "Count"], ["Police", 3])),
        ("report.odt", odt_bytes()),
        ("report.doc", doc_bytes()),
        ("list.csv", b"reference\nC-1\n"),
        ("list.csv", "\ufeffreference\nCafé\n".encode()),
        ("list.csv", "reference\nCafé\n".encode("utf-16")),
        ("list.csv", "reference\nCafé\n".encode("cp1252")),
        ("notes.txt", b"Line one\r\nLine two\t\x0bwith Excel's break\n"),
    ],
)
def test_real_files_of_each_kind_pass(name, data):
    kind = check_content(name, data, allowed=ALL, max_bytes=MB20)
    assert kind.extension == name.rpartition(".")[2]


# --- Files that are not what their names say -------------------------------------------------


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("report.pdf", docx_bytes(), "is a Word (DOCX) document, not a PDF file."),
        ("report.docx", pdf_bytes(), "is a PDF, not a DOCX file."),
        ("report.docx", xlsx_bytes(), "is an Excel (XLSX) workbook, not a DOCX file."),
        ("figures.xlsx", docx_bytes(), "is a Word (DOCX) document, not an XLSX file."),
        ("report.odt", docx_bytes(), "is a Word (DOCX) document, not an ODT file."),
        ("report.doc", EXE, "is a Windows program, not a DOC file."),
        ("notes.txt", pdf_bytes(), "is a PDF, not a TXT file."),
        ("notes.txt", bytes(range(256)) * 40, "is not a TXT file, whatever its name says."),
        ("report.pdf", b"just some text", "is not a PDF file, whatever its name says."),
        ("list.csv", b"<html><body>hi</body></html>", "is a web page (HTML), not a CSV file."),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(name, data, message):
    """Issue 12, item 10: the first bytes decide, and the message says what it really is."""
    assert message in _refusal(name, data)


@pytest.mark.parametrize(
    "name, data",
    [
        ("report.pdf", b"%PDF-1.4 not really a PDF"),
        ("report.pdf", pdf_bytes()[:200]),
        ("report.docx", _zip(**{"[Content_Types].xml": docx_bytes()[:0] + b"x"})),
        ("report.docx", docx_bytes()[:-40]),
        ("figures.xlsx", xlsx_bytes()[:300]),
    ],
)
def test_a_file_that_starts_right_but_does_not_open_is_refused(name, data):
    """Issue 12, item 10: magic bytes are not enough: the file must parse as its kind."""
    message = _refusal(name, data)
    assert "could not be opened" in message or "not a" in message


def test_a_docx_whose_content_types_say_word_but_does_not_parse_is_damaged():
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    types = f'<Types><Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
    data = _zip(**{"[Content_Types].xml": types.encode(), "word/document.xml": b"<not xml"})
    assert "could not be opened as a DOCX file" in _refusal("r.docx", data)


def test_a_password_protected_pdf_is_refused_with_a_reason():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    assert "protected by a password" in _refusal("report.pdf", out.getvalue())


def test_extension_size_and_emptiness_are_named():
    assert _refusal("x.exe", b"MZ") == (
        "The selected file must be a PDF, DOCX, DOC, ODT, XLSX, CSV or TXT."
    )
    assert _refusal("x.pdf", b"") == "The selected file is empty."
    big = SimpleUploadedFile("x.pdf", b"%PDF-" + b"x" * (2 * 1024 * 1024))
    with pytest.raises(UploadRefused, match="smaller than 1MB"):
        check_upload(big, allowed=["pdf"], max_bytes=1024 * 1024)


# --- Bounded work -----------------------------------------------------------------------------


def test_a_zip_that_unpacks_to_too_much_is_refused_unread():
    """Issue 12, item 10: a "zip bomb" named .docx costs nothing: its declared sizes
    are checked before any part is read."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"\x00" * ((MAX_UNPACKED_MB + 1) * 1024 * 1024))
    started = time.monotonic()
    message = _refusal("bomb.docx", out.getvalue())
    assert f"unpacks to more than {MAX_UNPACKED_MB}MB" in message
    assert time.monotonic() - started < 2


def test_a_zip_of_too_many_parts_is_refused():
    data = _zip(**{f"part{i}.xml": b"" for i in range(MAX_ZIP_MEMBERS + 1)})
    assert f"{MAX_ZIP_MEMBERS:,} parts" in _refusal("many.xlsx", data)


def _blank_rows_xlsx(blank_rows: int, *, dimension: bool = True) -> bytes:
    """A workbook as Excel saves one: its sheet declares its size, and after the headings
    and one entry come `blank_rows` rows that are there (formatted, say) but blank."""
    data = xlsx_bytes(HEADINGS)
    last = 2 + blank_rows
    rows = "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(3, last + 1))
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<dimension ref="A1:E{last}"/>' if dimension else "")
        + '<sheetData><row r="1">'
        + "".join(
            f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
            for c, h in zip("ABCDE", HEADINGS, strict=True)
        )
        + '</row><row r="2"><c r="A2" t="inlineStr"><is><t>01/03/2026</t></is></c>'
        + '<c r="E2" t="inlineStr"><is><t>Seen at home</t></is></c></row>'
        + rows
        + "</sheetData></worksheet>"
    )
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = sheet.encode()
            archive.writestr(item.filename, body)
    return out.getvalue()


def test_a_chronology_xlsx_of_200000_blank_rows_is_refused_quickly():
    """Issue 12, item 10: a 1 MB XLSX of 200,000 blank rows took 18-36 s to import.
    Reading stops after a run of blank rows, with a message saying what to delete."""
    data = _blank_rows_xlsx(200_000)
    assert len(data) < 2 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(FileRefused) as refused:
        parse_chronology("c.xlsx", data, agency_name="Police")
    assert time.monotonic() - started < 3
    assert str(refused.value) == (
        f"Rows 3 to {2 + MAX_BLANK_RUN:,} of the file are blank. Delete the empty rows "
        f"(more than {MAX_BLANK_RUN:,} in a row) and upload it again."
    )


def test_a_big_sheet_that_does_not_declare_its_size_is_refused_unread():
    """Issue 12, item 10: without a <dimension>, opening the workbook would read the whole
    sheet; a big one is refused from its first bytes."""
    data = _blank_rows_xlsx(400_000, dimension=False)
    started = time.monotonic()
    assert "do not say how big they are" in _refusal("c.xlsx", data)
    assert time.monotonic() - started < 2


def test_a_chronology_xlsx_with_a_few_blank_rows_still_imports():
    result = parse_chronology("c.xlsx", _blank_rows_xlsx(50), agency_name="Police")
    assert result.ok and len(result.rows) == 1


# --- Every upload goes through the check --------------------------------------------------------


@pytest.mark.django_db
def test_documents_refuse_an_html_page_named_pdf(cast, tmp_path, settings):
    """Issue 12, item 10: the documents upload (and so every generated document's path)."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        document_upload(
            case=cast.case,
            title="Report",
            kind="referral",
            file=SimpleUploadedFile("report.pdf", HTML),
            user=cast.business_manager,
            is_draft=False,
        )
    assert refused.value.message_dict == {
        "file": ["The selected file is a web page (HTML), not a PDF file."]
    }
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_documents_page_shows_the_refusal(client, cast):
    client.force_login(cast.business_manager)
    url = reverse("documents:upload", args=[cast.case.reference])
    response = client.post(
        url,
        {
            "file": SimpleUploadedFile("return.docx", EXE),
            "title": "Return",
            "kind": "referral",
            "confidentiality": cast.case.confidentiality,
        },
    )
    assert response.status_code == 200
    assert "The selected file is a Windows program, not a DOCX file." in response.content.decode()
    assert not Document.objects.exists()


def test_agency_returns_and_action_evidence_refuse_a_zip_named_docx():
    """Issue 12, item 10: returns (and evidence on actions, which share the check)."""
    from django.core.exceptions import ValidationError

    fake = SimpleUploadedFile("return.docx", _zip(**{"a.txt": b"hello"}))
    with pytest.raises(ValidationError) as refused:
        validate_response_file(fake)
    assert refused.value.message_dict == {
        "response_file": ["The selected file is a ZIP archive, not a DOCX file."]
    }
    fake.seek(0)
    errors = _evidence_errors([NewEvidence("Signed protocol", file=fake)])
    assert errors == {"evidence_file": "The selected file is a ZIP archive, not a DOCX file."}
    real = SimpleUploadedFile("return.docx", docx_bytes("Our return."))
    validate_response_file(real)
    assert real.read(2) == b"PK"  # left at its start, ready to save


@pytest.mark.django_db
def test_chronology_import_refuses_a_png_named_csv_and_records_why(cast):
    """Issue 12, item 10: the chronology import: refused, recorded, nothing written."""
    agency = AgencyFactory(partnership=cast.case.partnership)
    batch = chronology.chronology_import(
        case=cast.case,
        agency=agency,
        user=cast.member,
        file=SimpleUploadedFile("chronology.csv", PNG),
    )
    assert batch.status == ImportStatus.REFUSED
    assert batch.errors == ["The selected file is a PNG image, not a CSV file."]
    assert not ChronologyEntry.objects.exists()


@pytest.mark.django_db
def test_chronology_import_reads_utf16_with_its_bom(cast):
    agency = AgencyFactory(partnership=cast.case.partnership)
    data = (CSV_HEADER + "01/03/2026,,,,Seen at the café,,\n").encode("utf-16")
    batch = chronology.chronology_import(
        case=cast.case, agency=agency, user=cast.member, file=SimpleUploadedFile("c.csv", data)
    )
    assert batch.status == ImportStatus.IMPORTED, batch.errors
    assert ChronologyEntry.objects.get().event == "Seen at the café"


def test_audit_reference_list_refuses_a_png_named_csv():
    """Issue 12, item 10: the audit's uploaded list of references."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        references_from_file(SimpleUploadedFile("list.csv", PNG))
    assert refused.value.messages == ["The selected file is a PNG image, not a CSV file."]
    assert references_from_file(SimpleUploadedFile("list.csv", b"reference\nC-1\n")) == "C-1"
