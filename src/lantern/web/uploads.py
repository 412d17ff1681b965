"""Every upload is checked by what it is, not only by what it is called.

An HTML page named .pdf, a Windows program named .docx, a ZIP that is not a Word
document or a PNG named .csv would otherwise be kept and handed to the next reader (or
to the name check) as what its name says. So every upload (documents, evidence on
actions, agency returns, the chronology import, the audit's list of references) goes
through `check_upload`:

- its name must end in one of the kinds the page takes, and its size be within limits;
- its first bytes must be that kind's (a PDF starts with "%PDF-", DOCX and XLSX are ZIP
  archives, DOC an OLE2 compound file, CSV and TXT are text), and what it really is
  is named when it is something else ("is a Windows program, not a DOCX file");
- it must open as that kind: pypdf reads a PDF's pages, python-docx opens a DOCX,
  openpyxl a workbook (read-only, no rows read), an ODT has its content.

The work an upload can cause is bounded: a ZIP may hold at most MAX_ZIP_MEMBERS parts
unpacking to at most MAX_UNPACKED_MB (a "zip bomb" is refused before anything reads
it), and nothing reads a spreadsheet's rows here (the chronology import reads them with
its own limits, lantern.chronology.parsing).
"""

import io
import logging
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

MAX_ZIP_MEMBERS = 2000
MAX_UNPACKED_MB = 200
#: A sheet bigger than this (unpacked) must declare its size (see _sheet_sizes_declared).
MAX_UNSIZED_SHEET_MB = 10
#: Above this share of control characters (other than tab and line breaks), "text" is
#: binary. A few stray NULs in a CSV pasted from elsewhere stay under it.
MAX_CONTROL_SHARE = 0.05

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_ODT_MIME = b"application/vnd.oasis.opendocument.text"
_TEXT_CONTROLS = frozenset("\t\n\r\x0b\x0c")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b")


class UploadRefused(ValidationError):
    """The file is not what the page takes; the message says why, for the uploader."""


@dataclass(frozen=True)
class Kind:
    extension: str
    label: str  # as the message names it: "PDF", "Word (DOCX)"
    content_type: str
    check: Callable[[bytes, "Kind"], None]


def _refuse(message: str) -> UploadRefused:
    return UploadRefused(message, code="upload")


def _a(label: str) -> str:
    """ "a PDF", "an XLSX": the article as the letters are said."""
    return f"an {label}" if label[0] in "AEFHILMNORSX" else f"a {label}"


def _not_what_it_says(data: bytes, kind: Kind) -> UploadRefused:
    actual = what_it_is(data)
    if actual:
        return _refuse(f"The selected file is {actual}, not {_a(kind.label)} file.")
    return _refuse(
        f"The selected file is not {_a(kind.label)} file, whatever its name says. "
        f"Save it as {_a(kind.label)} file and upload it again."
    )


def _damaged(kind: Kind) -> UploadRefused:
    return _refuse(
        f"The selected file could not be opened as {_a(kind.label)} file. It may be damaged: "
        "open it, save it again and upload it."
    )


def what_it_is(data: bytes) -> str:
    """What the first bytes say the file is, in words; empty when they say nothing."""
    head = data[:1024]
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"MZ"):
        return "a Windows program"
    if head.startswith(b"\x7fELF"):
        return "a program"
    if head.startswith(b"%PDF-"):
        return "a PDF"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "a PNG image"
    if head.startswith(b"\xff\xd8\xff"):
        return "a JPEG image"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF image"
    if head.startswith(_OLE2):
        return "an older Office file (DOC, XLS or PPT)"
    if head.startswith(_ZIP):
        return _what_zip_it_is(data)
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return "a web page (HTML)"
    if start.startswith(b"<svg") or (start.startswith(b"<?xml") and b"<svg" in start):
        return "an SVG image"
    return ""


def _what_zip_it_is(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            types = _read_member(archive, "[Content_Types].xml", 1024 * 1024)
    except (zipfile.BadZipFile, UploadRefused, KeyError, OSError):
        return "a ZIP archive"
    if b"macroEnabled" in types:
        return "an Office file with macros"
    if _DOCX_MAIN.encode() in types:
        return "a Word (DOCX) document"
    if _XLSX_MAIN.encode() in types:
        return "an Excel (XLSX) workbook"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint presentation"
    return "a ZIP archive"


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise _refuse("The selected file is too big once unpacked.")
    return archive.read(info)


def _open_zip(data: bytes, kind: Kind) -> zipfile.ZipFile:
    """The archive, once its parts are few enough and unpack to little enough."""
    if not data.startswith(_ZIP):
        raise _not_what_it_says(data, kind)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _damaged(kind) from None
    unpacked = sum(m.file_size for m in members)
    if len(members) > MAX_ZIP_MEMBERS or unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        archive.close()
        raise _refuse(
            f"The selected file unpacks to more than {MAX_UNPACKED_MB}MB or "
            f"{MAX_ZIP_MEMBERS:,} parts: it cannot be {_a(kind.label)} file Lantern can take."
        )
    return archive


def _office_types(archive: zipfile.ZipFile, data: bytes, kind: Kind) -> bytes:
    try:
        return _read_member(archive, "[Content_Types].xml", 1024 * 1024)
    except KeyError:
        raise _not_what_it_says(data, kind) from None


def _check_pdf(data: bytes, kind: Kind) -> None:
    if not data.startswith(b"%PDF-"):
        raise _not_what_it_says(data, kind)
    from pypdf import PdfReader  # only when a PDF arrives
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged PDF is refused, not logged
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _refuse(
                "The selected PDF is protected by a password. "
                "Save it without a password and upload it again."
            )
        pages = len(reader.pages)
    except UploadRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        raise _damaged(kind) from None
    if pages < 1:
        raise _damaged(kind)


def _check_docx(data: bytes, kind: Kind) -> None:
    with _open_zip(data, kind) as archive:
        types = _office_types(archive, data, kind)
        if _DOCX_MAIN.encode() not in types:
            raise _not_what_it_says(data, kind)
    import docx  # only when a DOCX arrives

    try:
        docx.Document(io.BytesIO(data))
    except Exception:  # python-docx and lxml raise many kinds on a damaged file
        raise _damaged(kind) from None


def _sheet_sizes_declared(archive: zipfile.ZipFile, kind: Kind) -> None:
    """openpyxl reads a sheet's size from its <dimension>; a sheet without one (Excel
    always writes it) is read through to the end just to open the workbook. A big one
    is refused rather than read."""
    for member in archive.infolist():
        name = member.filename
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        if member.file_size <= MAX_UNSIZED_SHEET_MB * 1024 * 1024:
            continue
        with archive.open(member) as sheet:
            head = sheet.read(64 * 1024)
        data_at = head.find(b"sheetData")
        match = _DIMENSION.search(head)
        if match is None or (data_at != -1 and match.start() > data_at):
            raise _refuse(
                f"The selected file's sheets do not say how big they are. Open it in Excel, "
                f"save it again as {_a(kind.label)} file and upload that."
            )


def _check_xlsx(data: bytes, kind: Kind) -> None:
    with _open_zip(data, kind) as archive:
        types = _office_types(archive, data, kind)
        if _XLSX_MAIN.encode() not in types:
            raise _not_what_it_says(data, kind)
        _sheet_sizes_declared(archive, kind)
    from openpyxl import load_workbook  # only when an XLSX arrives

    try:
        # read_only: the sheets are not read here, only the workbook's parts.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not book.sheetnames:
                raise _damaged(kind)
        finally:
            book.close()
    except UploadRefused:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise _damaged(kind) from None


def _check_odt(data: bytes, kind: Kind) -> None:
    with _open_zip(data, kind) as archive:
        try:
            mimetype = _read_member(archive, "mimetype", 1024).strip()
            content = _read_member(archive, "content.xml", 64 * 1024 * 1024)
        except KeyError:
            raise _not_what_it_says(data, kind) from None
    if mimetype != _ODT_MIME:
        raise _not_what_it_says(data, kind)
    from lxml import etree  # python-docx's parser; entities never expanded, no network

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        etree.fromstring(content, parser)
    except etree.XMLSyntaxError:
        raise _damaged(kind) from None


def _check_doc(data: bytes, kind: Kind) -> None:
    # An OLE2 compound file whose directory names a WordDocument stream: a Word 97-2003
    # document (not an XLS or PPT, which share the container).
    if not data.startswith(_OLE2):
        raise _not_what_it_says(data, kind)
    if _WORD_STREAM not in data:
        raise _refuse(f"The selected file is not {_a(kind.label)} file: it is another Office file.")


def decode_text(data: bytes) -> str:
    """Text as spreadsheets and editors save it: UTF-8 (with or without its BOM), UTF-16
    with its BOM, else Windows-1252 (what Excel saves as "CSV"). UnicodeDecodeError when
    a BOM promises what the bytes do not keep."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _check_text(data: bytes, kind: Kind) -> None:
    if what_it_is(data):
        raise _not_what_it_says(data, kind)
    try:
        text = decode_text(data)
    except UnicodeDecodeError:
        raise _refuse(
            f"The selected file is not {_a(kind.label)} file Lantern can read. "
            "Save it as UTF-8 text (in Excel, CSV UTF-8) and upload it again."
        ) from None
    sample = text[:65536]
    controls = sum(1 for c in sample if c < " " and c not in _TEXT_CONTROLS)
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        raise _not_what_it_says(data, kind)


KINDS: dict[str, Kind] = {
    k.extension: k
    for k in (
        Kind("pdf", "PDF", "application/pdf", _check_pdf),
        Kind(
            "docx",
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _check_docx,
        ),
        Kind("doc", "DOC", "application/msword", _check_doc),
        Kind("odt", "ODT", "application/vnd.oasis.opendocument.text", _check_odt),
        Kind(
            "xlsx",
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _check_xlsx,
        ),
        Kind("csv", "CSV", "text/csv", _check_text),
        Kind("txt", "TXT", "text/plain", _check_text),
    )
}


def extension_of(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


def kinds_in_words(allowed: Sequence[str]) -> str:
    """ "PDF, DOCX or TXT"."""
    labels = [KINDS[e].label for e in allowed]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"


def check_content(name: str, data: bytes, *, allowed: Sequence[str], max_bytes: int) -> Kind:
    """The kind `data` is, when its name, size and content agree and it is one of
    `allowed` (extensions); else UploadRefused with a message for the uploader."""
    extension = extension_of(name)
    if extension not in allowed:
        raise _refuse(f"The selected file must be a {kinds_in_words(allowed)}.")
    if not data:
        raise _refuse("The selected file is empty.")
    if len(data) > max_bytes:
        raise _refuse(f"The selected file must be smaller than {max_bytes // (1024 * 1024)}MB.")
    kind = KINDS[extension]
    kind.check(data, kind)
    return kind


def check_upload(file: Any, *, allowed: Sequence[str], max_bytes: int) -> Kind:
    """check_content for an uploaded file (anything with name, size, read and seek). The
    size is checked before anything is read; the file is left at its start for saving."""
    name = str(getattr(file, "name", "") or "")
    size = getattr(file, "size", None)
    if extension_of(name) in allowed and size is not None:
        if not size:
            raise _refuse("The selected file is empty.")
        if size > max_bytes:
            raise _refuse(f"The selected file must be smaller than {max_bytes // (1024 * 1024)}MB.")
    file.seek(0)
    data = file.read(max_bytes + 1)
    file.seek(0)
    return check_content(name, data, allowed=allowed, max_bytes=max_bytes)
