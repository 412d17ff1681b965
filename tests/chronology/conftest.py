from dataclasses import dataclass

import pytest

from lantern.cases.models import Capacity
from tests.factories import AgencyFactory, MembershipFactory

HEADER = "Date,Time,Agency,Source record,Event,Action taken,Practitioner role\n"


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(rows) + "\n").encode()


@dataclass
class Agencies:
    police: object
    health: object
    police_rep: object
    health_rep: object


@pytest.fixture
def agencies(cast) -> Agencies:
    """Two agencies on the `cast` case, each with its own representative."""
    partnership = cast.case.partnership
    police = AgencyFactory(partnership=partnership, name="Demoshire Police")
    health = AgencyFactory(partnership=partnership, name="Demo Hospitals")
    police_rep = MembershipFactory(
        case=cast.case, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=police
    ).person
    health_rep = MembershipFactory(
        case=cast.case, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=health
    ).person
    return Agencies(police, health, police_rep, health_rep)
