"""Query counts of the request lists, locked, and flat however many requests there are."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from lantern.agencyrequests.selectors import requests_for_case, requests_for_user
from lantern.cases.models import Capacity
from tests.factories import AgencyFactory, CaseFactory, MembershipFactory

from .conftest import make_request

pytestmark = pytest.mark.django_db


def _add_requests(case, count):
    for _ in range(count):
        make_request(case, AgencyFactory(partnership=case.partnership))


@pytest.mark.parametrize("how_many", [1, 8])
def test_case_requests_page_query_count_is_locked(
    client, cast, agencies, how_many, django_assert_num_queries
):
    _add_requests(cast.case, how_many)
    client.force_login(cast.business_manager)
    url = reverse("agencyrequests:list", args=[cast.case.reference])
    # 1 session, 2 user, 3 two-factor device, 4 partnership (header),
    # 5 case with partnership and subject, 6 roles (the Business Manager's role reaches
    # every case: no membership query), 7 read of the case logged,
    # 8 the requests with their agencies, 9 the people answering for each agency,
    # 10-12 session saved (savepoint, update, release)
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="govuk-table__row"') == how_many + 1


@pytest.mark.parametrize("how_many", [1, 8])
def test_case_page_include_is_one_query(cast, agencies, how_many, django_assert_num_queries):
    _add_requests(cast.case, how_many)
    with django_assert_num_queries(1):  # the requests with their agencies
        html = render_to_string(
            "agencyrequests/_case_requests.html",
            {"agency_requests": requests_for_case(cast.case), "case": cast.case},
        )
    assert html.count("govuk-table__row") == how_many + 1


@pytest.mark.parametrize("how_many", [1, 8])
def test_my_requests_is_one_query(cast, how_many, django_assert_num_queries):
    person = cast.member
    for _ in range(how_many):
        case = CaseFactory(partnership=cast.case.partnership)
        agency = AgencyFactory(partnership=case.partnership)
        MembershipFactory(
            case=case, person=person, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=agency
        )
        make_request(case, agency)
    person.refresh_from_db()
    with django_assert_num_queries(1):  # the requests with their cases and agencies
        html = render_to_string(
            "agencyrequests/_my_requests.html", {"my_requests": requests_for_user(person)}
        )
    assert html.count("govuk-table__row") == how_many + 1
