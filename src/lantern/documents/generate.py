"""Documents Lantern writes itself (DOCX and PDF), marked on every page.

A section is (heading, body); the body's blank lines separate paragraphs. Drafts are
marked DRAFT_MARKING at the top and bottom of every page, whatever their marking;
other documents carry `marking` (e.g. "OFFICIAL – SENSITIVE") there instead.
"""

import base64
import io
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor
from docx.text.paragraph import Paragraph

from lantern.web.text import clean_text

from .charts import svg_data_uri
from .models import DRAFT_MARKING

if TYPE_CHECKING:
    from weasyprint import HTML

Sections = list[tuple[str, str]]
_RED = RGBColor(0xD4, 0x35, 0x1C)  # GOV.UK red


class Figure(NamedTuple):
    """A chart or picture shown at the end of one section. `alt` is its text alternative
    (say every number: it is what a screen reader reads); the DOCX takes `png`, the PDF
    takes `svg` when there is one, else `png`. See lantern.documents.charts."""

    alt: str
    png: bytes
    svg: str = ""


#: The heading of the section each figure ends.
Figures = Mapping[str, Figure]


def page_marking(marking: str, draft: bool) -> str:
    return DRAFT_MARKING if draft else marking


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in on every page."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _mark(paragraph: Paragraph, text: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.color.rgb = _RED


def _add_picture(document: Any, figure: Figure) -> None:
    document.add_picture(io.BytesIO(figure.png), width=Cm(16))
    properties = document.inline_shapes[-1]._inline.docPr
    properties.set("descr", figure.alt)  # Word's "alt text"
    properties.set("title", figure.alt[:100])


class _Body:
    """Appends paragraphs to a DOCX body in constant time each.

    python-docx's `add_paragraph` scans the body for its section properties on every
    insert and looks a style up by name each time: a pack of thousands of actions took
    minutes (issue 13). Here each paragraph goes straight before the section properties,
    and each style's id is looked up once."""

    def __init__(self, document: Any) -> None:
        self._document = document
        self._element = document.element.body
        self._end = self._element.sectPr  # the body's last child, when there is one
        self._style_ids: dict[str, str] = {}

    def add(self, text: str, style: str | None = None) -> Paragraph:
        element = OxmlElement("w:p")
        if self._end is not None:
            self._end.addprevious(element)
        else:
            self._element.append(element)
        paragraph = Paragraph(element, self._document._body)
        if style is not None:
            if style not in self._style_ids:
                self._style_ids[style] = self._document.styles[style].style_id
            element.style = self._style_ids[style]
        if text:
            paragraph.add_run(text)
        return paragraph

    def heading(self, text: str, level: int) -> Paragraph:
        return self.add(text, "Title" if level == 0 else f"Heading {level}")


def render_docx(
    *,
    title: str,
    sections: Sections,
    marking: str,
    draft: bool,
    figures: Figures | None = None,
) -> bytes:
    text = page_marking(marking, draft)
    # Text stored before every form cleaned it may hold what a DOCX cannot (lantern.web.text).
    title, sections = clean_text(title), [(clean_text(h), clean_text(b)) for h, b in sections]
    document = new_docx()
    document.core_properties.title = title
    document.core_properties.author = "Lantern"
    document.core_properties.category = text
    document.settings.odd_and_even_pages_header_footer = False
    for section in document.sections:
        # One header and one footer for every page: no different first or even pages.
        section.different_first_page_header_footer = False
        _mark(section.header.paragraphs[0], text)
        footer = section.footer.paragraphs[0]
        _mark(footer, text)
        footer.add_run(" · Page ")
        _field(footer, "PAGE")
        footer.add_run(" of ")
        _field(footer, "NUMPAGES")
    writer = _Body(document)
    writer.heading(title, level=0)
    for heading, body in sections:
        writer.heading(heading, level=1)
        for paragraph in _paragraphs(body):
            writer.add(paragraph)
        if figures and heading in figures:
            _add_picture(document, figures[heading])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _css_string(text: str) -> str:
    """`text` as a quoted CSS string that cannot end the string or the style element."""
    escaped = "".join(f"\\{ord(c):X} " if c in '\\"<>\n\r' else c for c in text)
    return f'"{escaped}"'


def _figure_html(figure: Figure) -> str:
    source = svg_data_uri(figure.svg) if figure.svg else _png_data_uri(figure.png)
    # A data: URI: still nothing for WeasyPrint to fetch.
    return mark_safe(  # noqa: S308 - the alt text is escaped, the source is base64
        f'<img src="{source}" alt="{escape(figure.alt)}" style="width: 100%">'
    )


def _png_data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def print_html(
    *,
    title: str,
    sections: Sections,
    marking: str,
    draft: bool,
    figures: Figures | None = None,
) -> "HTML":
    """The WeasyPrint document behind render_pdf (tests inspect its pages)."""
    # Imported here: WeasyPrint is slow to import and logs as it does.
    from weasyprint import HTML

    title, sections = clean_text(title), [(clean_text(h), clean_text(b)) for h, b in sections]
    html = render_to_string(
        "documents/print.html",
        {
            "title": title,
            "sections": [
                (
                    heading,
                    _paragraphs(body)
                    + ([_figure_html(figures[heading])] if figures and heading in figures else []),
                )
                for heading, body in sections
            ],
            "marking_css": mark_safe(_css_string(page_marking(marking, draft))),  # noqa: S308
            "marking": page_marking(marking, draft),
        },
    )
    # Everything in the page is escaped text: there is nothing for WeasyPrint to fetch.
    return HTML(string=html, base_url=None)


def render_pdf(
    *,
    title: str,
    sections: Sections,
    marking: str,
    draft: bool,
    figures: Figures | None = None,
) -> bytes:
    document = print_html(
        title=title, sections=sections, marking=marking, draft=draft, figures=figures
    )
    return document.write_pdf(pdf_variant="pdf/ua-1")


def stamp_docx(data: bytes) -> bytes:
    """An uploaded DOCX draft with DRAFT_MARKING at the top of every page's header.

    The first section gets its own headers (first, odd and even pages) if it had none;
    later sections either have their own, stamped here, or repeat the one before."""
    document = new_docx(io.BytesIO(data))
    for index, section in enumerate(document.sections):
        for header in (section.header, section.first_page_header, section.even_page_header):
            if header.is_linked_to_previous and index > 0:
                continue
            header.is_linked_to_previous = False
            if any(DRAFT_MARKING in p.text for p in header.paragraphs):
                continue
            first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            _mark(first.insert_paragraph_before(), DRAFT_MARKING)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def stamp_pdf(data: bytes) -> bytes:
    """An uploaded PDF draft with DRAFT_MARKING at the top and bottom of every page.

    Each page gets an overlay of its own size, drawn by WeasyPrint and merged by pypdf."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    writer = PdfWriter(clone_from=io.BytesIO(data))
    overlays: dict[tuple[float, float], Any] = {}
    for page in writer.pages:
        size = (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1))
        if size not in overlays:
            html = _OVERLAY.format(width=size[0], height=size[1], marking=DRAFT_MARKING)
            overlays[size] = PdfReader(io.BytesIO(HTML(string=html).write_pdf())).pages[0]
        page.merge_page(overlays[size])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_OVERLAY = """<html><head><style>
@page {{ size: {width}pt {height}pt; margin: 0; }}
body {{ margin: 0; font-family: sans-serif; font-weight: bold; color: #d4351c; font-size: 9pt; }}
p {{ position: absolute; left: 0; right: 0; text-align: center; margin: 0; }}
.top {{ top: 6pt; }} .bottom {{ bottom: 6pt; }}
</style></head><body><p class="top">{marking}</p><p class="bottom">{marking}</p></body></html>"""
