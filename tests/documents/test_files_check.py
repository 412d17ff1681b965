"""A crash leaves neither orphans nor dangling rows (issue 12, item 13).

A document's file is written under `.incoming/` and moved into place only when the
transaction that creates its row commits; a rollback removes it. `lantern files check`
finds what a crash could still leave (a file no row names, a row whose file is missing)
and, with --delete, removes the orphans.

These tests run with real transactions (django_db(transaction=True)): the commit and the
rollback are what is being proved.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from lantern.cases.models import Confidentiality
from lantern.documents.models import Document
from lantern.documents.services import document_generate
from lantern.documents.storage import INCOMING
from tests.factories import CaseFactory, UserFactory
from tests.files import PDF

from .fixtures import upload

pytestmark = pytest.mark.django_db(transaction=True)


class Boom(Exception):
    pass


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    """Other file fields (evidence, returns) use the default storage: give it a directory
    of this test's own, so the check sees only what the test made."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def case():
    return CaseFactory(confidentiality=Confidentiality.OFFICIAL_SENSITIVE)


@pytest.fixture
def user(case):
    return UserFactory(partnership=case.partnership)


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _check(*arguments: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("files", "check", "--older-than", "0", *arguments, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_a_committed_upload_is_in_place_and_nothing_waits_issue_12_item_13(
    case, user, private_files
):
    document = upload(case, user)
    assert Path(document.file.path).read_bytes() == PDF
    assert _files(private_files / INCOMING) == []
    assert _check() == (0, "0 orphan(s), 0 row(s) with a missing file.\n")


def test_a_failed_transaction_leaves_no_file_issue_12_item_13(case, user, private_files):
    """The DOCX and PDF are written, then the transaction fails: no row and no file, in
    place or waiting."""
    with pytest.raises(Boom), transaction.atomic():
        document_generate(
            case=case, title="Notice", kind="notice", sections=[], user=user, draft=False
        )
        assert len(_files(private_files / INCOMING)) == 2  # written, not yet in place
        raise Boom
    assert not Document.objects.exists()
    assert _files(private_files) == []


def test_a_rolled_back_savepoint_removes_only_its_own_file_issue_12_item_13(
    case, user, private_files
):
    with transaction.atomic():
        kept = upload(case, user, title="Kept")
        with pytest.raises(Boom), transaction.atomic():
            upload(case, user, title="Dropped")
            raise Boom
    assert [d.title for d in Document.objects.all()] == ["Kept"]
    assert _files(private_files) == [Path(kept.file.path)]


def test_check_finds_and_removes_orphans_issue_12_item_13(case, user, private_files):
    """What a kill -9 leaves: a file written before its row (the old way) and a file
    still waiting in .incoming. Both are found; --delete removes them; the documents
    with rows are untouched."""
    kept = upload(case, user)
    stray = private_files / str(case.pk) / "0123abcd.docx"
    stray.write_bytes(b"confidential")
    waiting = private_files / INCOMING / str(case.pk) / "4567ef.pdf"
    waiting.parent.mkdir(parents=True, exist_ok=True)
    waiting.write_bytes(b"confidential")

    status, report = _check()
    assert status == 1
    assert f"orphan (no row names it): {stray}" in report
    assert f"orphan (no row names it): {waiting}" in report
    assert stray.exists() and waiting.exists()  # a check alone removes nothing

    status, report = _check("--delete")
    assert status == 0
    assert f"removed (no row names it): {stray}" in report
    assert not stray.exists() and not waiting.exists()
    assert _files(private_files) == [Path(kept.file.path)]


def test_a_file_whose_row_committed_is_moved_into_place_issue_12_item_13(case, user, private_files):
    """The process died between the commit and the move: the check completes the move."""
    document = upload(case, user)
    final = Path(document.file.path)
    waiting = private_files / INCOMING / document.file.name
    waiting.parent.mkdir(parents=True, exist_ok=True)
    final.rename(waiting)
    status, report = _check()
    assert status == 0
    assert f"moved into place (its row had committed): {final}" in report
    assert final.read_bytes() == PDF


def test_a_row_whose_file_is_missing_is_reported_issue_12_item_13(case, user, private_files):
    document = upload(case, user)
    Path(document.file.path).unlink()
    status, report = _check("--delete")
    assert status == 1
    assert f"missing file: documents.Document #{document.pk}: {document.file.name}" in report
    assert Document.objects.filter(pk=document.pk).exists()  # rows are never deleted


def test_new_files_are_left_alone_they_may_be_in_flight_issue_12_item_13(private_files):
    waiting = private_files / INCOMING / "1" / "new.pdf"
    waiting.parent.mkdir(parents=True, exist_ok=True)
    waiting.write_bytes(b"x")
    out = io.StringIO()
    call_command("files", "check", "--delete", stdout=out)  # default: older than an hour
    assert waiting.exists()
    assert "1 newer file(s) left alone" in out.getvalue()


def test_the_transaction_that_wrote_a_file_reads_it_before_committing_issue_12_item_13(
    case, user, private_files
):
    """The demo (one transaction) uploads a report and publishes it, which reads it for
    the name check, before anything commits: the file is read from where it waits."""
    with transaction.atomic():
        document = upload(case, user)
        assert _files(private_files / INCOMING)  # not in place yet
        with document.file.open("rb") as waiting:
            assert waiting.read() == PDF
        assert document.file.size == len(PDF)
    assert Path(document.file.path).read_bytes() == PDF  # committed: in place
