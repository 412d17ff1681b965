"""Uploaded returns: only documents of known types up to 20MB, and only ever handed back
through a view that checks the policy and logs the read, as a download."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantern.agencyrequests import services
from lantern.agencyrequests.models import RequestStatus
from lantern.agencyrequests.uploads import MAX_UPLOAD_BYTES
from lantern.audit.models import AuditEvent
from tests.files import DOCX, PDF

pytestmark = pytest.mark.django_db


def _upload(client, request, file, action="draft"):
    url = reverse("agencyrequests:detail", args=[request.case.reference, request.pk])
    return client.post(url, {"response": "", "response_file": file, "action": action})


class TestUploadValidation:
    def test_a_file_over_20mb_is_refused(self, client, storage, agencies, police_request):
        client.force_login(agencies.police_rep)
        big = SimpleUploadedFile("return.pdf", b"x" * (MAX_UPLOAD_BYTES + 1))
        response = _upload(client, police_request, big)
        assert response.status_code == 200
        assert "The selected file must be smaller than 20MB." in response.content.decode()
        police_request.refresh_from_db()
        assert not police_request.response_file
        assert not any(storage.rglob("*.pdf"))

    @pytest.mark.parametrize("name", ["return.exe", "return.html", "return.pdf.svg", "return"])
    def test_a_file_of_another_type_is_refused(
        self, client, storage, agencies, police_request, name
    ):
        client.force_login(agencies.police_rep)
        response = _upload(client, police_request, SimpleUploadedFile(name, b"data"))
        assert "The selected file must be a PDF, DOCX, DOC, ODT, XLSX, CSV or TXT." in (
            response.content.decode()
        )
        police_request.refresh_from_db()
        assert not police_request.response_file

    def test_an_empty_file_is_refused(self, storage, agencies, police_request):
        with pytest.raises(ValidationError) as refused:
            services.request_save_draft(
                request=police_request,
                user=agencies.police_rep,
                response="",
                file=SimpleUploadedFile("return.pdf", b""),
            )
        assert refused.value.message_dict == {"response_file": ["The selected file is empty."]}

    def test_a_file_alone_is_a_return(self, client, storage, cast, agencies, police_request):
        client.force_login(agencies.police_rep)
        file = SimpleUploadedFile("Police return.docx", DOCX)
        url = reverse("agencyrequests:detail", args=[cast.case.reference, police_request.pk])
        response = client.post(
            url, {"response_file": file, "records_secured": "on", "action": "submit"}
        )
        assert response.status_code == 302
        police_request.refresh_from_db()
        assert police_request.status == RequestStatus.SUBMITTED
        # Kept under the partnership and case, never under a public URL.
        prefix = f"agencyrequests/{cast.case.partnership_id}/{cast.case.pk}/"
        assert police_request.response_file.name.startswith(prefix)
        assert police_request.file_name == "Police_return.docx"


@pytest.fixture
def uploaded(storage, agencies, police_request):
    services.request_save_draft(
        request=police_request,
        user=agencies.police_rep,
        response="",
        file=SimpleUploadedFile("return.pdf", PDF),
    )
    return police_request


def _download(request):
    return reverse("agencyrequests:file", args=[request.case.reference, request.pk])


class TestDownload:
    def test_download_is_an_attachment_and_not_sniffed(self, client, cast, uploaded):
        client.force_login(cast.member)
        response = client.get(_download(uploaded))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"] == 'attachment; filename="return.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/octet-stream"

    def test_download_is_logged_as_a_read(self, client, cast, uploaded):
        client.force_login(cast.read_only_member)
        assert client.get(_download(uploaded)).status_code == 200
        read = AuditEvent.objects.get(
            action="read", actor=cast.read_only_member, object_type="agencyrequests.agencyrequest"
        )
        assert read.changes == {"viewed": "uploaded return return.pdf"}

    @pytest.mark.parametrize("who", ["outsider", "stranger"])
    def test_outsiders_get_404_and_no_read_is_logged(self, client, cast, uploaded, who):
        client.force_login(getattr(cast, who))
        assert client.get(_download(uploaded)).status_code == 404
        assert not AuditEvent.objects.filter(action="read", actor=getattr(cast, who)).exists()

    def test_signed_out_visitor_is_sent_to_sign_in(self, client, uploaded):
        assert client.get(_download(uploaded)).status_code == 302

    def test_no_file_is_404(self, client, cast, police_request):
        client.force_login(cast.member)
        assert client.get(_download(police_request)).status_code == 404

    def test_no_media_url_serves_it(self, client, cast, uploaded):
        client.force_login(cast.member)
        assert client.get(f"/media/{uploaded.response_file.name}").status_code == 404


def test_a_new_upload_replaces_the_old_file(
    storage, agencies, uploaded, django_capture_on_commit_callbacks
):
    old = uploaded.response_file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.request_save_draft(
            request=uploaded,
            user=agencies.police_rep,
            response="",
            file=SimpleUploadedFile("better.docx", DOCX),
        )
    uploaded.refresh_from_db()
    assert uploaded.file_name == "better.docx"
    assert not (storage / old).exists()
    assert (storage / uploaded.response_file.name).exists()


@pytest.mark.django_db(transaction=True)
def test_a_return_whose_save_fails_leaves_no_file_issue_12_item_13(
    storage, agencies, police_request
):
    """The return's file waits under .incoming/ until its answer commits; a failed
    transaction removes it, so a crash or an error leaves no confidential orphan."""
    from django.db import transaction

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        services.request_save_draft(
            request=police_request, user=agencies.police_rep, response="",
            file=SimpleUploadedFile("return.pdf", PDF),
        )  # fmt: skip
        raise Boom
    assert not [p for p in storage.rglob("*") if p.is_file()]
    services.request_save_draft(
        request=police_request, user=agencies.police_rep, response="",
        file=SimpleUploadedFile("return.pdf", PDF),
    )  # fmt: skip
    police_request.refresh_from_db()
    assert police_request.response_file.read() == PDF
