"""Document pages under the one policy, plus the rules for drafts and meeting papers."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as new_docx

from lantern.accounts.models import Role
from lantern.audit.models import AuditEvent
from lantern.cases.models import Capacity
from lantern.documents.models import DRAFT_MARKING, Document
from tests.factories import MembershipFactory, UserFactory
from tests.files import DOCX, PDF
from tests.meetings.factories import AttendanceFactory, MeetingFactory

from .fixtures import upload

pytestmark = pytest.mark.django_db

READERS = [("member", 200), ("read_only_member", 200), ("outsider", 404), ("stranger", 404)]


def _download(document):
    return reverse("documents:download", args=[document.case.reference, document.pk])


def _list(case):
    return reverse("documents:list", args=[case.reference])


@pytest.fixture
def document(cast):
    return upload(cast.case, cast.member, title="Referral form", name="referral.pdf")


class TestList:
    @pytest.mark.parametrize("who, status", READERS)
    def test_who_sees_the_list(self, client, cast, document, who, status):
        client.force_login(getattr(cast, who))
        response = client.get(_list(cast.case))
        assert response.status_code == status
        if status == 200:
            assert "Referral form" in response.content.decode()

    def test_shows_version_draft_tag_and_marking(self, client, cast, document):
        upload(cast.case, cast.member, title="Referral form", supersedes=document)
        upload(cast.case, cast.member, title="Report", kind="report_draft", is_draft=True)
        client.force_login(cast.member)
        page = client.get(_list(cast.case)).content.decode()
        assert "Superseded" in page
        assert 'govuk-tag--red">Draft</strong> ' + DRAFT_MARKING in page
        assert "STRICTLY CONFIDENTIAL" in page

    @pytest.mark.parametrize(
        "params", [{}, {"q": "return", "kind": "referral", "latest": "on", "sort": "latest"}]
    )
    def test_query_count_is_locked_and_flat(self, client, cast, params, django_assert_num_queries):
        """Rule: searching, filtering and sorting cost no more, at 4 documents or 24."""
        meeting = MeetingFactory(case=cast.case)
        client.force_login(cast.read_only_member)

        def make(n):
            for i in range(n):
                first = upload(cast.case, cast.member, title=f"Return {i}")
                upload(cast.case, cast.member, title=f"Return {i}", supersedes=first)
                upload(cast.case, cast.member, title=f"Paper {i}", meeting=meeting)
                upload(cast.case, cast.member, title=f"Draft {i}", is_draft=True)

        # Every signed-in page: 1 session, 2 user, 3 their two-factor devices,
        # 4 partnership (header); no session write (issue 13). This page: 5 the case,
        # 6 the person's roles, 7 their membership, 8 the audit chain's head taken and
        # 9 the read written to the trail (issue 12, item 4), 10 the count of the
        # matching documents, 11 the page of them, with case, meeting and uploader
        # joined and "is latest" and the paper rule as subqueries, 12 the documents they
        # asked for that are still being prepared (issue 13).
        make(1)
        with django_assert_num_queries(12):
            assert client.get(_list(cast.case), params).status_code == 200
        make(5)
        with django_assert_num_queries(12):
            response = client.get(_list(cast.case), params)
        if params:  # the latest version of each return, newest first (two "Return 0")
            titles = [d.title for d in response.context["documents"]]
            assert titles == [f"Return {i}" for i in (4, 3, 2, 1, 0, 0)]


class TestDownload:
    @pytest.mark.parametrize("who, status", READERS)
    def test_who_may_download(self, client, cast, document, who, status):
        client.force_login(getattr(cast, who))
        response = client.get(_download(document))
        assert response.status_code == status
        if status == 200:
            assert response["Content-Disposition"] == 'attachment; filename="referral.pdf"'
            assert response["Content-Type"] == "application/pdf"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "no-store" in response["Cache-Control"]
            assert b"".join(response.streaming_content) == PDF

    def test_a_download_is_logged_as_a_read_of_the_document(self, client, cast, document):
        client.force_login(cast.read_only_member)
        client.get(_download(document), REMOTE_ADDR="10.9.8.7")
        reads = AuditEvent.objects.filter(action="read", actor=cast.read_only_member)
        assert [(e.object_type, e.object_id, e.changes, e.ip_address) for e in reads] == [
            (
                "documents.document",
                str(document.pk),
                {"viewed": "download of version 1"},
                "10.9.8.7",
            )
        ]
        assert reads[0].partnership_id == cast.case.partnership_id

    def test_a_refused_download_is_not_logged_as_a_read(self, client, cast):
        draft = upload(cast.case, cast.member, is_draft=True)
        chair = UserFactory(partnership=cast.case.partnership, roles=[Role.INDEPENDENT_CHAIR])
        client.force_login(chair)
        assert client.get(_download(draft)).status_code == 403
        client.force_login(cast.outsider)
        assert client.get(_download(draft)).status_code == 404
        assert not AuditEvent.objects.filter(action="read").exists()

    def test_a_document_of_another_case_is_not_found(self, client, cast):
        elsewhere = MembershipFactory(case__partnership=cast.case.partnership)
        other = upload(elsewhere.case, elsewhere.person)
        client.force_login(cast.member)
        url = reverse("documents:download", args=[cast.case.reference, other.pk])
        assert client.get(url).status_code == 404


class TestDrafts:
    """Drafts: only the case's managers and authors (and the Business Unit), not observers
    or partnership-wide readers (issue 12, item 2; the full matrix is in
    test_draft_access.py)."""

    @pytest.fixture
    def draft(self, cast):
        return upload(cast.case, cast.member, title="Report draft", is_draft=True)

    @pytest.mark.parametrize(
        "who, status",
        [("member", 200), ("read_only_member", 403), ("business_manager", 200), *READERS[2:]],
    )
    def test_managers_and_the_business_unit_may_open_drafts(self, client, cast, draft, who, status):
        client.force_login(getattr(cast, who))
        assert client.get(_download(draft)).status_code == status

    @pytest.mark.parametrize("role", [Role.INDEPENDENT_CHAIR, Role.AUDITOR])
    def test_partnership_wide_readers_who_are_not_members_may_not(self, client, cast, draft, role):
        reader = UserFactory(partnership=cast.case.partnership, roles=[role])
        client.force_login(reader)
        response = client.get(_download(draft))
        assert response.status_code == 403
        assert "Drafts are shared only with the review&#x27;s managers and authors." in (
            response.content.decode()
        )
        # Not listed (the page's kind filter offers "Report draft" as a kind, so look
        # for the draft itself and its link).
        listed = client.get(_list(cast.case))
        assert draft not in list(listed.context["documents"])
        assert _download(draft) not in listed.content.decode()

    def test_a_referrer_on_the_case_may_not(self, client, cast, draft):
        referrer = MembershipFactory(case=cast.case, capacity="referrer").person
        client.force_login(referrer)
        assert client.get(_download(draft)).status_code == 403

    def test_a_draft_is_sent_marked_in_its_name_and_in_every_header(self, client, cast):
        document = new_docx()
        document.add_paragraph("Findings so far")
        out = io.BytesIO()
        document.save(out)
        draft = upload(
            cast.case, cast.member, name="report.docx", content=out.getvalue(), is_draft=True
        )
        client.force_login(cast.business_manager)
        response = client.get(_download(draft))
        assert (
            "UNPUBLISHED DRAFT - STRICTLY CONFIDENTIAL - report.docx"
            in (response["Content-Disposition"])
        )
        sent = new_docx(io.BytesIO(b"".join(response.streaming_content)))
        assert sent.sections[0].header.paragraphs[0].text == DRAFT_MARKING
        assert sent.paragraphs[0].text == "Findings so far"

    def test_a_draft_that_is_not_a_readable_docx_is_still_sent(self, client, cast):
        draft = upload(cast.case, cast.member, name="broken.docx", is_draft=True)
        # Kept before uploads were checked by content (issue 12, item 10), and since damaged.
        with draft.file.open("wb") as stored:
            stored.write(b"not a zip")
        client.force_login(cast.member)
        response = client.get(_download(draft))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"not a zip"


class TestPapers:
    @pytest.fixture
    def paper(self, cast):
        meeting = MeetingFactory(case=cast.case)
        return upload(cast.case, cast.member, title="Scoping returns", meeting=meeting)

    def test_only_the_invited_and_managers_open_papers(self, client, cast, paper):
        client.force_login(cast.read_only_member)
        response = client.get(_download(paper))
        assert response.status_code == 403
        assert "shared only with the people invited" in response.content.decode()
        assert "Scoping returns" not in client.get(_list(cast.case)).content.decode()
        AttendanceFactory(meeting=paper.meeting, person=cast.read_only_member, attended=False)
        assert client.get(_download(paper)).status_code == 200
        assert "Scoping returns" in client.get(_list(cast.case)).content.decode()
        for manager in (cast.member, cast.business_manager):
            client.force_login(manager)
            assert client.get(_download(paper)).status_code == 200


class TestUpload:
    def _post(self, client, cast, **extra):
        data = {
            "file": SimpleUploadedFile("return.docx", DOCX),
            "title": "Police scoping return",
            "kind": "scoping_return",
            "confidentiality": "strictly_confidential",
            **extra,
        }
        return client.post(reverse("documents:upload", args=[cast.case.reference]), data)

    def test_a_contributing_member_uploads(self, client, cast):
        reviewer = MembershipFactory(case=cast.case, capacity=Capacity.REVIEWER).person
        client.force_login(reviewer)
        page = client.get(reverse("documents:upload", args=[cast.case.reference]))
        assert 'enctype="multipart/form-data"' in page.content.decode()
        assert "Paper for a meeting" not in page.content.decode()  # only managers choose
        response = self._post(client, cast)
        assert response.status_code == 302
        document = Document.objects.get()
        assert (document.title, document.uploaded_by, document.version) == (
            "Police scoping return",
            reviewer,
            1,
        )

    def test_a_manager_adds_a_paper_and_a_new_version(self, client, cast):
        meeting = MeetingFactory(case=cast.case)
        client.force_login(cast.member)
        assert self._post(client, cast, meeting=meeting.pk).status_code == 302
        first = Document.objects.get()
        assert first.meeting == meeting
        self._post(client, cast, supersedes=first.pk)
        assert Document.objects.get(supersedes=first).version == 2

    def test_a_wrong_format_is_refused_on_the_form(self, client, cast):
        client.force_login(cast.member)
        response = self._post(client, cast, file=SimpleUploadedFile("x.exe", b"MZ"))
        assert response.status_code == 200
        page = response.content.decode()
        assert "govuk-error-summary" in page
        assert "The selected file must be a PDF, DOCX, DOC, ODT, XLSX, CSV or TXT." in page
        assert not Document.objects.exists()

    def test_no_file_is_refused(self, client, cast):
        client.force_login(cast.member)
        response = self._post(client, cast, file="")
        assert "Select a file." in response.content.decode()

    @pytest.mark.parametrize("who, status", [("read_only_member", 403), *READERS[2:]])
    def test_others_cannot_upload(self, client, cast, who, status):
        client.force_login(getattr(cast, who))
        assert self._post(client, cast).status_code == status
        assert not Document.objects.exists()


def test_no_query_runs_per_row_of_the_case_page_include(cast, document):
    from lantern.documents.selectors import case_documents_context

    context = case_documents_context(cast.member, cast.case)
    with CaptureQueriesContext(connection) as queries:
        rows = [
            (d.case.reference, d.meeting, d.uploaded_by.full_name, d.is_latest)
            for d in context["documents"]
        ]
    assert len(queries) == 1
    assert rows == [(cast.case.reference, None, cast.member.full_name, True)]
