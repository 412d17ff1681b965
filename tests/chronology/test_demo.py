import pytest

from lantern.chronology.selectors import timeline
from lantern.demo.chronology import demo_chronology_load
from tests.factories import AgencyFactory, CaseFactory

pytestmark = pytest.mark.django_db


def test_demo_chronology_has_one_duplicate_and_loads_once():
    case = CaseFactory()
    names = ("Demoshire Council Adult Social Care", "Demoshire Police",
             "Demo Hospitals NHS Foundation Trust", "Demoshire Integrated Care Board")  # fmt: skip
    for name in names:
        AgencyFactory(partnership=case.partnership, name=name)
    assert demo_chronology_load(case) == 5
    assert demo_chronology_load(case) == 0
    whole = timeline(case)
    assert whole.total == 5
    assert whole.duplicate_count == 2  # the police's and the hospital's entries of 14 Sep
    assert whole.contradiction_count == 0
