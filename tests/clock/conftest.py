from dataclasses import dataclass

import pytest

from lantern.accounts.models import Role
from tests.factories import PartnershipFactory, UserFactory


@dataclass
class ClockCast:
    """Who tries the timescale pages: may change, may only read, neither, elsewhere."""

    partnership: object
    manager: object  # Business Manager: may change the partnership's timescales
    auditor: object  # read-only auditor: may look, never change (403)
    outsider: object  # same partnership, no administrative role (403)
    stranger: object  # Business Manager of another partnership (404 on our records)


@pytest.fixture
def clock_cast(db) -> ClockCast:
    partnership = PartnershipFactory()
    return ClockCast(
        partnership=partnership,
        manager=UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER]),
        auditor=UserFactory(partnership=partnership, roles=[Role.AUDITOR]),
        outsider=UserFactory(partnership=partnership, roles=[Role.REVIEWER]),
        stranger=UserFactory(partnership=PartnershipFactory(), roles=[Role.BUSINESS_MANAGER]),
    )
