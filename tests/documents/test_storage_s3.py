"""Files in an S3-compatible bucket (LANTERN_STORAGE=s3), so that no app process keeps a
file of its own (issue 13). The bucket is moto's, in this process: the same S3 API and
the same django-storages backend as production, with no network.

The storages come from Lantern's own settings read with LANTERN_STORAGE=s3.
"""

import io
import runpy

import boto3
import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from moto import mock_aws

import lantern.settings
from lantern.documents.models import Document, DocumentJob
from lantern.documents.s3 import PrivateS3Storage
from lantern.documents.storage import INCOMING
from tests.files import PDF

from .fixtures import upload

BUCKET = "lantern-files"
REGION = "eu-west-2"


class Boom(Exception):
    pass


@pytest.fixture(scope="module")
def s3_settings() -> dict:
    """STORAGES as Lantern's settings give them for a bucket, and one instance of each
    storage for every test here (a new boto3 client costs ~0.4 s; moto answers a client
    made before it started, and starts empty for each test)."""
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("LANTERN_STORAGE", "s3")
        environment.setenv("LANTERN_S3_BUCKET", BUCKET)
        environment.setenv("LANTERN_S3_REGION", REGION)
        # moto's keys, never a real account's
        environment.setenv("LANTERN_S3_ACCESS_KEY_ID", "testing")
        environment.setenv("LANTERN_S3_SECRET_ACCESS_KEY", "testing")
        configured = runpy.run_path(lantern.settings.__file__)["STORAGES"]
    made = {alias: storages.create_storage(configured[alias]) for alias in ("default", "documents")}
    return {"STORAGES": configured, "made": made}


@pytest.fixture
def bucket(private_files, settings, monkeypatch, s3_settings):
    """An empty bucket; the default storage and the documents' storage both in it."""
    with mock_aws():
        client = boto3.client(
            "s3", region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="x"
        )
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        settings.STORAGES = s3_settings["STORAGES"]
        storages._storages.update(s3_settings["made"])
        for model in (Document, DocumentJob):  # job_storage(): the documents' storage
            monkeypatch.setattr(model._meta.get_field("file"), "storage", storages["documents"])
        yield client


def _keys(client) -> list[str]:
    found = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return sorted(entry["Key"] for entry in found)


def _check(*arguments: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("files", "check", "--older-than", "0", *arguments, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_settings_choose_private_buckets_for_both_storages_issue_13(bucket):
    assert isinstance(storages["documents"], PrivateS3Storage)
    assert isinstance(storages["default"], PrivateS3Storage)
    assert storages["documents"].location == "private/documents"
    assert storages["default"].location == "media"
    assert storages["documents"].default_acl == "private"
    with pytest.raises(NotImplementedError):
        storages["documents"].url("1/x.pdf")


@pytest.mark.django_db
def test_an_upload_is_kept_privately_in_the_bucket_and_served_by_lantern_issue_13(
    bucket, client, cast
):
    document = upload(cast.case, cast.member, name="referral.pdf")
    key = f"private/documents/{document.file.name}"
    assert _keys(bucket) == [key]
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner alone

    client.force_login(cast.member)
    response = client.get(reverse("documents:download", args=[cast.case.reference, document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"

    client.force_login(cast.stranger)
    refused = client.get(reverse("documents:download", args=[cast.case.reference, document.pk]))
    assert refused.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_file_waits_in_incoming_until_its_transaction_commits_issue_13(bucket, cast):
    with transaction.atomic():
        document = upload(cast.case, cast.member)
        waiting = f"private/documents/{INCOMING}/{document.file.name}"
        assert _keys(bucket) == [waiting]
        with document.file.open("rb") as stored:  # the transaction reads what it wrote
            assert stored.read() == PDF
        assert document.file.size == len(PDF)
    assert _keys(bucket) == [f"private/documents/{document.file.name}"]
    with Document.objects.get().file.open("rb") as stored:
        assert stored.read() == PDF


@pytest.mark.django_db(transaction=True)
def test_a_failed_transaction_leaves_nothing_in_the_bucket_issue_13(bucket, cast):
    with transaction.atomic():
        kept = upload(cast.case, cast.member, title="Kept")
        with pytest.raises(Boom), transaction.atomic():
            upload(cast.case, cast.member, title="Dropped")
            upload(cast.case, cast.member, title="Dropped too", name="notes.docx")
            raise Boom
    assert [d.title for d in Document.objects.all()] == ["Kept"]
    assert _keys(bucket) == [f"private/documents/{kept.file.name}"]


@pytest.mark.django_db(transaction=True)
def test_files_check_finds_moves_and_removes_in_the_bucket_issue_13(bucket, cast):
    """What a kill -9 leaves in a bucket: objects no row names (in either storage), and
    a committed row's file still waiting. The check moves the one and, with --delete,
    removes the others; the rows' files stay."""
    kept = upload(cast.case, cast.member, title="Kept")
    moved = upload(cast.case, cast.member, title="Moved")
    documents = f"private/documents/{INCOMING}/"
    bucket.copy_object(
        Bucket=BUCKET,
        Key=f"{documents}{moved.file.name}",
        CopySource={"Bucket": BUCKET, "Key": f"private/documents/{moved.file.name}"},
    )
    bucket.delete_object(Bucket=BUCKET, Key=f"private/documents/{moved.file.name}")
    for stray in ("private/documents/9/0123abcd.docx", f"{documents}9/4567ef.pdf", "media/x.pdf"):
        bucket.put_object(Bucket=BUCKET, Key=stray, Body=b"confidential")

    status, report = _check()
    assert status == 1
    assert f"moved into place (its row had committed): s3://{BUCKET}/private/documents/" in report
    for stray in ("private/documents/9/0123abcd.docx", f"{documents}9/4567ef.pdf", "media/x.pdf"):
        assert f"orphan (no row names it): s3://{BUCKET}/{stray}" in report
    assert "3 orphan(s), 0 row(s) with a missing file." in report

    assert _check("--delete")[0] == 0
    assert _keys(bucket) == sorted(f"private/documents/{d.file.name}" for d in (kept, moved))
    with Document.objects.get(title="Moved").file.open("rb") as stored:
        assert stored.read() == PDF
