"""Issue 12, item 6: the name check reads text as a reader sees it (normalisation, on
plain strings) and reads every place a file keeps text (extraction, on real files),
within bounds, while ordinary words stay ordinary (issue 11)."""

import codecs
import datetime
import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from docx import Document as new_docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from pypdf import PdfWriter
from pypdf.annotations import Text

from lantern.documents import passages as passages_module
from lantern.documents.namerules import Subject, passage_hits
from lantern.documents.normalise import collapse_spaced_letters, normalise
from lantern.documents.passages import decode_text, passages_of

from .test_namecheck_disguises import hand_pdf, letter_by_letter, weasy

LILY = Subject(
    full_name="Lily Fenwick",
    date_of_birth=datetime.date(2022, 12, 3),
    address="14 Thornfield Road\nDudley\nDY2 8QT",
    pseudonym="Child A",
)
ZOE = Subject(full_name="Zoë Ångström", pseudonym="Child B")
YOUNG = Subject(full_name="Sarah Young", pseudonym="Child A")


def found(text, subject=LILY):
    return [(hit.what, hit.words) for hit in passage_hits(text, "body", subject)]


def places(data, filename="report.docx"):
    return {p.where: p.text for p in passages_of(data, filename)}


# --- normalisation ------------------------------------------------------------------


def test_normalise_keeps_where_each_character_came_from():
    view = normalise("a\u200bＢé")
    assert view.text == "aBe"
    assert view.original_span(1, 3) == (2, 4)  # "Ｂé" in the original


def test_normalise_drops_control_characters_a_misread_pdf_font_leaves():
    assert normalise("\x00L\x00i\x00l\x00y").text == "Lily"


def test_soft_hyphen_at_a_line_end_takes_the_line_break_with_it():
    assert normalise("Fen\u00ad\nwick").text == "Fenwick"


def test_letters_one_space_apart_are_split_at_capitals_and_at_the_subjects_names():
    spaced = normalise("C h i l d A i s L I L Y F E N W I C K t o d a y")
    parts = ["lily", "fenwick"]

    def cuts(word):
        return {k for part in parts for k in (word.lower().find(part),) if k > 0}

    assert "LILY" in collapse_spaced_letters(spaced, cuts).text


@pytest.mark.parametrize(
    "text, words",
    [
        ("Zoe Angstrom was seen.", "Zoe Angstrom"),  # the record has accents, the text not
        ("ZOË ÅNGSTRÖM", "ZOË ÅNGSTRÖM"),
    ],
)
def test_accents_on_either_side_do_not_matter(text, words):
    assert found(text, ZOE) == [("the subject's full name", words)]


def test_greek_look_alikes_are_read_as_latin():
    assert found("Met \u039ciss Fenwick.") == [
        ("the subject's name with a title", "\u039ciss Fenwick")
    ]


def test_a_pdf_drawn_in_pieces_is_read_joined_where_the_text_around_is_in_pieces():
    assert found("Chi l d A i s Li l y Fenwi ck t oday") == [
        ("the subject's full name", "Li l y Fenwi ck")
    ]


def test_pieces_are_not_joined_in_ordinary_prose():
    adam = Subject(full_name="Adam Smith", pseudonym="Child A")
    assert found("They built a dam by the river.", adam) == []


# --- the rules the disguises needed -------------------------------------------------


@pytest.mark.parametrize("text", ["L.F.", "L. F.", "(L.F.)", "L.F"])
def test_initials_on_their_own_are_found(text):
    assert [what for what, _ in found(f"Notes on {text} today")] == ["the subject's initials"]


@pytest.mark.parametrize("text", ["LF", "L F", "F.L.", "A.B.C. Academy", "Child A. F. Smith"])
def test_other_letters_are_not_the_subjects_initials(text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Child A was born in December 2022.",
        "Date of birth\nDecember 2022",
        "DOB: Dec 2022",
        "born 12/2022",
        "Her birthday is on 3rd December.",
    ],
)
def test_month_and_year_or_day_and_month_of_birth_near_a_birth_word(text):
    (what,) = [what for what, _ in found(text)]
    assert what in ("the subject's month and year of birth", "the subject's birthday")


@pytest.mark.parametrize(
    "text",
    [
        "In December 2022 the family moved.",
        "The review met on 3 December 2025.",
        "Her brother was seen on 13/12/2022.",
        "Invoice 20221213",
    ],
)
def test_other_dates_are_not_the_date_of_birth(text):
    assert found(text) == []


@pytest.mark.parametrize("text", ["Thornfield Rd", "THORNFIELD ROAD", "14, Thornfield Road"])
def test_the_street_in_any_form(text):
    assert [what for what, _ in found(text)] == ["a line of the subject's address"]


@pytest.mark.parametrize(
    "text",
    [
        "Young people told us what mattered.",
        "The service for y\u200boung people was stretched.",  # normalised, still ordinary
        "ＹＯＵＮＧ ＰＥＯＰＬＥ",
    ],
)
def test_issue_11_ordinary_word_surname_stays_ordinary_after_normalising(text):
    assert found(text, YOUNG) == []


def test_issue_11_ordinary_word_surname_used_as_a_name_is_found_through_disguises():
    assert found("The school spoke to Ｙоung about it.", YOUNG) == [
        ("the subject's surname", "Ｙоung")
    ]


def test_rules_take_linear_time_on_a_long_passage():
    """A 200-page report is about 500,000 characters; the rules must not be quadratic
    in the hits (an ordinary-word surname on every line once was)."""
    line = "Young people met Young at the town hall on 13/12/2023 with Sarah.\n"
    text = line * 8000  # 530,000 characters, 24,000 candidate names
    started = time.process_time()
    hits = passage_hits(text, "body", YOUNG)
    assert time.process_time() - started < 20  # about 2 s; quadratic took minutes
    assert len(hits) == 16000


# --- extraction ---------------------------------------------------------------------


def _docx(change):
    document = new_docx()
    document.add_paragraph("Child A was known to agencies.")
    change(document)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def test_docx_every_core_property_is_read():
    def change(document):
        document.core_properties.category = "Fenwick case"
        document.core_properties.content_status = "Draft: L. Fenwick"

    found_in = places(_docx(change))
    assert found_in["document properties: Category"] == "Fenwick case"
    assert found_in["document properties: Status"] == "Draft: L. Fenwick"


def test_docx_link_addresses_and_field_codes_are_read():
    def change(document):
        paragraph = document.paragraphs[0]
        rel = paragraph.part.relate_to(
            "https://example.org/lily-fenwick",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
            is_external=True,
        )
        paragraph._p.append(
            parse_xml(
                f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel}"><w:r><w:t>link</w:t></w:r>'
                "</w:hyperlink>"
            )
        )
        paragraph._p.append(
            parse_xml(f"<w:r {nsdecls('w')}><w:instrText> MERGEFIELD Fenwick </w:instrText></w:r>")
        )

    found_in = places(_docx(change))
    assert found_in["link addresses"] == "https://example.org/lily-fenwick"
    assert "Fenwick" in found_in["body (field code)"]


def test_docx_text_box_is_read_once_not_again_from_its_fallback_copy():
    from .test_namecheck_disguises import _text_box

    found_in = passages_of(_docx(_text_box), "report.docx")
    boxes = [p for p in found_in if p.where == "text box"]
    assert [p.text for p in boxes] == ["Sidebar: Lily Fenwick"]


def test_docx_that_would_unpack_too_large_is_refused_not_half_read(monkeypatch):
    monkeypatch.setattr(passages_module, "MAX_XML_BYTES", 1000)
    with pytest.raises(ValidationError, match="too large for Lantern to check"):
        passages_of(_docx(lambda document: None), "report.docx")


def test_docx_zip_without_a_document_is_refused():
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as package:
        package.writestr("hello.txt", "Lily Fenwick")
    with pytest.raises(ValidationError, match="could not read this file as a Word"):
        passages_of(stream.getvalue(), "report.docx")


def _pdf_with(add):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    add(writer)
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


def test_pdf_comments_and_bookmarks_are_read():
    def add(writer):
        writer.add_annotation(0, Text(rect=(10, 10, 50, 50), text="Lily Fenwick said so"))
        writer.add_outline_item(title="About Lily Fenwick", page_number=0)

    found_in = places(_pdf_with(add), "report.pdf")
    assert found_in["page 1 (comments, form fields and links)"] == "Lily Fenwick said so"
    assert found_in["bookmarks"] == "About Lily Fenwick"


def test_pdf_xmp_metadata_is_read():
    def add(writer):
        writer.xmp_metadata = (
            b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
            b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            b'xmlns:dc="http://purl.org/dc/elements/1.1/"><rdf:Description><dc:title><rdf:Alt>'
            b"<rdf:li>Review of Lily Fenwick</rdf:li></rdf:Alt></dc:title></rdf:Description>"
            b"</rdf:RDF></x:xmpmeta>"
        )

    assert places(_pdf_with(add), "report.pdf")["PDF metadata: XMP"] == "Review of Lily Fenwick"


def test_pdf_drawn_letter_by_letter_at_fixed_steps_is_read():
    """Each glyph placed at a fixed step, as some generators do: pypdf puts spaces in
    the middle of words ("Li l y Fenwi ck"), and the check still reads the name."""
    operations = "\n".join(
        f"BT /F1 12 Tf {72 + 7.5 * i:.1f} 700 Td ({c}) Tj ET"
        for i, c in enumerate("Child A is Lily Fenwick today")
        if c != " "
    )
    (page,) = [p for p in passages_of(hand_pdf(operations)[1], "report.pdf") if p.where == "page 1"]
    assert [what for what, _ in found(page.text)] == ["the subject's full name"]


def test_pdf_with_more_pages_than_the_bound_is_refused(monkeypatch):
    monkeypatch.setattr(passages_module, "MAX_PDF_PAGES", 1)
    _, data = weasy("One.", "Two.")
    with pytest.raises(ValidationError, match="more than 1 pages"):
        passages_of(data, "report.pdf")


def test_letter_spaced_pdf_text_is_extracted_as_single_spaced_letters():
    """What the letter-by-letter disguise gives the rules: one space between every
    letter, word gaps lost, which the normaliser splits again."""
    _, data = hand_pdf(letter_by_letter("Lily Fenwick", tracking=3))
    (page,) = [p for p in passages_of(data, "report.pdf") if p.where == "page 1"]
    assert "L i l y" in page.text


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF16_LE + "Lily Fenwick".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "Lily Fenwick".encode("utf-16-be"),
        "Lily Fenwick".encode("utf-16-le"),  # no byte order mark
        codecs.BOM_UTF8 + b"Lily Fenwick",
        "Lily Fenwick".encode("utf-32"),
    ],
)
def test_plain_text_in_any_unicode_encoding_is_decoded(data):
    assert decode_text(data) == "Lily Fenwick"


def test_plain_text_from_older_windows_programs_is_decoded():
    assert decode_text("Zoë Ångström".encode("cp1252")) == "Zoë Ångström"


def test_a_finding_quotes_the_text_without_invisible_or_control_characters():
    """A NUL cannot be stored with an acceptance (PostgreSQL refuses it) nor shown."""
    (hit,) = passage_hits("\x00M\x00e\x00t Lily Fen\u200bwick.", "page 1", LILY)
    assert hit.context() == "Met Lily Fenwick."


def test_pdf_with_a_missing_glyph_is_still_read_letter_for_letter():
    """A character no font has (drawn as an empty box) makes WeasyPrint write its
    identity encoding out in full; pypdf then read every page of that font a byte at a
    time: NULs between letters, "Thorn\\noeld" for "Thornfield". Read as Identity-H."""
    _, data = weasy("\uff2c Then we met Lily Fenwick of 14 Thornfield Road, Dudley.")
    (page,) = [p for p in passages_of(data, "report.pdf") if p.where == "page 1"]
    assert "\x00" not in page.text
    assert [what for what, _ in found(page.text)] == [
        "the subject's full name",
        "a line of the subject's address",
    ]


def test_text_shown_backwards_by_a_right_to_left_override_is_read_as_shown():
    """U+202E shows "kciwneF ylil" as "lily Fenwick": read in the order shown."""
    text = "We met \u202ekciwneF ylil\u202c at home."
    assert found(text) == [("the subject's full name", "kciwneF ylil")]


def test_docx_embedded_spreadsheet_is_read():
    """A spreadsheet pasted into the report as an object opens with a double click."""
    sheet = io.BytesIO()
    with zipfile.ZipFile(sheet, "w") as workbook:
        workbook.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            "<si><t>Child</t></si><si><r><t>Lily </t></r><r><t>Fenwick</t></r></si></sst>",
        )
    report = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_docx(lambda document: None))) as source,
        zipfile.ZipFile(report, "w") as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/embeddings/Microsoft_Excel_Worksheet.xlsx", sheet.getvalue())
    found_in = places(report.getvalue())
    assert found_in["embedded object: Microsoft_Excel_Worksheet.xlsx"] == "Child\nLily Fenwick"
