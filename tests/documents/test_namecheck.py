"""name_check(document, case): every part of a DOCX, PDF pages and metadata, plain
text; formats it cannot read are refused; the interface the publish flows call."""

import datetime
import io

import pytest
import weasyprint
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from docx import Document as new_docx

from lantern.documents.models import Document
from lantern.documents.namecheck import Finding, name_check, name_check_url
from lantern.documents.passages import document_text
from tests.factories import CaseFactory, SubjectFactory, UserFactory

from .fixtures import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    subject = SubjectFactory(
        kind="child",
        full_name="Sarah Okonkwo",
        date_of_birth=datetime.date(2015, 3, 3),
        address="12 Acacia Avenue\nDudley\nDY1 1AA",
    )
    return CaseFactory(partnership=subject.partnership, subject=subject, pseudonym="Child A")


@pytest.fixture
def author(case):
    return UserFactory(partnership=case.partnership)


def docx_bytes(*, body="", table="", header="", footer="", comment="", title="") -> bytes:
    document = new_docx()
    paragraph = document.add_paragraph(body or "Child A was known to agencies.")
    if table:
        grid = document.add_table(rows=1, cols=2)
        grid.cell(0, 0).text = "Name"
        grid.cell(0, 1).text = table
    document.sections[0].header.paragraphs[0].text = header
    document.sections[0].footer.paragraphs[0].text = footer
    if comment:
        document.add_comment(paragraph.runs, text=comment, author="Reviewer", initials="R")
    properties = document.core_properties
    properties.title, properties.author, properties.comments = title, "Business Unit", ""
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def pdf_bytes(*, pages=("Child A was known to agencies.",), title="Report", author="", keywords=""):
    body = "".join(
        f'<p style="page-break-before: always">{text}</p>' if n else f"<p>{text}</p>"
        for n, text in enumerate(pages)
    )
    head = (
        f"<title>{title}</title><meta name=author content='{author}'>"
        f"<meta name=keywords content='{keywords}'>"
    )
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return weasyprint.HTML(string=html).write_pdf()


def check(case, author, name, content):
    return name_check(upload(case, author, name=name, content=content), case)


def test_clean_docx_may_be_published(case, author):
    assert check(case, author, "report.docx", docx_bytes()) == []


@pytest.mark.parametrize(
    "part, where",
    [("body", "body"), ("table", "table"), ("header", "header"), ("footer", "footer")],
)
def test_docx_every_part_is_read(case, author, part, where):
    content = docx_bytes(**{part: "Notes on Sarah Okonkwo and her school."})
    (finding,) = check(case, author, "report.docx", content)
    assert (finding.what, finding.where) == ("the child's full name", where)
    assert finding.found.endswith("Notes on Sarah Okonkwo and her school.")


def test_docx_comments_are_read(case, author):
    content = docx_bytes(comment="Should we say S. Okonkwo here?")
    assert check(case, author, "report.docx", content) == [
        Finding("the child's surname with initials", "Should we say S. Okonkwo here?", "comment")
    ]


def test_docx_document_properties_are_read(case, author):
    (finding,) = check(case, author, "report.docx", docx_bytes(title="Review: Okonkwo"))
    assert finding.where == "document properties: Title"
    assert finding.what == "the child's surname"


def test_docx_text_deleted_under_tracked_changes_is_still_in_the_file(case, author):
    document = new_docx()
    paragraph = document.add_paragraph("Child A was seen.")
    deleted = paragraph._p.makeelement(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}del", {}
    )
    run = paragraph.runs[0]._r.__copy__()
    for text in run.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"):
        text.tag = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}delText"
        text.text = "Sarah Okonkwo "
    deleted.append(run)
    paragraph._p.append(deleted)
    stream = io.BytesIO()
    document.save(stream)
    (finding,) = check(case, author, "report.docx", stream.getvalue())
    assert finding.where == "body (deleted text kept by tracked changes)"


def test_pdf_pages_are_read_and_the_page_named(case, author):
    content = pdf_bytes(pages=["Child A was known.", "She was born on 3rd March 2015."])
    assert check(case, author, "report.pdf", content) == [
        Finding("the child's date of birth", "She was born on 3rd March 2015.", "page 2")
    ]


@pytest.mark.parametrize(
    "field, where",
    [("title", "PDF metadata: Title"), ("author", "PDF metadata: Author"),
     ("keywords", "PDF metadata: Keywords")],
)  # fmt: skip
def test_pdf_metadata_is_read(case, author, field, where):
    content = pdf_bytes(**{field: "Okonkwo"})
    assert check(case, author, "report.pdf", content) == [
        Finding("the child's surname", "Okonkwo", where)
    ]


def test_pdf_hyphenated_surname_broken_across_a_line_is_found(case, author):
    case.subject.full_name = "Amy Smith-Jones"
    case.subject.save()
    content = pdf_bytes(pages=["The report says Smith-<br>Jones was at home."])
    (finding,) = check(case, author, "report.pdf", content)
    assert (finding.what, finding.where) == ("the child's surname", "page 1")
    assert "Smith- Jones" in finding.found


def test_plain_text_is_read(case, author):
    line = "Lived at 12 Acacia Avenue – Sarah’s home."
    assert check(case, author, "notes.txt", f"{line}\n".encode()) == [
        Finding("a line of the child's address", line, "text"),
        Finding("the child's first name", line, "text"),
    ]


def stored(case, author, name, content):
    """A document stored without the upload service's checks of its content (one kept
    from before them, say): the name check must refuse what it cannot read on its own."""
    return Document.objects.create(
        case=case, title="Final report", kind="final_report", filename=name,
        file=ContentFile(content, name=name), content_type="application/octet-stream",
        size=len(content), uploaded_by=author,
    )  # fmt: skip


@pytest.mark.parametrize("name", ["report.odt", "report.doc", "report.xlsx"])
def test_formats_that_cannot_be_checked_are_refused_with_a_clear_message(case, author, name):
    document = stored(case, author, name, b"not text Lantern can read")
    with pytest.raises(ValidationError, match="can check only DOCX, PDF or plain text"):
        name_check(document, case)


@pytest.mark.parametrize("name", ["report.docx", "report.pdf"])
def test_unreadable_file_is_refused_not_passed(case, author, name):
    document = stored(case, author, name, b"garbage, not a real file")
    with pytest.raises(ValidationError, match="could not read this file"):
        name_check(document, case)


def test_case_with_no_subject_has_nothing_to_find(case, author):
    document = upload(case, author, name="r.docx", content=docx_bytes(body="Sarah Okonkwo"))
    case.subject = None
    assert name_check(document, case) == []


def test_adults_findings_name_the_adult(author, case):
    case.subject.kind = "adult"
    case.subject.full_name = "Adult Demo Two"
    case.subject.save()
    case.pseudonym = "Adult A"
    text = "Adult A lived alone. Two agencies knew Adult A. We met Adult Demo Two."
    (finding,) = check(case, author, "report.txt", text.encode())
    assert finding.what == "the adult's full name"


def test_demo_sar_report_with_the_pseudonym_adult_a_may_be_published(author, case):
    case.subject.kind, case.subject.full_name = "adult", "Adult Demo Two"
    case.subject.save()
    case.pseudonym = "Adult A"
    content = docx_bytes(
        body="Adult A lived alone. Adult A's two sons visited. The demo showed two gaps.",
        header="Safeguarding Adult Review: Adult A",
        table="Adult A",
    )
    assert check(case, author, "report.docx", content) == []


def test_document_text_joins_every_part(case, author):
    document = upload(
        case, author, name="r.docx", content=docx_bytes(header="HEAD", footer="FOOT", table="CELL")
    )
    text = document_text(document)
    assert all(word in text for word in ("HEAD", "FOOT", "CELL", "Child A was known"))


def test_name_check_url_is_the_documents_name_check_page(case, author):
    document = upload(case, author, name="r.txt", content=b"Child A")
    assert name_check_url(document, case) == (
        f"/cases/{case.reference}/documents/{document.pk}/name-check/"
    )


def test_docx_hyphenated_surname_split_over_two_lines_is_found(case, author):
    case.subject.full_name = "Amy Smith-Jones"
    case.subject.save()
    document = new_docx()
    paragraph = document.add_paragraph("The report says Smith-")
    paragraph.add_run().add_break()
    paragraph.add_run("Jones was at home.")
    stream = io.BytesIO()
    document.save(stream)
    (finding,) = check(case, author, "report.docx", stream.getvalue())
    assert (finding.what, finding.where) == ("the child's surname", "body")
    assert finding.found == "The report says Smith- Jones was at home."
