"""Real files for upload tests: every upload is checked by its content (lantern.web.uploads),
so a test uploads a PDF that pypdf opens, a DOCX that python-docx opens, and so on."""

import io
import zipfile

import docx
from openpyxl import Workbook
from pypdf import PdfWriter


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs or ("A document.",):
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(*rows: list[object]) -> bytes:
    book = Workbook()
    for row in rows or (["A cell"],):
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def odt_bytes(text: str = "A document.") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            f"<office:body><office:text><text:p>{text}</text:p></office:text></office:body>"
            "</office:document-content>",
        )
    return out.getvalue()


def doc_bytes() -> bytes:
    """The start of a Word 97-2003 file: an OLE2 header and a directory naming its
    WordDocument stream (what the check looks for; no parser of DOC is installed)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    entry = "WordDocument".encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64
    return header + entry + b"\x00" * 384


#: One small real file of each kind, made once, so a test can compare what it stored.
PDF = pdf_bytes()
DOCX = docx_bytes()
XLSX = xlsx_bytes()
ODT = odt_bytes()
DOC = doc_bytes()
_BY_EXTENSION = {
    "pdf": PDF,
    "docx": DOCX,
    "xlsx": XLSX,
    "odt": ODT,
    "doc": DOC,
    "csv": b"reference\nC-1\n",
    "txt": b"Some notes.\n",
}


def real_bytes(name: str) -> bytes:
    """A real file of the kind `name` ends in (a PDF when it ends in nothing known)."""
    return _BY_EXTENSION.get(name.rpartition(".")[2].lower(), PDF)
