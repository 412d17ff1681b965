"""Lantern's files in an S3-compatible bucket (LANTERN_STORAGE=s3), so that no app process
keeps a file of its own and any process, on any machine, serves any file.

The objects are private (no public ACL, no URL): Lantern's own views read them through
the storage and send them after the policy allows it, as with files on disk.
"""

from typing import Any

from django.core.files.base import File
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class PrivateS3Storage(S3Storage):
    """S3Storage with no URLs, and the same reading rule as PrivateStorage: a file written
    in a transaction that has not committed yet is read from `.incoming/`, where it waits
    (lantern.documents.storage)."""

    def url(self, name: str | None, *args: Any, **kwargs: Any) -> str:
        raise NotImplementedError("Lantern's files have no URL: its own views send them.")

    def _open(self, name: str, mode: str = "rb") -> File:
        try:
            return super()._open(name, mode)
        except FileNotFoundError:
            waiting = self._waiting(name)
            if waiting is None or "w" in mode:
                raise
            return super()._open(waiting, mode)

    def size(self, name: str) -> int:
        try:
            return super().size(name)
        except FileNotFoundError:
            waiting = self._waiting(name)
            if waiting is None:
                raise
            return super().size(waiting)

    def _waiting(self, name: str) -> str | None:
        from .storage import INCOMING

        return None if name.startswith(f"{INCOMING}/") else f"{INCOMING}/{name}"

    def copy(self, source: str, target: str) -> None:
        """Copy inside the bucket (server-side: the bytes never pass through Lantern)."""
        key = self._normalize_name(clean_name(source))
        extra = {"ACL": self.default_acl} if self.default_acl else {}
        self.bucket.copy(
            {"Bucket": self.bucket_name, "Key": key},
            self._normalize_name(clean_name(target)),
            ExtraArgs=extra,
            Config=self.transfer_config,
        )

    def where(self, name: str) -> str:
        """How `lantern files check` names a file: its bucket and key."""
        return f"s3://{self.bucket_name}/{self._normalize_name(clean_name(name))}"
