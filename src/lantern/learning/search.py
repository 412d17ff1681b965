"""Ranked full-text search of library items in the database's own index (issue 14).

SQLite: the FTS5 table `learning_libraryitem_fts` (migration 0002), ranked by bm25()
with the title weighted ten times the text, snippets by snippet().
PostgreSQL: the stored tsvector `search_vector` (title A, text B) through its GIN index,
ranked by ts_rank_cd() (normalised to 0..1 by rank/(rank+1)), items that match every
group of the query before those that match some (see _postgresql), snippets by
ts_headline(), which runs only on the page of results kept.

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


def _sqlite(query: Query, items: QuerySet[LibraryItem], limit: int) -> list[RawHit]:
    ids_sql, ids_params = items.order_by().values("id").query.sql_with_params()
    match = query.fts5()
    # "+rowid": the unary plus keeps the narrowing out of FTS5's own planning. Given
    # "rowid IN (...)", FTS5 runs the whole text query once per id in the list (4.9 s for
    # 2,000 items); as a filter on its matches it costs next to nothing.
    ranking = f"""
        SELECT rowid, -bm25(learning_libraryitem_fts, {TITLE_WEIGHT}, 1.0) AS score
        FROM learning_libraryitem_fts
        WHERE learning_libraryitem_fts MATCH %s AND +rowid IN ({ids_sql})
        ORDER BY score DESC, rowid
        LIMIT %s
    """  # noqa: S608 (the subquery is the ORM's own SQL; every value is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(ranking, [match, *ids_params, limit])
        ranked = [(row[0], float(row[1])) for row in cursor.fetchall()]
        if not ranked:
            return []
        # Snippets only for the page kept: snippet() on every match would cost more
        # than the ranking itself.
        marks = ", ".join(["%s"] * len(ranked))
        cursor.execute(
            f"""SELECT rowid, snippet(learning_libraryitem_fts, 1, %s, %s, %s, {SNIPPET_WORDS})
            FROM learning_libraryitem_fts
            WHERE learning_libraryitem_fts MATCH %s AND rowid IN ({marks})""",  # noqa: S608
            [START, STOP, ELLIPSIS, match, *(pk for pk, _ in ranked)],
        )
        snippets = dict(cursor.fetchall())
    return [RawHit(pk, score, snippets.get(pk) or "") for pk, score in ranked]


HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=8, "
    f'MaxFragments=2, FragmentDelimiter=" {ELLIPSIS} "'
)


def _postgresql_ranked(
    tsquery: str, items: QuerySet[LibraryItem], limit: int, *, bonus: float, skip: list[int]
) -> list[tuple[int, float]]:
    ids_sql, ids_params = items.order_by().values("id").query.sql_with_params()
    sql = f"""
        SELECT i.id, %s + ts_rank_cd(i.search_vector, q, 32) AS score
        FROM learning_libraryitem i, to_tsquery('english', %s) q
        WHERE i.search_vector @@ q AND i.id IN ({ids_sql}) AND NOT (i.id = ANY(%s))
        ORDER BY score DESC, i.id
        LIMIT %s
    """  # noqa: S608 (the subquery is the ORM's own SQL; every value is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, [bonus, tsquery, *ids_params, skip, limit])
        return [(row[0], float(row[1])) for row in cursor.fetchall()]


def _postgresql(query: Query, items: QuerySet[LibraryItem], limit: int) -> list[RawHit]:
    # Items matching every group first, then items matching any: ts_rank_cd reads each
    # matching item's whole tsvector, so ranking everything that has one common word
    # (8,000 of 10,000 items for "information sharing between agencies") cost 160 ms
    # where the items with every word cost 20. Ranks are 0..1 (normalisation 32), so
    # adding 1 keeps the scores in the order shown.
    ranked = _postgresql_ranked(query.tsquery(every_group=True), items, limit, bonus=1.0, skip=[])
    if len(ranked) < limit and len(query.groups) > 1:
        ranked += _postgresql_ranked(
            query.tsquery(), items, limit - len(ranked), bonus=0.0, skip=[pk for pk, _ in ranked]
        )
    if not ranked:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, ts_headline('english', text, to_tsquery('english', %s), %s) "
            "FROM learning_libraryitem WHERE id = ANY(%s)",
            [query.tsquery(), HEADLINE_OPTIONS, [pk for pk, _ in ranked]],
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
