import datetime
import zoneinfo
from dataclasses import dataclass

import pytest
import time_machine

from lantern.agencyrequests.models import AgencyRequest, RequestKind
from lantern.agencyrequests.selectors import representatives_by_agency
from lantern.cases.models import Capacity
from tests.factories import AgencyFactory, MembershipFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")

TODAY = datetime.date(2026, 3, 2)  # a Monday


@pytest.fixture(autouse=True)
def _morning_of_today():
    """Every test here runs at 10:00 on TODAY, London time, unless it travels itself."""
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON), tick=False):
        yield


@dataclass
class Agencies:
    """Two agencies on the `cast` case, each with its nominated representative."""

    police: object
    icb: object
    police_rep: object
    icb_rep: object


@pytest.fixture
def agencies(cast) -> Agencies:
    partnership = cast.case.partnership
    police = AgencyFactory(partnership=partnership, name="Demoshire Police")
    icb = AgencyFactory(partnership=partnership, name="Demoshire ICB")
    police_rep = MembershipFactory(
        case=cast.case, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=police
    ).person
    icb_rep = MembershipFactory(
        case=cast.case, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=icb
    ).person
    return Agencies(police, icb, police_rep, icb_rep)


def make_request(case, agency, **fields) -> AgencyRequest:
    values = {
        "kind": RequestKind.SCOPING,
        "title": f"Scoping return {agency.pk}",
        "sent_on": TODAY,
        "due": TODAY + datetime.timedelta(days=4),  # a Friday: due dates fall on working days
    }
    values.update(fields)
    request = AgencyRequest.objects.create(case=case, agency=agency, **values)
    # As requests_send records them: the agency's people on the case were asked.
    request.recipients.set(representatives_by_agency(case).get(agency.pk, []))
    return request


@pytest.fixture
def police_request(cast, agencies) -> AgencyRequest:
    return make_request(cast.case, agencies.police, secure_records_requested=True)


@pytest.fixture
def storage(settings, tmp_path):
    """Uploaded files go to a folder of this test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


# The browser journey here uses the browser suite's Chromium, page and axe-core fixtures.
