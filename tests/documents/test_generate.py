"""Generated documents carry their marking on every page, in DOCX and in PDF."""

import io
import re
import zlib

import pytest
from docx import Document as open_docx
from weasyprint.formatting_structure.boxes import MarginBox, TextBox

from lantern.documents.generate import print_html, render_docx, render_pdf, stamp_docx
from lantern.documents.models import DRAFT_MARKING

# Long enough for several pages, in both formats.
SECTIONS = [
    (f"Section {n}", "\n\n".join(["The agencies shared what they knew. " * 30] * 4))
    for n in range(1, 7)
]


def _docx(data: bytes):
    return open_docx(io.BytesIO(data))


def _text(box) -> str:
    if isinstance(box, TextBox):
        return box.text
    return "".join(_text(child) for child in getattr(box, "children", []))


def _margins(page) -> dict[str, str]:
    return {
        box.at_keyword: _text(box) for box in page._page_box.children if isinstance(box, MarginBox)
    }


def _pdf_streams(pdf: bytes) -> bytes:
    """The PDF with every compressed stream inflated, to search its objects."""
    inflated = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            inflated.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"".join(inflated)


class TestDocx:
    def test_a_draft_is_headed_exactly_with_the_draft_marking_on_every_page(self):
        document = _docx(
            render_docx(title="Rapid Review", sections=SECTIONS, marking="X", draft=True)
        )
        # Word repeats a section's header and footer on each of its pages; no section
        # may have a different first page or different even pages.
        assert not document.settings.odd_and_even_pages_header_footer
        for section in document.sections:
            assert not section.different_first_page_header_footer
            assert section.header.paragraphs[0].text == DRAFT_MARKING
            assert section.footer.paragraphs[0].text.startswith(DRAFT_MARKING)
            assert 'w:instr="PAGE"' in section.footer._element.xml
        assert document.core_properties.title == "Rapid Review"

    def test_a_final_document_carries_its_own_marking(self):
        document = _docx(
            render_docx(
                title="Rapid Review", sections=SECTIONS, marking="OFFICIAL – SENSITIVE", draft=False
            )
        )
        section = document.sections[0]
        assert section.header.paragraphs[0].text == "OFFICIAL – SENSITIVE"
        assert "DRAFT" not in section.footer.paragraphs[0].text

    def test_the_body_holds_the_title_headings_and_paragraphs(self):
        document = _docx(
            render_docx(title="Rapid Review", sections=SECTIONS, marking="X", draft=True)
        )
        texts = [p.text for p in document.paragraphs]
        assert texts[0] == "Rapid Review"
        assert texts.count("Section 3") == 1
        assert len(texts) == 1 + 6 * (1 + 4)


class TestPdf:
    @pytest.mark.parametrize(
        "draft, expected", [(True, DRAFT_MARKING), (False, "STRICTLY CONFIDENTIAL")]
    )
    def test_the_marking_is_at_the_top_and_bottom_of_every_page(self, draft, expected):
        pages = (
            print_html(
                title="Rapid Review",
                sections=SECTIONS,
                marking="STRICTLY CONFIDENTIAL",
                draft=draft,
            )
            .render()
            .pages
        )
        assert len(pages) >= 3
        for number, page in enumerate(pages, start=1):
            margins = _margins(page)
            assert margins["@top-center"] == expected
            assert margins["@bottom-center"] == f"{expected} · Page {number} of {len(pages)}"

    def test_the_pdf_written_is_the_document_laid_out(self):
        arguments = {"title": "Rapid Review", "sections": SECTIONS, "marking": "X", "draft": True}
        pdf = render_pdf(**arguments)
        assert pdf.startswith(b"%PDF-")
        objects = _pdf_streams(pdf)
        pages = len(print_html(**arguments).render().pages)
        assert len(re.findall(rb"/Type\s*/Page\b", objects)) == pages
        keywords = re.search(rb"/Keywords\s*<feff([0-9a-f]+)>", objects)
        assert bytes.fromhex(keywords.group(1).decode()).decode("utf-16-be") == DRAFT_MARKING

    def test_text_cannot_break_out_of_the_marking(self):
        marking = 'A "quoted" \\ marking </style><h1>'
        page = print_html(title="T", sections=[], marking=marking, draft=False).render().pages[0]
        assert _margins(page)["@top-center"] == marking


class TestStampingUploadedDrafts:
    def _uploaded(self) -> bytes:
        document = open_docx()
        document.add_paragraph("First part")
        document.sections[0].header.paragraphs[0].text = "Agency letterhead"
        second = document.add_section()
        second.header.is_linked_to_previous = False
        second.header.paragraphs[0].text = "Appendix"
        document.add_section()  # repeats the header before it
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    def test_every_header_gets_the_draft_marking_once(self):
        stamped = _docx(stamp_docx(stamp_docx(self._uploaded())))
        for section in stamped.sections:
            # A linked header shows (and python-docx reads) the one of the section before.
            texts = [p.text for p in section.header.paragraphs]
            assert texts[0] == DRAFT_MARKING
            assert texts.count(DRAFT_MARKING) == 1
        assert [p.text for p in stamped.sections[0].header.paragraphs] == [
            DRAFT_MARKING,
            "Agency letterhead",
        ]
        assert [p.text for p in stamped.sections[1].header.paragraphs] == [
            DRAFT_MARKING,
            "Appendix",
        ]
        assert stamped.sections[2].header.is_linked_to_previous
        assert stamped.sections[0].first_page_header.paragraphs[0].text == DRAFT_MARKING


class TestUploadedPdfDraft:
    """Rule: every draft Lantern serves is marked, including PDFs people upload."""

    def test_every_page_of_a_served_pdf_draft_carries_the_marking(self):
        import io

        from pypdf import PdfReader
        from weasyprint import HTML

        from lantern.documents.generate import stamp_pdf
        from lantern.documents.models import DRAFT_MARKING

        pages = "".join(f'<p style="page-break-after: always">Page {n}</p>' for n in range(3))
        uploaded = HTML(string=f"<html><body>{pages}</body></html>").write_pdf()
        stamped = PdfReader(io.BytesIO(stamp_pdf(uploaded)))
        assert len(stamped.pages) == 3
        for number, page in enumerate(stamped.pages):
            text = page.extract_text()
            assert text.count(DRAFT_MARKING) == 2, number  # top and bottom
            assert f"Page {number}" in text


def _python_docx_body(title: str, sections: list[tuple[str, str]]) -> str:
    """The body python-docx's own add_heading/add_paragraph write: the reference."""
    from docx import Document as new_docx

    document = new_docx()
    document.add_heading(title, level=0)
    for heading, body in sections:
        document.add_heading(heading, level=1)
        for paragraph in body.split("\n\n"):
            document.add_paragraph(paragraph)
    return "".join(p.style.name + "|" + p.text + "\n" for p in document.paragraphs)


def test_docx_paragraphs_are_appended_as_python_docx_would():
    """Issue 13 (documents in time linear in their length): the body is written straight
    before the section properties with each style looked up once, and reads exactly as
    python-docx's own add_heading/add_paragraph would write it: the same paragraphs, in
    the same order, with the same styles; the section (page set-up) stays last."""
    sections = [(f"Action {n}", f"Owner {n}\n\nDue {n} January\n\nProgress {n}") for n in range(60)]
    document = _docx(render_docx(title="Pack", sections=sections, marking="OFFICIAL", draft=False))
    written = "".join(p.style.name + "|" + p.text + "\n" for p in document.paragraphs)
    assert written == _python_docx_body("Pack", sections)
    assert written.startswith("Title|Pack\nHeading 1|Action 0\nNormal|Owner 0\n")
    body = document.element.body
    assert body[-1].tag.endswith("}sectPr")
