from dataclasses import dataclass

import pytest

from lantern.accounts.models import Role
from tests.factories import AgencyFactory, GroupFactory, PartnershipFactory, UserFactory


@dataclass
class AdminCast:
    """Who tries the administration area: may change, may only read, neither, elsewhere."""

    partnership: object
    manager: object  # Business Manager: may change everything here
    auditor: object  # read-only auditor: may look, never change (403)
    outsider: object  # same partnership, no administrative role (403)
    stranger: object  # Business Manager of another partnership (404 on our records)
    agency: object
    group: object


@pytest.fixture
def admin_cast(db) -> AdminCast:
    partnership = PartnershipFactory()
    other = PartnershipFactory()
    return AdminCast(
        partnership=partnership,
        manager=UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER]),
        auditor=UserFactory(partnership=partnership, roles=[Role.AUDITOR]),
        outsider=UserFactory(partnership=partnership, roles=[Role.REVIEWER]),
        stranger=UserFactory(partnership=other, roles=[Role.BUSINESS_MANAGER]),
        agency=AgencyFactory(partnership=partnership, name="Our Police"),
        group=GroupFactory(partnership=partnership, name="Our QA&P"),
    )
