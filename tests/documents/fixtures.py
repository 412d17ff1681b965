"""Shared by the meetings and documents tests (imported by their conftest files)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantern.documents.models import Document, PrivateStorage
from lantern.documents.services import document_upload


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    """Each test stores documents in a directory of its own."""
    storage = PrivateStorage(location=tmp_path / "private")
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", storage)
    return tmp_path / "private"


def upload(case, user, *, name="notes.pdf", content=b"%PDF-1.4 test", **kwargs) -> Document:
    arguments = {"title": "Referral form", "kind": "referral", "is_draft": False} | kwargs
    return document_upload(
        case=case, file=SimpleUploadedFile(name, content), user=user, **arguments
    )
