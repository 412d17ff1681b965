"""The 360 evaluation page (issue 16): who sees it, the period filter, what it shows."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.adults.models import Sar
from tests.factories import CaseFactory, PartnershipFactory, UserFactory

URL = "/reports/evaluation/"
D = datetime.date


@pytest.fixture
def manager(db):
    return UserFactory(partnership=PartnershipFactory(), roles=[Role.BUSINESS_MANAGER])


def test_the_address_is_the_contracts():
    assert reverse("reports:evaluation360") == URL


def test_only_those_who_see_the_dashboards_see_it(client, manager):
    client.force_login(UserFactory(partnership=manager.partnership))
    assert client.get(URL).status_code == 403


def test_the_default_is_this_financial_year_to_date_with_warnings(client, manager):
    client.force_login(manager)
    with time_machine.travel(D(2026, 6, 15), tick=False):
        page = client.get(URL).content.decode()
    assert "1 April 2026 to 15 June 2026" in page
    assert page.count("Nothing was recorded as reported in this period.") == 5


def test_a_financial_year_shows_what_was_reported_in_it(client, manager):
    case = CaseFactory(partnership=manager.partnership, reference="SAR-7", pathway="sar")
    Sar.objects.create(case=case, commissioned_on=D(2025, 1, 1), signed_off_on=D(2025, 7, 1))
    client.force_login(manager)
    with time_machine.travel(D(2026, 6, 15), tick=False):
        page = client.get(URL, {"year": "2025"}).content.decode()
        later = client.get(URL, {"year": "2026"}).content.decode()
    assert "SAR SAR-7 signed off" in page and "1 July 2025" in page
    assert "SAR SAR-7" not in later


def test_dates_win_over_the_year_and_bad_dates_are_explained(client, manager):
    client.force_login(manager)
    good = {"start_0": "1", "start_1": "5", "start_2": "2025"}
    good |= {"end_0": "31", "end_1": "5", "end_2": "2025"}
    page = client.get(URL, {"year": "2024", **good}).content.decode()
    assert "1 May 2025 to 31 May 2025" in page
    bad = good | {"end_2": "2024"}
    page = client.get(URL, bad).content.decode()
    assert "The end date must be on or after the start date." in page
    assert "Nothing was recorded" not in page  # no lines drawn for a bad period
