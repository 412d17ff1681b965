"""Reading the audit trail at scale (issue 13)."""

from django.db import connection

from .models import AuditEvent

# A loose index scan: the smallest type, then the smallest one after it, and so on, each
# one probe of the (partnership, object_type, at, id) index. So the work grows with the
# number of kinds of record (a few dozen), not with the events (millions after 10 years).
# Plain SQL because the ORM has no recursive query; it runs on SQLite and PostgreSQL.
_TYPES_SQL = """
WITH RECURSIVE types(object_type) AS (
    SELECT (SELECT object_type FROM {table} WHERE {partnership}
            ORDER BY object_type LIMIT 1)
    UNION ALL
    SELECT (SELECT e.object_type FROM {table} e WHERE {e_partnership}
            AND e.object_type > types.object_type ORDER BY e.object_type LIMIT 1)
    FROM types WHERE types.object_type IS NOT NULL
)
SELECT object_type FROM types WHERE object_type IS NOT NULL
"""


def object_types_query(partnership_id: int | None) -> tuple[str, list[int]]:
    """The SQL and parameters of object_types() (the tests EXPLAIN it)."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    params: list[int] = []
    if partnership_id is None:
        where, e_where = "partnership_id IS NULL", "e.partnership_id IS NULL"
    else:
        where, e_where = "partnership_id = %s", "e.partnership_id = %s"
        params = [partnership_id, partnership_id]
    return _TYPES_SQL.format(table=table, partnership=where, e_partnership=e_where), params


def object_types(partnership_id: int | None) -> list[str]:
    """The kinds of record (object_type) on a partnership's trail, in order: one query,
    read off the index, whatever the number of events."""
    sql, params = object_types_query(partnership_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(row[0] for row in cursor.fetchall())
