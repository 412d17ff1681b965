"""Evidence files are written like documents (issue 12, item 13): in place only once the
progress update that names them commits; a failed update leaves no file behind.

Real transactions (django_db(transaction=True)): the commit and rollback are the point."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from lantern.actions.models import Evidence
from lantern.actions.services import NewEvidence, action_update_record
from lantern.documents.generate import render_pdf

from .helpers import make_plan

pytestmark = pytest.mark.django_db(transaction=True)


class Boom(Exception):
    pass


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return tmp_path / "media"


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _record(plan):
    body = render_pdf(title="Protocol", sections=[], marking="OFFICIAL", draft=False)
    action_update_record(
        action=plan.action,
        user=plan.owner,
        status="on_track",
        note="Protocol drafted.",
        evidence=[NewEvidence("Draft protocol", file=SimpleUploadedFile("protocol.pdf", body))],
    )


def test_committed_evidence_is_in_place_issue_12_item_13(cast, media):
    plan = make_plan(cast)
    _record(plan)
    evidence = Evidence.objects.get()
    assert _files(media) == [Path(evidence.file.path)]


def test_a_failed_update_leaves_no_evidence_file_issue_12_item_13(cast, media):
    plan = make_plan(cast)
    with pytest.raises(Boom), transaction.atomic():
        _record(plan)
        raise Boom
    assert not Evidence.objects.exists()
    assert _files(media) == []
