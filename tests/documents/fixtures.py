"""Shared by the meetings and documents tests (imported by their conftest files)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantern.documents.models import Document, DocumentJob, PrivateStorage
from lantern.documents.services import document_upload
from tests.files import real_bytes


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    """Each test stores documents in a directory of its own, and prepared documents
    (DocumentJob) in another: a file another test left in the shared data directory is
    no orphan of this test's (`lantern files check`)."""
    storage = PrivateStorage(location=tmp_path / "private")
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", storage)
    jobs = PrivateStorage(location=tmp_path / "prepared")
    monkeypatch.setattr(DocumentJob._meta.get_field("file"), "storage", jobs)
    return tmp_path / "private"


def upload(case, user, *, name="notes.pdf", content=None, **kwargs) -> Document:
    """A document of the case; its content a real file of the kind its name says (uploads
    are checked by content: lantern.web.uploads)."""
    content = real_bytes(name) if content is None else content
    arguments = {"title": "Referral form", "kind": "referral", "is_draft": False} | kwargs
    return document_upload(
        case=case, file=SimpleUploadedFile(name, content), user=user, **arguments
    )
