import pytest

from lantern.demo.dhr import demo_dhr_load
from lantern.demo.services import demo_load
from lantern.dhr.models import Dhr
from lantern.partnerships.models import Partnership


@pytest.mark.django_db
def test_the_demo_dhr_waits_for_the_home_office_after_one_resubmission():
    summary = demo_load()  # the demo loads its DHR once, with the rest of the partnership
    partnership = Partnership.objects.get()
    assert summary.created["domestic homicide reviews"] == 1
    dhr = Dhr.objects.get()
    assert dhr.case.stage == "home-office"
    assert [(s.round, s.response) for s in dhr.submissions.all()] == [
        (1, "resubmit"),
        (2, "pending"),
    ]
    assert demo_dhr_load(partnership) == 0
