"""Writes to the learning library (issue 14): one item at a time for the pages and the
publications service, and a whole JSON Lines file for `lantern library import`.

Every write is validated first and runs in one transaction; the full-text index follows
by itself (triggers on SQLite, a generated column on PostgreSQL)."""

import datetime
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from lantern.cases.models import Case
from lantern.partnerships.models import Agency, Partnership

from .models import CASE_KINDS, LibraryItem, Theme
from .validation import (
    ALL_KINDS,
    MAX_TEXT,
    MAX_TITLE,
    Record,
    check_date,
    check_kind,
    check_ref,
    check_string,
    check_url,
    clean_record,
)


def resolve_themes(partnership: Partnership, names: Iterable[Theme | str]) -> list[Theme]:
    """Themes of the partnership (national or its own) by instance, slug or name (any
    case). ValidationError names every one it does not know."""
    known = list(Theme.objects.for_partnership(partnership.pk).active())
    by_key: dict[str, Theme] = {}
    for theme in known:
        by_key[theme.slug.lower()] = theme
        by_key.setdefault(theme.name.lower(), theme)
    found: list[Theme] = []
    unknown: list[str] = []
    for entry in names:
        if isinstance(entry, Theme):
            if entry not in known:
                unknown.append(entry.slug)
            else:
                found.append(entry)
            continue
        named = by_key.get(entry.strip().lower())
        if named is None:
            unknown.append(entry)
        else:
            found.append(named)
    if unknown:
        raise ValidationError(
            "unknown theme " + ", ".join(f"'{u}'" for u in unknown) + " (see `lantern library "
            "themes` for the themes this partnership uses)."
        )
    return list(dict.fromkeys(found))


def source_key_of(source: models.Model | None) -> str:
    return "" if source is None else f"{source._meta.label_lower}:{source.pk}"


@transaction.atomic
def library_item_upsert(
    *,
    partnership: Partnership,
    ref: str,
    kind: str,
    title: str,
    text: str,
    url: str = "",
    themes: Sequence[Theme | str] | None = (),
    published_on: datetime.date | None = None,
    agencies: Sequence[Agency] | None = (),
    source: models.Model | None = None,
    case: Case | None = None,
) -> LibraryItem:
    """Adds the item `ref` to the partnership's library, or updates it: the one way
    items are written.

    `themes` are Theme instances, slugs or names; `agencies` the partnership's agencies;
    None for either keeps what an existing item has. `source` is the local record the
    item was built from (a publication, a finding...), kept as a key. `case` makes the
    item confidential to that case's readers; a finding or recommendation must have one
    and, given none, takes its source's case. Published material has none.
    ValidationError says what is wrong, and nothing is written.
    """
    check_ref(ref)
    check_kind(kind, allowed=ALL_KINDS)
    title = check_string("title", title, max_length=MAX_TITLE)
    check_string("text", text, max_length=MAX_TEXT, multiline=True)
    url = check_url(url)
    published_on = check_date(published_on)
    if case is None and kind in CASE_KINDS:
        case = getattr(source, "case", None)
    if kind in CASE_KINDS and case is None:
        raise ValidationError(f"A {kind} belongs to a case: give its case.")
    if case is not None and case.partnership_id != partnership.pk:
        raise ValidationError("The case is not one of this partnership's.")
    theme_list = None if themes is None else resolve_themes(partnership, themes)
    agency_list = None if agencies is None else list(agencies)
    if agency_list and any(a.partnership_id != partnership.pk for a in agency_list):
        raise ValidationError("Every agency must be one of this partnership's.")
    item, _ = LibraryItem.objects.update_or_create(
        partnership=partnership,
        ref=ref,
        defaults={
            "kind": kind,
            "title": title,
            "text": text,
            "url": url,
            "published_on": published_on,
            "case": case,
            "source_key": source_key_of(source),
        },
    )
    if theme_list is not None:
        item.themes.set(theme_list)
    if agency_list is not None:
        item.agencies.set(agency_list)
    return item


@transaction.atomic
def library_item_delete(*, partnership: Partnership, ref: str) -> bool:
    """Removes the item `ref` (a withdrawn publication); False if there was none."""
    deleted, _ = LibraryItem.objects.filter(partnership=partnership, ref=ref).delete()
    return deleted > 0


# The import -------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportRefused(Exception):
    """The file had bad lines: each (line number, message). Nothing was written."""

    errors: list[tuple[int, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{len(self.errors)} problem(s); nothing imported."


def _duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ValueError("field " + ", ".join(f"'{k}'" for k in repeated) + " given twice")
    return dict(pairs)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def read_lines(
    lines: Iterable[bytes | str], *, partnership: Partnership, today: datetime.date | None = None
) -> list[tuple[int, Record, list[Theme]]]:
    """Every line checked (JSON, fields, themes, refs unique in the file and not a case's
    finding or recommendation), numbered from 1. Blank lines are skipped. ImportRefused
    lists every problem."""
    errors: list[tuple[int, str]] = []
    records: list[tuple[int, Record, list[Theme]]] = []
    first_line: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                errors.append((number, f"not UTF-8 text ({error.reason} at byte {error.start})."))
                continue
        else:
            line = raw
        if not line.strip():
            continue
        try:
            data = json.loads(line, object_pairs_hook=_duplicate_keys, parse_constant=_no_constant)
        except ValueError as error:
            errors.append((number, f"not valid JSON ({error})."))
            continue
        record, messages = clean_record(data, today=today)
        if record is None:
            errors.extend((number, m) for m in messages)
            continue
        if record.ref in first_line:
            errors.append(
                (number, f"ref '{record.ref}' is already on line {first_line[record.ref]}.")
            )
            continue
        first_line[record.ref] = number
        try:
            themes = resolve_themes(partnership, record.themes or [])
        except ValidationError as error:
            errors.extend((number, m) for m in error.messages)
            continue
        records.append((number, record, themes))
    if first_line:
        taken = LibraryItem.objects.filter(
            partnership=partnership, ref__in=list(first_line), kind__in=CASE_KINDS
        ).values_list("ref", "kind")
        for ref, kind in taken:
            errors.append(
                (
                    first_line[ref],
                    f"ref '{ref}' is a case's {kind} in the library; use another ref.",
                )
            )
    if errors:
        raise ImportRefused(sorted(errors))
    return records


def _changed(item: LibraryItem, record: Record, themes: list[Theme]) -> bool:
    fields_differ = (
        item.title != record.title
        or item.kind != record.kind
        or item.url != record.url
        or item.text != record.text
        or (record.has_published_on and item.published_on != record.published_on)
    )
    if fields_differ:
        return True
    if record.themes is None:
        return False
    return {t.pk for t in item.themes.all()} != {t.pk for t in themes}


def library_import(
    *,
    partnership: Partnership,
    lines: Iterable[bytes | str],
    dry_run: bool = False,
    today: datetime.date | None = None,
) -> ImportResult:
    """Imports a JSON Lines file of published and national learning: every line valid, or
    ImportRefused and nothing written. A ref already in the library is updated; its
    themes and date are kept when the line leaves them out."""
    records = read_lines(lines, partnership=partnership, today=today)
    result = ImportResult()
    with transaction.atomic():
        existing = {
            item.ref: item
            for item in LibraryItem.objects.filter(
                partnership=partnership, ref__in=[r.ref for _, r, _ in records]
            ).prefetch_related("themes")
        }
        for _, record, themes in records:
            item = existing.get(record.ref)
            if item is not None and not _changed(item, record, themes):
                result.unchanged += 1
                continue
            if item is None:
                result.created += 1
            else:
                result.updated += 1
            if dry_run:
                continue
            published_on = (
                record.published_on
                if record.has_published_on or item is None
                else item.published_on
            )
            library_item_upsert(
                partnership=partnership,
                ref=record.ref,
                kind=record.kind,
                title=record.title,
                text=record.text,
                url=record.url,
                themes=themes if record.themes is not None else None,
                published_on=published_on,
                agencies=None,
            )
    return result
