"""Files written so that a crash leaves neither orphans nor dangling rows (issue 12, item 13).

A file saved straight to its place before its row commits is left behind, confidential
and unlisted, when the process dies in between (kill -9 during DOCX+PDF generation did
exactly that). So a file is first written under the storage's `.incoming/` folder, its
row is created in the transaction, and the file is moved into its place only when that
transaction commits (transaction.on_commit). A rollback removes it; a crash leaves, at
worst, a file in `.incoming/` that no row names, which `lantern files check --delete`
removes (and a file whose row committed but whose move did not happen, which the check
moves into place).

On a storage with a local path (files on disk) the move is an atomic `os.replace`; on
any other Django storage (an S3 bucket: lantern.documents.s3) the file is copied to its
place through the storage (server-side where the storage can) and the waiting one
deleted (issue 13).

Write with `stage_file` inside the transaction that creates the row.
"""

import datetime
import logging
import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import Storage
from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

logger = logging.getLogger(__name__)

INCOMING = ".incoming"


def incoming_name(name: str) -> str:
    """Where the file that will be `name` waits for its transaction to commit."""
    return f"{INCOMING}/{name}"


def local_path(storage: Storage, name: str) -> Path | None:
    """The file's path on this machine, or None for a storage with none (a bucket)."""
    try:
        return Path(storage.path(name))
    except NotImplementedError:
        return None


def where(storage: Storage, name: str) -> str:
    """How a report names a stored file: its path on disk, or its place in the bucket."""
    path = local_path(storage, name)
    if path is not None:
        return str(path)
    describe = getattr(storage, "where", None)
    return describe(name) if describe is not None else name


def move(storage: Storage, source: str, target: str) -> None:
    """Put the file `source` at `target` and remove `source`."""
    source_path, target_path = local_path(storage, source), local_path(storage, target)
    if source_path is not None and target_path is not None:
        target_path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source_path, target_path)  # atomic on one file system
        return
    copy = getattr(storage, "copy", None)
    if copy is not None:
        copy(source, target)
    else:
        with storage.open(source, "rb") as content:
            saved = storage.save(target, content)
        if saved != target:  # the name was free when chosen: something else wrote it
            logger.error("File %s was stored as %s, not %s", source, saved, target)
    storage.delete(source)


class _Staged:
    """One file waiting for its transaction: moved into place on commit, removed if the
    transaction rolls back (Django then drops this callback, and so the last reference)."""

    def __init__(self, storage: Storage, name: str) -> None:
        self.storage = storage
        self.name = name
        self.done = False

    def __call__(self) -> None:
        if self.done:
            return
        move(self.storage, incoming_name(self.name), self.name)
        self.done = True

    def discard(self) -> None:
        if self.done:
            return
        self.done = True
        try:
            self.storage.delete(incoming_name(self.name))
        except Exception:  # run from __del__: never raise; `files check` finds it later
            logger.warning("Could not remove %s", incoming_name(self.name), exc_info=True)

    def __del__(self) -> None:  # the transaction rolled back: its callbacks were dropped
        self.discard()


def _in_a_test() -> bool:
    """True inside a test's own transaction, which is rolled back at its end and so never
    runs on_commit: there the file goes to its place at once. (Tests of the commit and
    rollback behaviour run with real transactions: django_db(transaction=True).)"""
    blocks = connection.atomic_blocks
    return bool(blocks) and getattr(blocks[0], "_from_testcase", False)


def _write_local(path: Path, content: File) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        for chunk in content.chunks():
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())  # on disk before the row that names it commits


def stage_file(field_file: FieldFile, filename: str, content: File) -> str:
    """Write `content` for `field_file` (as FieldFile.save(..., save=False) would) but
    under `.incoming/`, set the field's name to where it will live, and move it there
    when the transaction commits. Returns the stored name."""
    file_field = field_file.field
    storage = field_file.storage
    name = storage.get_available_name(
        file_field.generate_filename(field_file.instance, filename),
        max_length=file_field.max_length,
    )
    path = local_path(storage, incoming_name(name))
    if path is not None:
        _write_local(path, content)
    else:
        # The storage picks a free name for the waiting file; the file's place follows it.
        saved = storage.save(incoming_name(name), content)
        name = saved[len(INCOMING) + 1 :]
    field_file.name = name
    field_file._committed = True  # type: ignore[attr-defined]
    staged = _Staged(storage, name)
    if _in_a_test():
        staged()
    else:
        transaction.on_commit(staged)  # outside any transaction: moves at once
    return name


# ---- `lantern files check`: what a crash (or anything else) left behind --------------


@dataclass
class FilesReport:
    orphans: list[str] = field(default_factory=list)  # files no row names
    missing: list[str] = field(default_factory=list)  # rows whose file is gone
    completed: list[str] = field(default_factory=list)  # committed, then moved here
    young: list[str] = field(default_factory=list)  # too new to judge: maybe in flight

    @property
    def clean(self) -> bool:
        return not (self.orphans or self.missing)


def _file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    return [
        (model, model_field)
        for model in apps.get_models()
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, models.FileField)
    ]


def _identity(storage: Storage) -> tuple[Any, ...]:
    """Two storage objects over the same files are one storage to the check (the fields
    of the default storage share their folder)."""
    root = local_path(storage, "")
    if root is not None:
        return ("path", str(root.resolve()))
    bucket = getattr(storage, "bucket_name", None)
    if bucket is not None:
        options = (getattr(storage, "endpoint_url", None), getattr(storage, "location", ""))
        return ("bucket", bucket, *options)
    return ("object", id(storage))


def _walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in the storage, by Storage.listdir (any storage)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing stored yet
        return
    for name in files:
        yield posixpath.join(folder, name) if folder else name
    for child in folders:
        yield from _walk(storage, posixpath.join(folder, child) if folder else child)


@dataclass
class _Files:
    """One storage's files, and the names its rows give."""

    storage: Storage
    rows: list[tuple[str, Any, str]] = field(default_factory=list)  # (label, pk, name)


def files_check(*, delete: bool = False, older_than: datetime.timedelta) -> FilesReport:
    """Every file in Lantern's storages that no row names (an orphan), and every row
    whose file is missing. A file waiting in `.incoming/` whose row committed (the
    process died between the commit and the move) is moved into place. With `delete`,
    orphans are removed. Files newer than `older_than` are left alone: their transaction
    may still be running. Works on any storage: files on disk or in a bucket."""
    report = FilesReport()
    storages: dict[tuple[Any, ...], _Files] = {}
    # Rows first, files second: a file written after its row was read is young, never
    # missing.
    for model, model_field in _file_fields():
        storage = model_field.storage
        found = storages.setdefault(_identity(storage), _Files(storage))
        stored = (
            model._base_manager.exclude(**{model_field.attname: ""})
            .exclude(**{f"{model_field.attname}__isnull": True})
            .values_list("pk", model_field.attname)
        )
        found.rows.extend((model._meta.label, pk, name) for pk, name in stored)
    cutoff = timezone.now() - older_than

    for found in storages.values():
        storage = found.storage
        present = set(_walk(storage))
        named = {name for _, _, name in found.rows}
        for label, pk, name in found.rows:
            if name in present:
                continue
            waiting = incoming_name(name)
            if waiting in present:
                if storage.get_modified_time(waiting) > cutoff:  # its commit may be moving it
                    report.young.append(where(storage, waiting))
                    continue
                _Staged(storage, name)()
                present.add(name)
                report.completed.append(where(storage, name))
            elif not storage.exists(name):  # not moved into place while the check listed
                report.missing.append(f"{label} #{pk}: {name}")
        for name in sorted(present):
            if name in named:
                continue
            if name.startswith(f"{INCOMING}/") and name[len(INCOMING) + 1 :] in named:
                continue  # moved above
            if storage.get_modified_time(name) > cutoff:
                report.young.append(where(storage, name))
                continue
            report.orphans.append(where(storage, name))
            if delete:
                storage.delete(name)
    return report
