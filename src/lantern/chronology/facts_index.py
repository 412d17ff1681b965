"""On SQLite, an index holding what flagging reads of each entry (its date, agency, time
and `facts`), so an import reads the other agencies' entries of its days from the index
alone, without visiting the table's rows: a third of the time of that read (issue 13).

Not on PostgreSQL: an index entry there has a size limit (about 2,700 bytes) that the
facts of a long event could pass, and a table just written is read from the heap anyway
until it is vacuumed. So it is not in the model's Meta (Django would make it on every
database), and a migration that rebuilds the table on SQLite (as altering a field does)
drops it: it is made again after every `migrate` (apps.py), as well as by migration 0004.
"""

from typing import Any

NAME = "chron_entry_facts"


def ensure(connection: Any) -> None:
    """Makes the index on a SQLite database that lacks it; does nothing elsewhere."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if "chronology_chronologyentry" not in tables:
            return
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = %s", [NAME])
        if cursor.fetchone():
            return
        cursor.execute(
            f'CREATE INDEX "{NAME}" ON "chronology_chronologyentry" '
            '("case_id", "happened_on", "agency_id", "happened_at", "facts")'
        )
        # Where the database keeps statistics (someone ran ANALYZE), the new index gets
        # its own: with the others' statistics and none of its own, the planner took it,
        # five times as wide, for the page's counts too.
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone():
            cursor.execute(f'ANALYZE "{NAME}"')


def ensure_after_migrate(using: str = "default", **_kwargs: Any) -> None:
    from django.db import connections

    ensure(connections[using])
