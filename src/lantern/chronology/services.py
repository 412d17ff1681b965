"""Changes to a case's chronology: imports that replace an agency's rows, and single rows.

Callers check the person may act for the agency (access.py); these functions do the
writing, each in one transaction.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.audit.models import Action
from lantern.audit.recorder import record
from lantern.cases.models import Case
from lantern.partnerships.models import Agency
from lantern.web.versioning import save_versioned

from .models import ChronologyEntry, ChronologyImport, ImportStatus
from .parsing import FileRefused, ParsedRow, check_file, parse_chronology


def chronology_import(*, case: Case, agency: Agency, user: Any, file: Any) -> ChronologyImport:
    """Reads and checks the whole file, then replaces the agency's rows in one change.

    `file` is an uploaded file (name, size, read()). A file that cannot be read, or has
    any invalid row, is kept as a refused import with its messages and no entry is
    written, so the uploader can read what to fix.
    """
    file_name = str(file.name or "chronology")
    try:
        check_file(file_name, file.size)
        result = parse_chronology(file_name, file.read(), agency_name=agency.name)
    except FileRefused as error:
        return _refuse(case, agency, user, file_name, 0, [str(error)])
    if not result.ok:
        hidden = result.error_count - len(result.errors)
        more = [f"... and {hidden:,} more problems not listed here."] if hidden > 0 else []
        rows = len(result.rows) + result.error_count
        return _refuse(case, agency, user, file_name, rows, [*result.errors, *more])
    return chronology_replace(
        case=case, agency=agency, user=user, file_name=file_name, rows=result.rows
    )


def _refuse(
    case: Case, agency: Agency, user: Any, file_name: str, rows: int, errors: list[str]
) -> ChronologyImport:
    return ChronologyImport.objects.create(
        case=case,
        agency=agency,
        uploaded_by=user,
        file_name=file_name[:255],
        status=ImportStatus.REFUSED,
        row_count=rows,
        errors=errors,
    )


@transaction.atomic
def chronology_replace(
    *, case: Case, agency: Agency, user: Any, file_name: str, rows: list[ParsedRow]
) -> ChronologyImport:
    """The agency's rows on the case become `rows`: one delete, one bulk insert, one event."""
    batch = ChronologyImport.objects.create(
        case=case,
        agency=agency,
        uploaded_by=user,
        file_name=file_name[:255],
        status=ImportStatus.IMPORTED,
        row_count=len(rows),
    )
    old = ChronologyEntry.objects.filter(case=case, agency=agency)
    # A raw delete, like bulk_create, sends no per-row signals: the event below records
    # the replacement as one change instead of thousands.
    batch.replaced_count = old._raw_delete(old.db)
    batch.save(update_fields=["replaced_count"])
    ChronologyEntry.objects.bulk_create(
        [
            ChronologyEntry(
                case=case,
                agency=agency,
                happened_on=row.happened_on,
                happened_at=row.happened_at,
                source_record=row.source_record,
                event=row.event,
                action_taken=row.action_taken,
                practitioner_role=row.practitioner_role,
                batch=batch,
            )
            for row in rows
        ],
        batch_size=500,
    )
    record(
        Action.UPDATE,
        batch,
        changes={
            "chronology_of": agency.name,
            "file_name": file_name,
            "entries_removed": batch.replaced_count,
            "entries_added": len(rows),
        },
    )
    return batch


def _check(event: str, happened_on: datetime.date | None) -> None:
    errors = {}
    if happened_on is None:
        errors["happened_on"] = "Enter the date."
    if not event.strip():
        errors["event"] = "Enter what happened."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def entry_add(*, case: Case, agency: Agency, **fields: Any) -> ChronologyEntry:
    _check(fields.get("event", ""), fields.get("happened_on"))
    return ChronologyEntry.objects.create(case=case, agency=agency, **fields)


def entry_change(
    *,
    entry: ChronologyEntry,
    version: int | None = None,
    seen: dict[str, str] | None = None,
    **fields: Any,
) -> ChronologyEntry:
    """Change an entry. Made from an older `version` than the stored one, it raises
    lantern.web.versioning.EditConflict and saves nothing (issue 12, item 12)."""
    _check(fields.get("event", entry.event), fields.get("happened_on", entry.happened_on))
    for name, value in fields.items():
        setattr(entry, name, value)
    save_versioned(entry, list(fields), version=version, seen=seen)
    return entry


@transaction.atomic
def entry_remove(*, entry: ChronologyEntry) -> None:
    entry.delete()


@transaction.atomic
def entry_mark(*, entry: ChronologyEntry, key_episode: bool) -> ChronologyEntry:
    """Marks (or unmarks) the entry as part of a key practice episode."""
    entry.key_episode = key_episode
    entry.save(update_fields=["key_episode"])
    return entry
