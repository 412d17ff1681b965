"""Files written so that a crash leaves neither orphans nor dangling rows (issue 12, item 13).

A file saved straight to its place before its row commits is left behind, confidential
and unlisted, when the process dies in between (kill -9 during DOCX+PDF generation did
exactly that). So a file is first written under the storage's `.incoming/` folder, its
row is created in the transaction, and the file is moved into its place only when that
transaction commits (transaction.on_commit). A rollback removes it; a crash leaves, at
worst, a file in `.incoming/` that no row names, which `lantern files check --delete`
removes (and a file whose row committed but whose move did not happen, which the check
moves into place).

Write with `stage_file` inside the transaction that creates the row.
"""

import datetime
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import Storage
from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile

INCOMING = ".incoming"


def incoming_path(storage: Storage, name: str) -> Path:
    """Where the file that will be `name` waits for its transaction to commit."""
    return Path(storage.path(f"{INCOMING}/{name}"))


class _Staged:
    """One file waiting for its transaction: moved into place on commit, removed if the
    transaction rolls back (Django then drops this callback, and so the last reference)."""

    def __init__(self, storage: Storage, name: str) -> None:
        self.temp = incoming_path(storage, name)
        self.final = Path(storage.path(name))
        self.done = False

    def __call__(self) -> None:
        if self.done:
            return
        self.final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.temp, self.final)  # atomic on one file system
        self.done = True

    def discard(self) -> None:
        if not self.done:
            self.temp.unlink(missing_ok=True)
            self.done = True

    def __del__(self) -> None:  # the transaction rolled back: its callbacks were dropped
        self.discard()


def _in_a_test() -> bool:
    """True inside a test's own transaction, which is rolled back at its end and so never
    runs on_commit: there the file goes to its place at once. (Tests of the commit and
    rollback behaviour run with real transactions: django_db(transaction=True).)"""
    blocks = connection.atomic_blocks
    return bool(blocks) and getattr(blocks[0], "_from_testcase", False)


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
    temp = incoming_path(storage, name)
    temp.parent.mkdir(parents=True, exist_ok=True)
    with open(temp, "wb") as out:
        for chunk in content.chunks():
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())  # on disk before the row that names it commits
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
    orphans: list[Path] = field(default_factory=list)  # files no row names
    missing: list[str] = field(default_factory=list)  # rows whose file is gone
    completed: list[Path] = field(default_factory=list)  # committed, then moved here
    young: list[Path] = field(default_factory=list)  # too new to judge: maybe in flight

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


def files_check(*, delete: bool = False, older_than: datetime.timedelta) -> FilesReport:
    """Every file in Lantern's storages that no row names (an orphan), and every row
    whose file is missing. A file waiting in `.incoming/` whose row committed (the
    process died between the commit and the move) is moved into place. With `delete`,
    orphans are removed. Files newer than `older_than` are left alone: their transaction
    may still be running."""
    report = FilesReport()
    named: dict[Path, set[str]] = {}
    storages: dict[Path, Storage] = {}
    for model, model_field in _file_fields():
        storage = model_field.storage
        root = Path(storage.location).resolve()  # type: ignore[attr-defined]
        storages[root] = storage
        names = named.setdefault(root, set())
        stored = (
            model._base_manager.exclude(**{model_field.attname: ""})
            .exclude(**{f"{model_field.attname}__isnull": True})
            .values_list("pk", model_field.attname)
        )
        for pk, name in stored:
            names.add(name)
            if not storage.exists(name):
                waiting = incoming_path(storage, name)
                if waiting.exists():
                    _Staged(storage, name)()
                    report.completed.append(Path(storage.path(name)))
                else:
                    report.missing.append(f"{model._meta.label} #{pk}: {name}")
    cutoff = time.time() - older_than.total_seconds()
    for root, names in named.items():
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            relative = path.relative_to(root).as_posix()
            if relative in names:
                continue
            if relative.startswith(f"{INCOMING}/") and relative[len(INCOMING) + 1 :] in names:
                continue  # moved above, or its row is still being written
            if path.stat().st_mtime > cutoff:
                report.young.append(path)
                continue
            report.orphans.append(path)
            if delete:
                path.unlink(missing_ok=True)
    return report
