"""Issue 13: on SQLite, an index holding what flagging reads of each entry
(lantern.chronology.facts_index, which says why not on PostgreSQL and why it is also
made after every migrate)."""

from django.db import migrations

NAME = "chron_entry_facts"


def create(apps, schema_editor):
    from lantern.chronology import facts_index

    facts_index.ensure(schema_editor.connection)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("chronology", "0003_stored_flags")]

    operations = [migrations.RunPython(create, drop)]
