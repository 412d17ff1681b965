"""Query counts of the request lists, locked, and flat however many requests there are."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from lantern.actions.services import action_update_request
from lantern.agencyrequests.selectors import requests_for_case, requests_for_user
from lantern.cases.models import Capacity
from tests.actions.helpers import add_action, days, make_plan
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
def test_my_requests_is_two_queries(cast, how_many, django_assert_num_queries):
    person = cast.member
    for _ in range(how_many):
        case = CaseFactory(partnership=cast.case.partnership)
        agency = AgencyFactory(partnership=case.partnership)
        MembershipFactory(
            case=case, person=person, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=agency
        )
        make_request(case, agency)
    person.refresh_from_db()
    # 1 the agencies the person acts for by role (the policy's acting_agencies: an action
    # update reaches them off the case), 2 the requests with their cases and agencies
    with django_assert_num_queries(2):
        html = render_to_string(
            "agencyrequests/_my_requests.html", {"my_requests": requests_for_user(person)}
        )
    assert html.count("govuk-table__row") == how_many + 1


@pytest.mark.parametrize("how_many", [2, 9])
def test_my_action_updates_are_the_same_two_queries(cast, how_many, django_assert_num_queries):
    """An action's owner, not on its case, sees each update asked of them: no query per row."""
    plan = make_plan(cast)
    for number in range(how_many):
        action = add_action(
            plan.recommendation, agency=plan.agency, owner=plan.owner, user=cast.member
        )
        action_update_request(action=action, due=days(number + 1), user=cast.member)
    owner = type(plan.owner).objects.get(pk=plan.owner.pk)
    with django_assert_num_queries(2):  # 1 the owner's agency roles, 2 the requests
        html = render_to_string(
            "agencyrequests/_my_requests.html", {"my_requests": requests_for_user(owner)}
        )
    assert html.count("govuk-table__row") == how_many + 1
