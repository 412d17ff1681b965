"""Issue 13: on SQLite an import reads the other agencies' entries from an index holding
their facts (lantern.chronology.facts_index); a migration that rebuilds the table drops
it, so it is made again after every migrate. Not on PostgreSQL (its index size limit)."""

import pytest
from django.db import connection

from lantern.chronology import facts_index

pytestmark = pytest.mark.django_db


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "chronology_chronologyentry")
    return {name for name, about in found.items() if about["index"]}


def test_the_facts_index_is_there_on_sqlite_only_issue_13():
    assert (facts_index.NAME in _indexes()) == (connection.vendor == "sqlite")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="an index SQLite alone has")
def test_a_dropped_facts_index_is_made_again_by_migrate_issue_13():
    from django.core.management import call_command

    with connection.cursor() as cursor:
        cursor.execute(f'DROP INDEX "{facts_index.NAME}"')
    assert facts_index.NAME not in _indexes()
    call_command("migrate", verbosity=0)
    assert facts_index.NAME in _indexes()
