"""The text of a document, part by part, for the name check.

A report names its subject wherever Word or a PDF keeps text, not only in the body:
tables, headers, footers, comments, foot- and endnotes, text deleted under tracked
changes (still in the file), and the properties a reader sees in "File > Properties".
Each passage says where it came from, so a finding can say where to look.
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS = {
    "/header": "header",
    "/footer": "footer",
    "/comments": "comment",
    "/footnotes": "footnote",
    "/endnotes": "endnote",
}
CHECKED_FORMATS = "DOCX, PDF or plain text (TXT, CSV)"


@dataclass(frozen=True)
class Passage:
    where: str  # "body", "table", "header", "comment", "page 3", "PDF metadata: Title"
    text: str


def _nearest_paragraph(element: Any) -> Any:
    return next(element.iterancestors(f"{W}p"), None)


def _paragraph_text(paragraph: Any, tag: str) -> str:
    """The paragraph's own text (a text box inside it is a paragraph of its own)."""
    pieces = []
    for node in paragraph.iter(f"{W}t", f"{W}delText", f"{W}tab", f"{W}br", f"{W}cr"):
        if _nearest_paragraph(node) is not paragraph:
            continue
        local = node.tag[len(W) :]
        if local == tag:
            pieces.append(node.text or "")
        elif local == "tab" and tag == "t":
            pieces.append("\t")
        elif local in ("br", "cr"):
            pieces.append("\n")
    return "".join(pieces)


def _xml_passages(root: Any, where: str) -> list[Passage]:
    """One passage per place (body text, tables; each comment, note), paragraphs joined
    by line breaks so that a name broken across two lines is still one run of text."""
    # Keyed by (place, owner): each comment or note is read apart from the others.
    per_place: dict[tuple[str, str], list[str]] = {}
    deleted: dict[tuple[str, str], list[str]] = {}
    for paragraph in root.iter(f"{W}p"):
        place, owner_id = where, ""
        if where == "body" and next(paragraph.iterancestors(f"{W}tc"), None) is not None:
            place = "table"
        if where in ("comment", "footnote", "endnote"):
            owner = next(paragraph.iterancestors(f"{W}{where}"), None)
            owner_id = owner.get(f"{W}id", "") if owner is not None else ""
        per_place.setdefault((place, owner_id), []).append(_paragraph_text(paragraph, "t"))
        gone = _paragraph_text(paragraph, "delText")
        if gone.strip():
            deleted.setdefault((place, owner_id), []).append(gone)
    passages = []
    for (place, _), lines in per_place.items():
        if "".join(lines).strip():
            passages.append(Passage(place, "\n".join(lines)))
    for (place, _), lines in deleted.items():
        passages.append(
            Passage(f"{place} (deleted text kept by tracked changes)", "\n".join(lines))
        )
    return passages


def docx_passages(data: bytes) -> list[Passage]:
    from docx import Document as Docx

    try:
        document = Docx(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise ValidationError(
            "Lantern could not read this file as a Word (DOCX) document. Save it again "
            "from Word as a .docx file, or as a PDF, and upload it as a new version."
        ) from error
    passages = _xml_passages(document.element.body, "body")
    for rel in document.part.rels.values():
        if rel.is_external:
            continue
        where = next((w for end, w in _PARTS.items() if rel.reltype.endswith(end)), None)
        if where is None:
            continue
        part = rel.target_part
        root = getattr(part, "element", None)
        if root is None:
            root = etree.fromstring(part.blob)
        passages += _xml_passages(root, where)
    properties = document.core_properties
    for label in ("title", "subject", "author", "keywords", "comments", "last_modified_by"):
        value = getattr(properties, label, "") or ""
        if value.strip():
            name = label.replace("_", " ").capitalize()
            passages.append(Passage(f"document properties: {name}", value))
    return passages


def pdf_passages(data: bytes) -> list[Passage]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(
                "This PDF is password-protected, so Lantern cannot check it for the "
                "subject's details. Upload it without a password."
            )
        passages = []
        metadata: Any = reader.metadata or {}
        for key, label in (
            ("/Title", "Title"),
            ("/Author", "Author"),
            ("/Subject", "Subject"),
            ("/Keywords", "Keywords"),
        ):
            value = str(metadata.get(key) or "")
            if value.strip():
                passages.append(Passage(f"PDF metadata: {label}", value))
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            if text.strip():
                passages.append(Passage(f"page {number}", text))
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(
            "Lantern could not read this file as a PDF. Save it again as a PDF and upload "
            "it as a new version."
        ) from error
    return passages


def text_passages(data: bytes) -> list[Passage]:
    return [Passage("text", data.decode("utf-8-sig", errors="replace"))]


def passages_of(data: bytes, filename: str) -> list[Passage]:
    """Every passage of text in a file, by its format. Formats Lantern cannot read are
    refused: a check that could not see the text must not pass the document."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".docx":
        return docx_passages(data)
    if suffix == ".pdf":
        return pdf_passages(data)
    if suffix in (".txt", ".csv"):
        return text_passages(data)
    raise ValidationError(
        f"Lantern can check only {CHECKED_FORMATS} files for the subject's details, and "
        f"“{filename}” is not one. Save it as a DOCX or PDF and upload it as a new version."
    )


def document_passages(document: Any) -> list[Passage]:
    """The passages of a stored lantern.documents Document."""
    with document.file.open("rb") as stored:
        data = stored.read()
    return passages_of(data, document.filename)


def document_text(document: Any) -> str:
    """All the text of a document as one string (every part, one after the other)."""
    return "\n".join(p.text for p in document_passages(document))
