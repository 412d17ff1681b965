"""Ranked full-text search of library items in the database's own index (issue 14).

SQLite: the FTS5 table `learning_libraryitem_fts` (migration 0002), ranked by bm25()
with the title weighted ten times the text, snippets by snippet().
PostgreSQL: the stored tsvector `search_vector` (title A, text B) through its GIN index,
ranked by ts_rank_cd(), snippets by ts_headline().

On both, items that match every group of the query come before those that match only
some (see _sqlite), each database's rank r shown as tier + r/(1+r); snippets are made
only for the page of results kept. Two queries a search, however large the library.

The caller narrows the items first (partnership, who may read them, filters) as a
QuerySet; its SQL becomes a subquery here, so the rules of who sees what live in one
place (lantern.learning.selectors) and the text search in another.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import LibraryItem
from .query import Query

#: Marks around a matched word in a raw snippet. Control characters: text with them is
#: refused on the way in (lantern.learning.validation), so they cannot be forged.
START, STOP = "\x02", "\x03"
ELLIPSIS = "…"
SNIPPET_WORDS = 24
TITLE_WEIGHT = 10.0


@dataclass(frozen=True)
class RawHit:
    item_id: int
    score: float
    snippet: str  # with START/STOP around matched words


def snippet_html(raw: str) -> SafeString:
    """A raw snippet as HTML: the text escaped, matched words in <mark>."""
    escaped = escape(raw.replace(START, "\x10").replace(STOP, "\x11"))
    return mark_safe(escaped.replace("\x10", "<mark>").replace("\x11", "</mark>"))  # noqa: S308


def snippet_text(raw: str) -> str:
    return raw.replace(START, "").replace(STOP, "")


def _tiered(rows: list[tuple[int, int, float]], limit: int) -> list[tuple[int, float]]:
    """(id, tier, rank) rows as (id, score): tier 1 (every group matched) before tier 0,
    score = tier + rank/(1 + rank), so scores read the same way on both databases (0..2)
    and fall in the order shown."""
    rows = sorted(rows, key=lambda r: (-r[1], -r[2], r[0]))[:limit]
    return [(pk, tier + rank / (1 + rank)) for pk, tier, rank in rows]


def _sqlite(query: Query, items: QuerySet[LibraryItem], limit: int) -> list[RawHit]:
    ids_sql, ids_params = items.order_by().values("id").query.sql_with_params()
    every, some = query.fts5(every_group=True), query.fts5()
    # Two tiers in one statement: items matching every group, then items matching some
    # but not all. The outer LIMIT stops SQLite before the second arm runs when the first
    # fills the page: ranking every item that shares one common word is what costs.
    # "+rowid": the unary plus keeps the narrowing out of FTS5's own planning. Given
    # "rowid IN (...)", FTS5 runs the whole text query once per id in the list (4.9 s for
    # 2,000 items); as a filter on its matches it costs next to nothing.
    arm = f"""
        SELECT * FROM (
            SELECT rowid, %s AS tier, -bm25(learning_libraryitem_fts, {TITLE_WEIGHT}, 1.0) AS b
            FROM learning_libraryitem_fts
            WHERE learning_libraryitem_fts MATCH %s AND +rowid IN ({ids_sql})
            ORDER BY b DESC, rowid
            LIMIT %s
        )"""  # noqa: S608 (the subquery is the ORM's own SQL; every value is a parameter)
    sql = f"{arm} UNION ALL {arm} LIMIT %s"
    params = [1, every, *ids_params, limit, 0, f"({some}) NOT ({every})", *ids_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        ranked = _tiered([(r[0], r[1], float(r[2])) for r in cursor.fetchall()], limit)
        if not ranked:
            return []
        # Snippets only for the page kept: snippet() on every match would cost more
        # than the ranking itself.
        marks = ", ".join(["%s"] * len(ranked))
        cursor.execute(
            f"""SELECT rowid, snippet(learning_libraryitem_fts, 1, %s, %s, %s, {SNIPPET_WORDS})
            FROM learning_libraryitem_fts
            WHERE learning_libraryitem_fts MATCH %s AND rowid IN ({marks})""",  # noqa: S608
            [START, STOP, ELLIPSIS, some, *(pk for pk, _ in ranked)],
        )
        snippets = dict(cursor.fetchall())
    return [RawHit(pk, score, snippets.get(pk) or "") for pk, score in ranked]


HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=8, "
    f'MaxFragments=2, FragmentDelimiter=" {ELLIPSIS} "'
)


def _postgresql(query: Query, items: QuerySet[LibraryItem], limit: int) -> list[RawHit]:
    ids_sql, ids_params = items.order_by().values("id").query.sql_with_params()
    every, some = query.tsquery(every_group=True), query.tsquery()
    # As on SQLite: items matching every group, then (only when too few) those matching
    # some, in one statement whose outer LIMIT stops before the second arm runs.
    # ts_rank_cd reads each match's whole tsvector: ranking the 8,000 of 10,000 items
    # that share "agencies" cost 160 ms, the items with every word 20.
    arm = f"""
        (SELECT i.id, %s AS tier, ts_rank_cd(i.search_vector, q, 0) AS r
         FROM learning_libraryitem i, to_tsquery('english', %s) q
         WHERE i.search_vector @@ q AND i.id IN ({ids_sql})
         ORDER BY r DESC, i.id
         LIMIT %s)"""  # noqa: S608 (the subquery is the ORM's own SQL; every value is a parameter)
    sql = f"{arm} UNION ALL {arm} LIMIT %s"
    params = [1, every, *ids_params, limit, 0, f"({some}) & !({every})", *ids_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        ranked = _tiered([(r[0], r[1], float(r[2])) for r in cursor.fetchall()], limit)
        if not ranked:
            return []
        cursor.execute(
            "SELECT id, ts_headline('english', text, to_tsquery('english', %s), %s) "
            "FROM learning_libraryitem WHERE id = ANY(%s)",
            [some, HEADLINE_OPTIONS, [pk for pk, _ in ranked]],
        )
        snippets = dict(cursor.fetchall())
    return [RawHit(pk, score, snippets.get(pk) or "") for pk, score in ranked]


def ranked(query: Query, items: QuerySet[LibraryItem], limit: int) -> list[RawHit]:
    """The best `limit` of `items` for `query`, best first. An empty query finds none."""
    if not query or limit < 1:
        return []
    if connection.vendor == "postgresql":
        return _postgresql(query, items, limit)
    return _sqlite(query, items, limit)
