from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection

from lantern.accounts.models import Role
from lantern.cases.models import Capacity, Case

from .factories import CaseFactory, MembershipFactory, PartnershipFactory, UserFactory

# One set of browser fixtures (one Chromium, one Playwright loop) for every folder.
pytest_plugins = ["tests.browser.fixtures"]


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
