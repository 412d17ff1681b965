"""The library's full-text index, in each database's own terms (issue 14).

SQLite: an FTS5 table over the items' title and text (external content: it stores the
index, not a second copy of the text), Porter stemming on top of unicode61, kept in
step by three triggers, so every write (the ORM's, bulk_create, raw SQL) updates it.

PostgreSQL: a stored generated tsvector column (title weighted A, text B, 'english'
configuration: Snowball stemming and its stop words) with a GIN index. PostgreSQL
recomputes it on every write.

Neither is a Django field: the ORM never reads or writes them (lantern.learning.search
does, in SQL).
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE learning_libraryitem_fts USING fts5(
        title, text,
        content='learning_libraryitem', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER learning_libraryitem_fts_insert AFTER INSERT ON learning_libraryitem
    BEGIN
        INSERT INTO learning_libraryitem_fts (rowid, title, text)
        VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER learning_libraryitem_fts_delete AFTER DELETE ON learning_libraryitem
    BEGIN
        INSERT INTO learning_libraryitem_fts (learning_libraryitem_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER learning_libraryitem_fts_update AFTER UPDATE OF title, text
    ON learning_libraryitem
    BEGIN
        INSERT INTO learning_libraryitem_fts (learning_libraryitem_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO learning_libraryitem_fts (rowid, title, text)
        VALUES (new.id, new.title, new.text);
    END""",
    # Items written before this migration (none in a fresh database).
    "INSERT INTO learning_libraryitem_fts (learning_libraryitem_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS learning_libraryitem_fts_update",
    "DROP TRIGGER IF EXISTS learning_libraryitem_fts_delete",
    "DROP TRIGGER IF EXISTS learning_libraryitem_fts_insert",
    "DROP TABLE IF EXISTS learning_libraryitem_fts",
]

POSTGRESQL_FORWARD = [
    """ALTER TABLE learning_libraryitem ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'B')
    ) STORED""",
    "CREATE INDEX learning_libraryitem_search ON learning_libraryitem USING gin (search_vector)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS learning_libraryitem_search",
    "ALTER TABLE learning_libraryitem DROP COLUMN IF EXISTS search_vector",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_library")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
    ]
