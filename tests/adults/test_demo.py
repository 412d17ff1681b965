"""The demo's adult cases: a returned referral, a SAR at month four with one IMR overdue,
and a delayed SAR with its notice. Loading twice adds nothing."""

import pytest

from lantern.adults.models import Sar, SarReferral
from lantern.agencyrequests.models import AgencyRequest
from lantern.demo.adults import demo_adults_load
from lantern.demo.services import demo_load
from lantern.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def test_demo_adults_loads_three_states_once():
    demo_load()
    partnership = Partnership.objects.get(name="Demo Safeguarding Partnership")
    if not SarReferral.objects.exists():
        assert demo_adults_load(partnership) == 4
    assert demo_adults_load(partnership) == 0
    assert SarReferral.objects.filter(status="returned").count() == 1
    assert AgencyRequest.objects.filter(kind="imr").overdue().count() == 1
    delayed = Sar.objects.exclude(delay_notice_on=None).get(case__pseudonym="Adult C")
    assert delayed.case.documents.filter(kind="notice").count() == 2
