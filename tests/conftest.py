import importlib
import os
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.db.models.signals import post_migrate
from django.test import TransactionTestCase

from lantern.accounts.models import Role
from lantern.cases.models import Capacity, Case

from .factories import CaseFactory, MembershipFactory, PartnershipFactory, UserFactory

# One set of browser fixtures (one Chromium, one Playwright loop) for every folder.
pytest_plugins = ["tests.browser.fixtures"]

# The fixtures that give a test the database (pytest-django's, and live_server's).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
    | {"live_server"}
)


def uses_the_database(item: pytest.Item) -> bool:
    """Whether a test may touch the database: marked django_db, given one of the database
    fixtures (itself or through a fixture it uses, such as `cast`), or a Django TestCase.
    Any other test that touches it fails ("Database access not allowed"), so a test this
    says no to is the same on every database."""
    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return True
    if item.get_closest_marker("django_db"):
        return True
    return not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With LANTERN_TESTS_DATABASE_ONLY=1 (make test's PostgreSQL run, scripts/test.sh),
    only the tests that use the database run: the others (the clock engine, parsers, name
    rules, settings read in a subprocess) cannot touch it, so a second run on another
    database proves nothing new; they run once, on SQLite, except those marked
    once_on_postgresql (slow ones, moved there so both runs end together; the SQLite run
    leaves them out with -m). They are deselected, so neither run nor counted as skipped.
    Without the variable (any run by hand) every test runs."""
    if os.environ.get("LANTERN_TESTS_DATABASE_ONLY") != "1":
        return

    def here(item: pytest.Item) -> bool:
        return uses_the_database(item) or item.get_closest_marker("once_on_postgresql") is not None

    elsewhere = [item for item in items if not here(item)]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [item for item in items if here(item)]


def _national_themes_again(sender, using="default", **kwargs) -> None:
    """The flush after each transactional and live-server test empties every table, the
    national themes a data migration seeded included (issue 14), and tests after it would
    find none. The flush sends post_migrate: the migration's own seed writes them again,
    where any is missing (production never flushes)."""
    if sender.label != "learning":
        return
    seeded = importlib.import_module("lantern.learning.migrations.0003_national_themes")
    theme = apps.get_model("learning", "Theme")
    if theme.objects.using(using).filter(partnership=None).count() < len(seeded.THEMES):
        seeded.seed(apps, None)


post_migrate.connect(_national_themes_again, dispatch_uid="tests-national-themes")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test databases permit deleting audit events, which Lantern's databases refuse:
    the flush after each transactional and live-server test deletes (SQLite) or truncates
    (PostgreSQL) every table. The permit is a row in a raw-SQL table that the flush leaves
    alone (audit migration 0003); tests that prove the refusal delete it in their own
    transaction."""
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_delete_permit (id, reason) VALUES (1, 'test database') "
            "ON CONFLICT (id) DO NOTHING"
        )


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo partnership, loaded once for a module whose every test reads it (about 8 s
    a load): inside a transaction that is rolled back when the module ends, so each test's
    own transaction (pytest-django's `db`) is a savepoint within it and the next module
    starts empty. Only for modules of `db` tests that all use it: a test without it would
    still see the demo."""
    from django.db import transaction

    from lantern.demo.services import demo_load

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            demo_load()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: My work's count in the navigation is kept
    there per person, and ids are reused from one test to the next."""
    cache.clear()


@dataclass
class AccessCast:
    """The four people every view test is tried with (style guide, 'Access')."""

    case: Case
    member: object  # may change the case
    read_only_member: object  # on the case as an observer
    outsider: object  # same partnership, not on the case
    stranger: object  # another partnership altogether
    business_manager: object


@pytest.fixture
def cast(db) -> AccessCast:
    partnership = PartnershipFactory()
    case = CaseFactory(partnership=partnership)
    member = MembershipFactory(case=case, capacity=Capacity.LEAD).person
    observer = MembershipFactory(case=case, capacity=Capacity.OBSERVER).person
    outsider = UserFactory(partnership=partnership)
    other = PartnershipFactory()
    # The stranger is a Business Manager elsewhere: even that role reaches nothing here.
    stranger = UserFactory(partnership=other, roles=[Role.BUSINESS_MANAGER])
    manager = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    return AccessCast(case, member, observer, outsider, stranger, manager)
