"""The stored flags (issue 13): worked out when entries change, never when the page is read.

A flag pairs two entries of one day, and depends on those two entries only (flags.py), so
a change re-flags only what it touches: an import compares its new rows with the other
agencies' entries of the same days; an added or changed entry is compared with the
entries of its day; a removed entry takes its flags with it (the foreign keys cascade).
Marking a key episode changes nothing a flag is made from.
"""

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from .bulk import insert_rows
from .flags import Item, decode, flag_pairs_stored
from .models import ChronologyEntry, ChronologyFlag

#: Up to this many days are asked for by name; more, by the range they span.
_DAYS_BY_NAME = 100

COLUMNS = ("pk", "agency_id", "happened_on", "happened_at", "facts")


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while an import makes its tens of thousands of
    short-lived tuples (rows read, words, pairs), none of them in a cycle: each full
    collection walked the whole heap, a third of an import's time (issue 13). Memory is
    still freed as it is let go; only cycles wait until the collector is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def item_of(entry: ChronologyEntry) -> Item:
    assert entry.pk is not None
    return Item(
        entry.pk, entry.agency_id, entry.happened_on, entry.happened_at, decode(entry.facts)
    )


def items_of(rows: Iterable[tuple]) -> Iterator[Item]:
    for pk, agency_id, happened_on, happened_at, text in rows:
        yield Item(pk, agency_id, happened_on, happened_at, decode(text))


_FLAG_COLUMNS = ("case_id", "entry_id", "other_id", "other_agency_id", "kind", "reason")


def _save(case_id: int, pairs: Iterable[tuple[Item, Item, str, str]]) -> int:
    """Stores each pair as two flags, one on each entry."""
    rows = []
    for a, b, kind, reason in pairs:
        rows.append((case_id, a.pk, b.pk, b.agency_id, kind, reason))
        rows.append((case_id, b.pk, a.pk, a.agency_id, kind, reason))
    return insert_rows(ChronologyFlag, _FLAG_COLUMNS, rows)


def flag_new(case_id: int, items: list[Item], *, agency_id: int | None = None) -> int:
    """Flags entries that have none yet (just written) against the other entries of their
    days. `agency_id`: they are all that agency's (an import), so only other agencies'
    entries are read. Returns how many flags were stored."""
    if not items:
        return 0
    days = {item.happened_on for item in items}
    as_iso = {day.isoformat() for day in days}
    others = ChronologyEntry.objects.filter(case_id=case_id)
    if agency_id is not None:
        others = others.exclude(agency_id=agency_id)
    else:
        others = others.exclude(pk__in=[item.pk for item in items])
    if len(days) <= _DAYS_BY_NAME:
        others = others.filter(happened_on__in=days)
    else:
        others = others.filter(happened_on__range=(min(days), max(days)))
    # Dates and times read as text, without the ORM's (or the driver's) conversions: most
    # rows are only looked at, and flag_pairs_stored converts the few that may match.
    as_text = others.order_by().values_list(
        "pk",
        "agency_id",
        Cast("happened_on", TextField()),
        Cast("happened_at", TextField()),
        "facts",
    )
    sql, params = as_text.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [row for row in cursor.fetchall() if row[2] in as_iso]
    return _save(case_id, flag_pairs_stored(items, rows))


def reflag_entry(entry: ChronologyEntry) -> int:
    """After an entry changed: its old flags go (on both sides), its new ones are found."""
    ChronologyFlag.objects.filter(Q(entry=entry) | Q(other=entry)).delete()
    return flag_new(entry.case_id, [item_of(entry)])
