"""Changes to a case's chronology: imports that replace an agency's rows, and single rows.

Callers check the person may act for the agency (access.py); these functions do the
writing, each in one transaction.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from lantern.audit.models import Action
from lantern.audit.recorder import record
from lantern.cases.models import Case
from lantern.partnerships.models import Agency
from lantern.web.versioning import save_versioned

from .bulk import insert_rows
from .flagging import flag_new, item_of, no_cycle_collection, reflag_entry
from .flags import Facts, Item, encode, facts
from .models import ChronologyEntry, ChronologyFlag, ChronologyImport, ImportStatus
from .parsing import FileRefused, ParsedRow, check_file, parse_chronology

#: Every column of an imported entry, as chronology_replace gives them.
_ENTRY_COLUMNS = (
    "case_id", "agency_id", "happened_on", "happened_at", "source_record", "event",
    "action_taken", "practitioner_role", "key_episode", "batch_id", "version", "facts",
)  # fmt: skip


def chronology_import(*, case: Case, agency: Agency, user: Any, file: Any) -> ChronologyImport:
    """Reads and checks the whole file, then replaces the agency's rows in one change.

    `file` is an uploaded file (name, size, read()). A file that cannot be read, or has
    any invalid row, is kept as a refused import with its messages and no entry is
    written, so the uploader can read what to fix.
    """
    file_name = str(file.name or "chronology")
    try:
        check_file(file_name, file.size)
        with no_cycle_collection():
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


def _values(
    case: Case, agency: Agency, batch: ChronologyImport, row: ParsedRow, found: Facts
) -> tuple:
    """A parsed row as the values of _ENTRY_COLUMNS, checked by the parser already."""
    return (case.pk, agency.pk, row.happened_on, row.happened_at, row.source_record, row.event,
            row.action_taken, row.practitioner_role, False, batch.pk, 1, encode(found))  # fmt: skip


@transaction.atomic
def chronology_replace(
    *, case: Case, agency: Agency, user: Any, file_name: str, rows: list[ParsedRow]
) -> ChronologyImport:
    """The agency's rows on the case become `rows`: one delete, one bulk insert, one event.

    Then the new rows are flagged against the other agencies' entries of their days; the
    old rows' flags went with them (issue 13).
    """
    batch = ChronologyImport.objects.create(
        case=case,
        agency=agency,
        uploaded_by=user,
        file_name=file_name[:255],
        status=ImportStatus.IMPORTED,
        row_count=len(rows),
    )
    old = ChronologyEntry.objects.filter(case=case, agency=agency)
    # Raw deletes, like bulk_create, send no per-row signals: the event below records
    # the replacement as one change instead of thousands. The old rows' flags go first,
    # on both sides, as a cascade would take them.
    gone = old.values("pk")
    flags = ChronologyFlag.objects.filter(Q(entry__in=gone) | Q(other__in=gone))
    flags._raw_delete(flags.db)
    batch.replaced_count = old._raw_delete(old.db)
    batch.save(update_fields=["replaced_count"])
    with no_cycle_collection():
        # Written without the model's save(), so `facts` is worked out here, once a row, and
        # flagged from what was worked out (not read back and decoded: issue 13).
        found = [facts(row.event, row.source_record) for row in rows]
        insert_rows(
            ChronologyEntry,
            _ENTRY_COLUMNS,
            (_values(case, agency, batch, row, f) for row, f in zip(rows, found, strict=True)),
        )
        # One statement run row after row in one transaction: the keys rise in the rows' order.
        pks = (
            ChronologyEntry.objects.filter(batch=batch).order_by("pk").values_list("pk", flat=True)
        )
        items = [
            Item(pk, agency.pk, row.happened_on, row.happened_at, f)
            for pk, row, f in zip(list(pks), rows, found, strict=True)
        ]
        flag_new(case.pk, items, agency_id=agency.pk)
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
    entry = ChronologyEntry.objects.create(case=case, agency=agency, **fields)
    flag_new(case.pk, [item_of(entry)])
    return entry


def entry_change(
    *,
    entry: ChronologyEntry,
    version: int | None = None,
    seen: dict[str, str] | None = None,
    **fields: Any,
) -> ChronologyEntry:
    """Change an entry. Made from an older `version` than the stored one, it raises
    lantern.web.versioning.EditConflict and saves nothing (issue 12, item 12).

    Then the entry's flags are worked out again against its day (issue 13): with the
    answers as merged by save_versioned, which are what is stored.
    """
    _check(fields.get("event", entry.event), fields.get("happened_on", entry.happened_on))
    for name, value in fields.items():
        setattr(entry, name, value)
    with transaction.atomic():
        save_versioned(entry, list(fields), version=version, seen=seen)
        if _FLAGGED_BY & set(fields):
            reflag_entry(entry)
    return entry


#: The fields a flag is worked out from (flags.py); a change of any other leaves them be.
_FLAGGED_BY = {"happened_on", "happened_at", "event", "source_record"}


@transaction.atomic
def entry_remove(*, entry: ChronologyEntry) -> None:
    """Removes the entry; its flags, on both sides, go with it (issue 13)."""
    entry.delete()


@transaction.atomic
def entry_mark(*, entry: ChronologyEntry, key_episode: bool) -> ChronologyEntry:
    """Marks (or unmarks) the entry as part of a key practice episode. No flag is made
    from the mark, so none is worked out again (issue 13)."""
    entry.key_episode = key_episode
    entry.save(update_fields=["key_episode"])
    return entry
