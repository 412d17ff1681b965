"""The migration that added Agency.statutory_for sorts existing partners sensibly.

The rule is the migration's data step (`forwards`), run here as the migration runs it:
with the models as they stood at that migration, on agencies whose new field holds what
its AddField put there ("both"). The schema steps themselves run whenever the suite's
database is made, from every migration. (Migrating partnerships back to 0001 and forward
again, as this test once did, took a minute on each database: every later migration of
every app depends on partnerships.)
"""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lantern.partnerships.models import Agency, Partnership

pytestmark = pytest.mark.django_db

AFTER = ("partnerships", "0002_agency_statutory_for")
migration = importlib.import_module("lantern.partnerships.migrations.0002_agency_statutory_for")


def test_rule_existing_councils_are_split_into_childrens_and_adults_partners():
    split = Partnership.objects.create(name="Split", short_name="S", slug="split")
    whole = Partnership.objects.create(name="Whole", short_name="W", slug="whole")
    for partnership, name, kind, partner in [
        (split, "Council Children's Services", "local_authority", "local_authority"),
        (split, "Council Adult Social Care", "local_authority", ""),
        (split, "ICB", "icb", "icb"),
        (split, "Council Housing", "local_authority", ""),
        (whole, "Borough Council", "local_authority", "local_authority"),
        (whole, "Borough Adult Social Care", "local_authority", ""),
    ]:
        Agency.objects.create(
            partnership=partnership,
            name=name,
            kind=kind,
            statutory_partner=partner,
            statutory_for="both",  # the AddField's default, before the data step
        )

    apps = MigrationExecutor(connection).loader.project_state([AFTER]).apps
    migration.forwards(apps, None)

    found = {
        a.name: (a.statutory_partner, a.statutory_for)
        for a in Agency.objects.filter(partnership__in=[split, whole])
    }
    assert found == {
        "Council Children's Services": ("local_authority", "children"),
        # The Care Act's partner for the SAB, left out while one slot was children's.
        "Council Adult Social Care": ("local_authority", "adults"),
        "ICB": ("icb", "both"),
        "Council Housing": ("", "both"),
        # A council that was already the partner for both keeps it; its adult social
        # care department is not made a second partner.
        "Borough Council": ("local_authority", "both"),
        "Borough Adult Social Care": ("", "both"),
    }
