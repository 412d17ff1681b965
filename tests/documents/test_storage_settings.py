"""Where files and the cache live is configuration, checked at start-up (issue 13).

Lantern's settings module is run here with a test environment (as each app process
runs it), so a bad value is seen to stop start-up with its message.
"""

import re
import runpy

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import ImproperlyConfigured
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection

import lantern.settings

S3 = {"LANTERN_STORAGE": "s3", "LANTERN_S3_BUCKET": "lantern-files"}


def _settings(monkeypatch, **environment: str) -> dict:
    for name in ("LANTERN_STORAGE", "LANTERN_REDIS_URL", "LANTERN_S3_ACCESS_KEY_ID"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(lantern.settings.__file__)


@pytest.mark.parametrize(
    "environment, message",
    [
        ({"LANTERN_STORAGE": "ftp"}, "LANTERN_STORAGE must be one of filesystem, s3, not 'ftp'"),
        ({"LANTERN_STORAGE": "s3"}, "LANTERN_STORAGE=s3 needs LANTERN_S3_BUCKET"),
        (
            S3 | {"LANTERN_S3_ENDPOINT_URL": "minio.internal:9000"},
            "LANTERN_S3_ENDPOINT_URL must be an https:// (or http://) address",
        ),
        (
            S3 | {"LANTERN_S3_ACCESS_KEY_ID": "AKIA123"},
            "LANTERN_S3_ACCESS_KEY_ID and LANTERN_S3_SECRET_ACCESS_KEY go together",
        ),
        (S3 | {"LANTERN_S3_ACL": "public-read"}, "LANTERN_S3_ACL must be one of none, private"),
    ],
)
def test_a_bad_storage_setting_stops_start_up_with_its_message_issue_13(
    monkeypatch, environment, message
):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        _settings(monkeypatch, **environment)


def test_files_are_on_disk_unless_told_otherwise_issue_13(monkeypatch):
    found = _settings(monkeypatch)["STORAGES"]
    assert found["documents"]["BACKEND"] == "lantern.documents.models.PrivateStorage"
    assert found["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_an_s3_compatible_store_with_its_own_keys_issue_13(monkeypatch, tmp_path):
    secret = tmp_path / "s3-secret"
    secret.write_text("s3cr3t\n")
    found = _settings(
        monkeypatch,
        **S3,
        LANTERN_S3_ENDPOINT_URL="https://minio.internal:9000",
        LANTERN_S3_REGION="eu-west-2",
        LANTERN_S3_ACCESS_KEY_ID="lantern",
        LANTERN_S3_SECRET_ACCESS_KEY_FILE=str(secret),
        LANTERN_S3_ACL="none",
    )["STORAGES"]
    options = found["documents"]["OPTIONS"]
    assert found["documents"]["BACKEND"] == "lantern.documents.s3.PrivateS3Storage"
    assert options["endpoint_url"] == "https://minio.internal:9000"
    assert (options["access_key"], options["secret_key"]) == ("lantern", "s3cr3t")
    assert options["default_acl"] is None  # a bucket with ACLs off: private by its policy
    assert options["file_overwrite"] is False
    assert found["default"]["OPTIONS"]["location"] == "media"


def test_without_keys_boto3_finds_the_credentials_itself_issue_13(monkeypatch):
    options = _settings(monkeypatch, **S3)["STORAGES"]["default"]["OPTIONS"]
    assert "access_key" not in options and "secret_key" not in options
    assert options["default_acl"] == "private"


@pytest.mark.parametrize(
    "environment, backend",
    [
        ({"DATABASE_URL": "postgres://l@db/lantern"}, "django.core.cache.backends.db."),
        (
            {"DATABASE_URL": "postgres://l@db/lantern", "LANTERN_REDIS_URL": "redis://r:6379/0"},
            "django.core.cache.backends.redis.",
        ),
        ({"DATABASE_URL": "sqlite:///:memory:"}, "django.core.cache.backends.locmem."),
    ],
)
def test_the_cache_is_shared_by_every_process_on_postgresql_issue_13(
    monkeypatch, environment, backend
):
    """Without Redis, PostgreSQL's cache is a table every app process reads (a change
    through one process retires the My work counts another would show). SQLite keeps
    Django's local-memory cache: one machine, `make run`."""
    found = _settings(monkeypatch, **environment).get("CACHES")
    assert (
        (found or {})
        .get("default", {})
        .get("BACKEND", "django.core.cache.backends.locmem.LocMemCache")
        .startswith(backend)
    )


@pytest.mark.django_db
def test_migrate_makes_the_cache_table_and_two_processes_share_it_issue_13(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lantern_cache",
        }
    }
    assert "lantern_cache" not in connection.introspection.table_names()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # as migrate does
    assert "lantern_cache" in connection.introspection.table_names()
    one, other = DatabaseCache("lantern_cache", {}), DatabaseCache("lantern_cache", {})
    one.set("lantern:work-version:1", 7)
    assert other.get("lantern:work-version:1") == 7
