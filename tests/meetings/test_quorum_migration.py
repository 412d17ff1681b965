"""The migration that added Agency.statutory_for sorts existing partners sensibly."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("partnerships", "0001_initial")]
AFTER = [("partnerships", "0002_agency_statutory_for")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _back_to_the_latest():
    """Going back to 0001 also takes back every later migration of partnerships (and
    what depends on them): put them all back for the tests that follow."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_rule_existing_councils_are_split_into_childrens_and_adults_partners():
    apps = _migrate(BEFORE)
    Partnership = apps.get_model("partnerships", "Partnership")
    Agency = apps.get_model("partnerships", "Agency")
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
            partnership=partnership, name=name, kind=kind, statutory_partner=partner
        )

    apps = _migrate(AFTER)
    Agency = apps.get_model("partnerships", "Agency")
    found = {a.name: (a.statutory_partner, a.statutory_for) for a in Agency.objects.all()}
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
