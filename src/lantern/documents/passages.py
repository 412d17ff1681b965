"""The text of a document, part by part, for the name check.

A report names its subject wherever Word or a PDF keeps text a reader or a search
engine can see, not only in the body: tables (nested too), text boxes, headers,
footers, comments, foot- and endnotes, text deleted under tracked changes (still in
the file), field codes, image alt text and link addresses, Office files embedded in
it, and the properties shown in "File > Properties" (core, extended and custom). In a
PDF: every page, the document information and XMP metadata, comments and form
fields, bookmarks, and the alt text of tagged content. Plain text in UTF-8,
UTF-16/32 (with or without a byte order mark) or Windows-1252.

Each passage says where it came from, so a finding can say where to look. The rules
(lantern.documents.namerules) then read each passage as a reader sees it.

The work is bounded: a DOCX whose XML would unpack to more than MAX_XML_BYTES, or a
PDF of more than MAX_PDF_PAGES pages, is refused with a message rather than half read:
a check that could not see the text must not pass the document.
"""

import codecs
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from lxml import etree
from pypdf.errors import PyPdfError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CHECKED_FORMATS = "DOCX, PDF or plain text (TXT, CSV)"
MAX_XML_BYTES = 200 * 1024 * 1024  # unpacked; a 200-page report is a few MB
MAX_PDF_PAGES = 1000  # pypdf reads about 20 pages a CPU second
MAX_PDF_NODES = 100_000  # bookmarks and tagged-content nodes visited

# Parts of a Word file by their file name in word/ (rels can name them otherwise; see
# _docx_parts), and the place a finding names.
_PART_PLACES = [
    (re.compile(r"header\d*\.xml"), "header"),
    (re.compile(r"footer\d*\.xml"), "footer"),
    (re.compile(r"comments\.xml"), "comment"),
    (re.compile(r"footnotes\.xml"), "footnote"),
    (re.compile(r"endnotes\.xml"), "endnote"),
    (re.compile(r"glossary/document\.xml"), "building blocks"),
]
_REL_PLACES = {
    "/header": "header",
    "/footer": "footer",
    "/comments": "comment",
    "/footnotes": "footnote",
    "/endnotes": "endnote",
    "/glossaryDocument": "building blocks",
}
_OWNERS = {f"{W}comment", f"{W}footnote", f"{W}endnote"}
_CORE_LABELS = {
    "title": "Title",
    "subject": "Subject",
    "creator": "Author",
    "keywords": "Keywords",
    "description": "Comments",
    "lastModifiedBy": "Last modified by",
    "category": "Category",
    "contentStatus": "Status",
    "identifier": "Identifier",
    "version": "Version",
}
_NOT_TEXT = {"created", "modified", "lastPrinted", "revision", "language"}
# Extended properties (docProps/app.xml) that hold words, not counts.
_APP_LABELS = {
    "Company": "Company",
    "Manager": "Manager",
    "HyperlinkBase": "Hyperlink base",
    "TitlesOfParts": "Titles of parts",
}


@dataclass(frozen=True)
class Passage:
    where: str  # "body", "table", "header", "comment", "page 3", "PDF metadata: Title"
    text: str


def _parser() -> Any:
    # No entities, no network, no huge trees: the file is untrusted.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _unreadable_docx() -> ValidationError:
    return ValidationError(
        "Lantern could not read this file as a Word (DOCX) document. Save it again "
        "from Word as a .docx file, or as a PDF, and upload it as a new version."
    )


class _Paragraph:
    __slots__ = ("deleted", "fields", "key", "text")

    def __init__(self, key: tuple[str, str]) -> None:
        self.key = key
        self.text: list[str] = []
        self.deleted: list[str] = []
        self.fields: list[str] = []


def _xml_passages(root: Any, where: str) -> list[Passage]:
    """One passage per place (body text, tables, text boxes; each comment, note),
    paragraphs joined by line breaks so that a name broken across two lines is still
    one run of text. One walk over the part: a text box inside a paragraph is a
    paragraph of its own; the copy Word keeps for old readers (mc:Fallback) is not
    read twice."""
    per_place: dict[tuple[str, str], list[str]] = {}
    deleted: dict[tuple[str, str], list[str]] = {}
    fields: dict[tuple[str, str], list[str]] = {}
    attributes: dict[str, list[str]] = {}
    open_paragraphs: list[_Paragraph] = []
    cells = boxes = fallback = 0
    owner = ""
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if event == "end":
            if tag == f"{W}tc":
                cells -= 1
            elif tag == f"{W}txbxContent":
                boxes -= 1
            elif tag == f"{MC}Fallback":
                fallback -= 1
            elif tag == f"{W}p" and not fallback and open_paragraphs:
                paragraph = open_paragraphs.pop()
                per_place.setdefault(paragraph.key, []).append("".join(paragraph.text))
                if "".join(paragraph.deleted).strip():
                    deleted.setdefault(paragraph.key, []).append("".join(paragraph.deleted))
                if "".join(paragraph.fields).strip():
                    fields.setdefault(paragraph.key, []).append("".join(paragraph.fields))
            continue
        if tag == f"{W}tc":
            cells += 1
        elif tag == f"{W}txbxContent":
            boxes += 1
        elif tag == f"{MC}Fallback":
            fallback += 1
        if fallback:
            continue
        if tag in _OWNERS:
            owner = element.get(f"{W}id", "")
        elif tag == f"{W}p":
            place = "text box" if boxes else "table" if cells and where == "body" else where
            open_paragraphs.append(_Paragraph((place, owner)))
        elif open_paragraphs:
            paragraph = open_paragraphs[-1]
            if tag in (f"{W}t", f"{M}t"):
                paragraph.text.append(element.text or "")
            elif tag == f"{W}delText":
                paragraph.deleted.append(element.text or "")
            elif tag in (f"{W}instrText", f"{W}delInstrText"):
                paragraph.fields.append(element.text or "")
            elif tag in (f"{W}tab", f"{W}ptab"):
                paragraph.text.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                paragraph.text.append("\n")
            elif tag == f"{W}noBreakHyphen":
                paragraph.text.append("-")
            elif tag == f"{W}softHyphen":
                paragraph.text.append("\u00ad")
        _visible_attributes(element, attributes)
    passages = [
        Passage(place, "\n".join(lines))
        for (place, _), lines in per_place.items()
        if "".join(lines).strip()
    ]
    for (place, _), lines in deleted.items():
        passages.append(
            Passage(f"{place} (deleted text kept by tracked changes)", "\n".join(lines))
        )
    for (place, _), lines in fields.items():
        passages.append(Passage(f"{place} (field code)", "\n".join(lines)))
    for label, values in attributes.items():
        passages.append(Passage(f"{where}: {label}", "\n".join(values)))
    return passages


def _visible_attributes(element: Any, found: dict[str, list[str]]) -> None:
    """Text kept in attributes that a reader sees: image alt text and titles (read
    aloud by screen readers, shown on hover), and link tooltips."""
    local = _local(element.tag)
    values: list[tuple[str, str | None]] = []
    if local in ("docPr", "cNvPr"):
        values = [
            ("image alt text", element.get("descr")),
            ("image alt text", element.get("title")),
        ]
    elif local in ("shape", "rect", "roundrect", "oval", "imagedata", "group"):
        values = [
            ("image alt text", element.get("alt")),
            ("image alt text", element.get("{urn:schemas-microsoft-com:office:office}title")),
        ]
    elif local == "hyperlink":
        values = [("link tooltip", element.get(f"{W}tooltip"))]
    for label, value in values:
        if value and value.strip() and value not in found.get(label, []):
            found.setdefault(label, []).append(value)


def _read_xml(package: zipfile.ZipFile, name: str) -> Any:
    try:
        return etree.fromstring(package.read(name), _parser())
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, OSError) as error:
        raise _unreadable_docx() from error


def _rels(package: zipfile.ZipFile, part: str) -> list[Any]:
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_name not in package.namelist():
        return []
    return list(_read_xml(package, rels_name).iter(f"{RELS}Relationship"))


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _docx_parts(package: zipfile.ZipFile) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The main document part, the other parts with text (name, place) and the
    addresses of external links."""
    names = set(package.namelist())
    main = "word/document.xml"
    for rel in _rels(package, ""):
        if rel.get("Type", "").endswith("/officeDocument"):
            main = _target("", rel.get("Target", ""))
    if main not in names:
        raise _unreadable_docx()
    parts: dict[str, str] = {}
    links: list[str] = []
    for rel in _rels(package, main):
        kind, target = rel.get("Type", ""), rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            if kind.endswith("/hyperlink"):
                links.append(target)
            continue
        place = next((p for end, p in _REL_PLACES.items() if kind.endswith(end)), None)
        if place:
            parts[_target(main, target)] = place
    folder = posixpath.dirname(main)
    for name in sorted(names):
        if not name.startswith(f"{folder}/") or name in parts:
            continue
        inner = name[len(folder) + 1 :]
        place = next((p for pattern, p in _PART_PLACES if pattern.fullmatch(inner)), None)
        if place:
            parts[name] = place
    for part in parts:
        for rel in _rels(package, part):
            if rel.get("TargetMode") == "External" and rel.get("Type", "").endswith("/hyperlink"):
                links.append(rel.get("Target", ""))
    return main, [(n, p) for n, p in parts.items() if n in names], links


def _property_passages(package: zipfile.ZipFile) -> list[Passage]:
    names = set(package.namelist())
    passages: list[Passage] = []

    def add(label: str, value: str | None) -> None:
        if value and value.strip():
            passages.append(Passage(f"document properties: {label}", value))

    if "docProps/core.xml" in names:
        for element in _read_xml(package, "docProps/core.xml"):
            local = _local(element.tag)
            if local and local not in _NOT_TEXT:
                add(_CORE_LABELS.get(local, local), element.text)
    if "docProps/app.xml" in names:
        for element in _read_xml(package, "docProps/app.xml"):
            label = _APP_LABELS.get(_local(element.tag))
            if label:
                add(label, "\n".join(t for t in element.itertext() if t.strip()))
    if "docProps/custom.xml" in names:
        for element in _read_xml(package, "docProps/custom.xml"):
            add(element.get("name") or "custom", "".join(element.itertext()))
    for name in sorted(names):
        # Data behind content controls (and SharePoint columns), shown in the document
        # or in the document information panel.
        if re.fullmatch(r"customXml/item\d+\.xml", name):
            root = _read_xml(package, name)
            text = "\n".join(t.strip() for t in root.itertext() if t.strip())
            if text:
                passages.append(Passage("custom XML data", text))
    return passages


_EMBEDDED = re.compile(r"word/embeddings/[^/]+\.(docx|docm|xlsx|xlsm|pptx|pptm)", re.I)
_TEXT_HOLDERS = frozenset({"p", "si", "is"})  # a paragraph; a spreadsheet's string


def _embedded_passages(package: zipfile.ZipFile, budget: int) -> list[Passage]:
    """Office files embedded in the report (a spreadsheet, another document), which a
    reader opens with a double click: the text of every paragraph and cell string."""
    passages: list[Passage] = []
    for name in sorted(package.namelist()):
        if not _EMBEDDED.fullmatch(name):
            continue
        try:
            inner = zipfile.ZipFile(io.BytesIO(package.read(name)))
            parts = [i for i in inner.infolist() if i.filename.endswith(".xml")]
        except (zipfile.BadZipFile, OSError, ValueError):
            continue  # an object Lantern cannot open is not one a reader can either
        budget -= sum(i.file_size for i in parts)
        if budget < 0:
            raise _too_large()
        lines: list[str] = []
        for part in parts:
            try:
                root = etree.fromstring(inner.read(part.filename), _parser())
            except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError):
                continue
            for element in root.iter():
                if _local(element.tag) in _TEXT_HOLDERS:
                    text = "".join(t.text or "" for t in element.iter() if _local(t.tag) == "t")
                    if text.strip():
                        lines.append(text)
        if lines:
            label = posixpath.basename(name)
            passages.append(Passage(f"embedded object: {label}", "\n".join(lines)))
    return passages


def _too_large() -> ValidationError:
    return ValidationError(
        "This Word document is too large for Lantern to check for the subject's "
        "details. Save it without embedded objects, or as a PDF, and upload it again."
    )


def docx_passages(data: bytes) -> list[Passage]:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _unreadable_docx() from error
    unpacked = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    if unpacked > MAX_XML_BYTES:
        raise _too_large()
    main, parts, links = _docx_parts(package)
    passages = _xml_passages(_read_xml(package, main), "body")
    for name, place in parts:
        passages += _xml_passages(_read_xml(package, name), place)
    if links:
        passages.append(Passage("link addresses", "\n".join(dict.fromkeys(links))))
    passages += _embedded_passages(package, MAX_XML_BYTES - unpacked)
    return passages + _property_passages(package)


_BROKEN = (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError)


def _pdf_string(value: Any) -> str:
    try:
        value = value.get_object() if hasattr(value, "get_object") else value
    except _BROKEN:  # a broken reference holds no text
        return ""
    if isinstance(value, bytes):
        return value.decode("latin-1", errors="replace")
    return value if isinstance(value, str) else ""


def _pdf_metadata(reader: Any) -> list[Passage]:
    passages: list[Passage] = []
    info: Any = reader.metadata or {}
    seen: set[str] = set()
    for key in list(info.keys()):
        if key in ("/CreationDate", "/ModDate", "/Trapped"):
            continue
        value = _pdf_string(info.get(key))
        if value.strip():
            passages.append(Passage(f"PDF metadata: {key.lstrip('/')}", value))
            seen.add(value.strip())
    root = reader.trailer["/Root"].get_object()
    metadata = root.get("/Metadata")
    if metadata is not None:
        try:
            xml = etree.fromstring(metadata.get_object().get_data(), _parser())
        except (etree.XMLSyntaxError, ValueError, AttributeError):
            xml = None
        if xml is not None:
            values = [t.strip() for t in xml.itertext() if t.strip() and t.strip() not in seen]
            if values:
                passages.append(Passage("PDF metadata: XMP", "\n".join(dict.fromkeys(values))))
    return passages


def _pdf_annotations(page: Any, number: int) -> list[Passage]:
    """Comments, form field values and link addresses on a page."""
    texts: list[str] = []
    annotations = page.get("/Annots")
    annotations = annotations.get_object() if annotations is not None else []
    for reference in annotations or []:
        annotation = reference.get_object()
        for key in ("/Contents", "/T", "/TU", "/V", "/RC"):
            texts.append(_pdf_string(annotation.get(key)))
        action = annotation.get("/A")
        if action is not None:
            texts.append(_pdf_string(action.get_object().get("/URI")))
    texts = [t for t in dict.fromkeys(texts) if t.strip()]
    return (
        [Passage(f"page {number} (comments, form fields and links)", "\n".join(texts))]
        if texts
        else []
    )


def _pdf_tree_texts(reader: Any) -> list[Passage]:
    """Bookmark titles, and the alt text and replacement text of tagged content
    (what a screen reader reads out instead of the drawn letters)."""
    passages: list[Passage] = []
    root = reader.trailer["/Root"].get_object()
    budget = MAX_PDF_NODES
    for key, label, fields in (
        ("/Outlines", "bookmarks", ("/Title",)),
        ("/StructTreeRoot", "tagged content: alt text", ("/Alt", "/ActualText", "/T", "/E")),
    ):
        start = root.get(key)
        if start is None:
            continue
        texts: list[str] = []
        stack = [start]
        seen: set[int] = set()
        while stack and budget > 0:
            budget -= 1
            node = stack.pop()
            try:
                node = node.get_object()
            except _BROKEN:  # a broken reference holds no text
                node = None
            if node is None:
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, list):
                stack.extend(reversed(node))
                continue
            if not hasattr(node, "get"):
                continue
            texts += [_pdf_string(node.get(f)) for f in fields]
            for child in ("/Next", "/First") if key == "/Outlines" else ("/K",):
                if node.get(child) is not None:
                    stack.append(node.get(child))
        texts = [t for t in texts if t.strip()]
        if texts:
            passages.append(Passage(label, "\n".join(texts)))
    return passages


_CODESPACE_2_BYTES = re.compile(rb"begincodespacerange\s*<0000>\s*<ffff>\s*endcodespacerange", re.I)
_CIDCHAR = re.compile(rb"<([0-9a-fA-F]{4})>\s+(\d+)")
_CIDRANGE = re.compile(rb"<([0-9a-fA-F]{4})>\s*<[0-9a-fA-F]{4}>\s+(\d+)")


def _identity_cmap(data: bytes) -> bool:
    """An embedded encoding CMap that maps every two-byte code to the same CID (or to
    0, the missing glyph): Identity-H written out, as WeasyPrint does."""
    if not _CODESPACE_2_BYTES.search(data):
        return False
    for pattern in (_CIDCHAR, _CIDRANGE):
        for code, cid in pattern.findall(data):
            if int(cid) not in (0, int(code, 16)):
                return False
    return True


def _read_fonts_as_identity(page: Any, checked: dict[int, bool]) -> None:
    """pypdf reads a Type0 font's embedded identity CMap as one byte a character on
    long documents: every letter then comes with a NUL, ligatures and Cyrillic come
    out as other letters ("Thorn\\noeld" for "Thornfield"), and a name can slip by.
    Such an encoding is Identity-H, so it is read as that (in memory only)."""
    from pypdf.generic import NameObject, StreamObject

    resources = page.get("/Resources")
    fonts = resources.get_object().get("/Font") if resources is not None else None
    if fonts is None:
        return
    for reference in fonts.get_object().values():
        font = reference.get_object()
        encoding = font.get("/Encoding")
        if font.get("/Subtype") != "/Type0" or encoding is None:
            continue
        stream = encoding.get_object()
        if not isinstance(stream, StreamObject):
            continue
        if id(stream) not in checked:
            checked[id(stream)] = _identity_cmap(stream.get_data())
        if checked[id(stream)]:
            font[NameObject("/Encoding")] = NameObject("/Identity-H")


def pdf_passages(data: bytes) -> list[Passage]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(
                "This PDF is password-protected, so Lantern cannot check it for the "
                "subject's details. Upload it without a password."
            )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ValidationError(
                f"This PDF has more than {MAX_PDF_PAGES} pages, more than Lantern can "
                "check for the subject's details. Upload the report on its own."
            )
        passages = _pdf_metadata(reader)
        checked: dict[int, bool] = {}
        for number, page in enumerate(reader.pages, start=1):
            _read_fonts_as_identity(page, checked)
            text = page.extract_text() or ""
            if text.strip():
                passages.append(Passage(f"page {number}", text))
            passages += _pdf_annotations(page, number)
        passages += _pdf_tree_texts(reader)
    except _BROKEN as error:
        raise ValidationError(
            "Lantern could not read this file as a PDF. Save it again as a PDF and upload "
            "it as a new version."
        ) from error
    return passages


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def decode_text(data: bytes) -> str:
    """Plain text in whatever encoding it was saved in: a byte order mark says which;
    without one, text full of NUL bytes in every other place is UTF-16; else UTF-8,
    or Windows-1252 (older Windows programs) where it is not UTF-8."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    sample = data[:4096]
    if len(sample) >= 4:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
            return data.decode("utf-16-le", errors="replace")
        if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
            return data.decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def text_passages(data: bytes) -> list[Passage]:
    return [Passage("text", decode_text(data))]


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
