"""Uploads: accepted formats and sizes, version chains; generated DOCX and PDF kept."""

import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as open_docx

from lantern.cases.models import Confidentiality
from lantern.documents.models import DRAFT_MARKING, Document, private_storage
from lantern.documents.services import MAX_SIZE, document_generate, document_upload
from tests.factories import CaseFactory, UserFactory
from tests.files import PDF, real_bytes
from tests.meetings.factories import MeetingFactory

from .fixtures import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return CaseFactory(confidentiality=Confidentiality.OFFICIAL_SENSITIVE)


@pytest.fixture
def user(case):
    return UserFactory(partnership=case.partnership)


class TestUploadValidation:
    @pytest.mark.parametrize(
        "name", ["return.pdf", "Return.DOCX", "r.doc", "r.odt", "r.xlsx", "r.csv", "r.txt"]
    )
    def test_accepted_formats(self, case, user, name):
        document = upload(case, user, name=name)
        assert document.filename == name
        assert document.size == len(real_bytes(name))

    @pytest.mark.parametrize("name", ["photo.jpg", "page.html", "run.exe", "noextension"])
    def test_other_formats_are_refused(self, case, user, name):
        with pytest.raises(ValidationError) as refused:
            upload(case, user, name=name)
        assert refused.value.message_dict["file"] == [
            "The selected file must be a PDF, DOCX, DOC, ODT, XLSX, CSV or TXT."
        ]
        assert not Document.objects.exists()

    def test_a_file_over_20mb_is_refused(self, case, user):
        big = SimpleUploadedFile("report.pdf", b"x")
        big.size = MAX_SIZE + 1
        with pytest.raises(ValidationError) as refused:
            document_upload(
                case=case, title="Report", kind="other", file=big, user=user, is_draft=False
            )
        assert refused.value.message_dict["file"] == [
            "The selected file must be smaller than 20MB."
        ]

    def test_exactly_20mb_is_accepted(self, case, user):
        padded = PDF + b"\n%" + b"x" * (MAX_SIZE - len(PDF) - 2)  # a comment after %%EOF
        assert upload(case, user, content=padded).size == MAX_SIZE

    def test_an_empty_file_and_a_blank_title_are_refused(self, case, user):
        with pytest.raises(ValidationError) as refused:
            upload(case, user, content=b"", title=" ")
        assert refused.value.message_dict == {
            "file": ["The selected file is empty."],
            "title": ["Enter a title for the document."],
        }

    def test_the_type_sent_comes_from_the_format_not_the_browser(self, case, user):
        file = SimpleUploadedFile("notes.txt", b"hello", content_type="text/html")
        document = document_upload(
            case=case, title="Notes", kind="other", file=file, user=user, is_draft=False
        )
        assert document.content_type == "text/plain"

    def test_a_paper_must_be_for_a_meeting_of_the_same_case(self, case, user):
        with pytest.raises(ValidationError) as refused:
            upload(case, user, meeting=MeetingFactory(case__partnership=case.partnership))
        assert "meeting" in refused.value.message_dict


class TestStorage:
    def test_files_are_kept_privately_under_the_data_directory(self):
        location = private_storage().location
        assert location == str(settings.DATA_DIR / "private" / "documents")
        assert "media" not in location
        with pytest.raises(NotImplementedError):
            private_storage().url("1/x.pdf")

    def test_the_stored_name_says_nothing_about_the_file(self, case, user, private_files):
        document = upload(case, user, name="Child X police notes.pdf")
        assert "Child" not in document.file.name
        assert document.file.name.startswith(f"{case.pk}/")
        assert (private_files / document.file.name).read_bytes() == PDF

    def test_drafts_are_always_strictly_confidential(self, case, user):
        assert upload(case, user).confidentiality == Confidentiality.OFFICIAL_SENSITIVE
        draft = upload(case, user, is_draft=True, confidentiality="official_sensitive")
        assert draft.confidentiality == Confidentiality.STRICTLY_CONFIDENTIAL
        assert draft.marking == DRAFT_MARKING


class TestVersionChain:
    def test_each_new_version_supersedes_the_last(self, case, user):
        first = upload(case, user, title="Report", kind="report_draft", is_draft=True)
        second = upload(case, user, title="Report", kind="report_draft", supersedes=first)
        third = upload(case, user, title="Final report", kind="final_report", supersedes=second)
        assert [d.version for d in (first, second, third)] == [1, 2, 3]
        assert first.superseded_by == second
        assert third.supersedes.supersedes == first

    def test_an_old_version_cannot_be_superseded_again(self, case, user):
        first = upload(case, user)
        upload(case, user, supersedes=first)
        with pytest.raises(ValidationError) as refused:
            upload(case, user, supersedes=first)
        assert refused.value.message_dict["supersedes"] == [
            "A newer version of that document has been added: choose the latest version."
        ]

    def test_a_document_of_another_case_cannot_be_superseded(self, case, user):
        elsewhere = upload(CaseFactory(partnership=case.partnership), user)
        with pytest.raises(ValidationError):
            upload(case, user, supersedes=elsewhere)


class TestGenerate:
    SECTIONS = [("Summary", "What happened."), ("Decision", "Local CSPR.")]

    def test_keeps_a_docx_and_a_pdf_each_marked(self, case, user):
        docx, pdf = document_generate(
            case=case,
            title="Rapid Review template",
            kind="rapid_review_template",
            sections=self.SECTIONS,
            user=user,
            draft=True,
        )
        assert (docx.filename, pdf.filename) == (
            f"{case.reference} Rapid Review template.docx",
            f"{case.reference} Rapid Review template.pdf",
        )
        assert docx.is_draft and pdf.is_draft
        assert pdf.content_type == "application/pdf"
        with docx.file.open("rb") as stored:
            header = open_docx(io.BytesIO(stored.read())).sections[0].header
        assert header.paragraphs[0].text == DRAFT_MARKING
        with pdf.file.open("rb") as stored:
            assert stored.read(5) == b"%PDF-"

    def test_a_final_version_is_marked_with_the_case_confidentiality(self, case, user):
        docx, _ = document_generate(
            case=case, title="T", kind="other", sections=self.SECTIONS, user=user, draft=False
        )
        with docx.file.open("rb") as stored:
            header = open_docx(io.BytesIO(stored.read())).sections[0].header
        assert header.paragraphs[0].text == "OFFICIAL – SENSITIVE"
        assert docx.confidentiality == Confidentiality.OFFICIAL_SENSITIVE

    def test_generating_again_adds_the_next_version_of_each_format(self, case, user):
        arguments = {
            "case": case,
            "title": "Rapid Review template",
            "kind": "rapid_review_template",
            "sections": self.SECTIONS,
            "user": user,
        }
        first = document_generate(**arguments, draft=True)
        second = document_generate(**arguments, draft=False)
        assert [d.version for d in second] == [2, 2]
        assert [d.supersedes for d in second] == list(first)
        assert not second[0].is_draft
