"""Query counts of the request lists, locked, and flat however many requests there are."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from lantern.actions.services import action_update_request
from lantern.agencyrequests.selectors import requests_for_case, requests_for_user
from lantern.cases.models import Capacity
from lantern.clock.engine import ENGLAND
from tests.actions.helpers import add_action, days, make_plan
from tests.factories import AgencyFactory, CaseFactory, MembershipFactory

from .conftest import make_request

pytestmark = pytest.mark.django_db


def _add_requests(case, count):
    """Each to an agency of its own, with its representative on the case as recipient."""
    for _ in range(count):
        agency = AgencyFactory(partnership=case.partnership)
        MembershipFactory(case=case, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=agency)
        make_request(case, agency)


@pytest.mark.parametrize("how_many", [1, 8])
@pytest.mark.parametrize(
    "params", [{}, {"q": "scoping", "kind": "scoping", "status": "waiting", "sort": "agency"}]
)
def test_case_requests_page_query_count_is_locked(
    client, cast, agencies, how_many, params, django_assert_num_queries
):
    """Rule: searching, filtering and sorting cost no more queries, at 1 request or 8."""
    _add_requests(cast.case, how_many)
    client.force_login(cast.business_manager)
    url = reverse("agencyrequests:list", args=[cast.case.reference])
    # 1 session, 2 user, 3 two-factor device, 4 partnership (header),
    # 5 case with partnership and subject, 6 roles (the Business Manager's role reaches
    # every case: no membership query), 7 the audit chain's head taken and 8 the read of
    # the case logged (issue 12, item 4), 9 the count of matching requests, 10 the page
    # of requests with their agencies, 11 the people each on the page was sent to
    # (recipients), 12 the kinds asked for (the "ask more agencies" links), 13 the late
    # requests (the warning names them all)
    # (no session write: issue 13 renews it at most once a minute)
    with django_assert_num_queries(13):
        response = client.get(url, params)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="govuk-table__row"') == how_many + 1
    assert "Nobody recorded" not in page  # every request names who it went to


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
        # Due on working days, as every due date is.
        due = ENGLAND.add_working_days(days(0), number + 1)
        action_update_request(action=action, due=due, user=cast.member)
    owner = type(plan.owner).objects.get(pk=plan.owner.pk)
    with django_assert_num_queries(2):  # 1 the owner's agency roles, 2 the requests
        html = render_to_string(
            "agencyrequests/_my_requests.html", {"my_requests": requests_for_user(owner)}
        )
    assert html.count("govuk-table__row") == how_many + 1


@pytest.mark.parametrize("how_many", [1, 8])
def test_my_work_requests_are_four_queries_however_many(cast, how_many, django_assert_num_queries):
    """requests_waiting_for: a safeguarding lead asked on some cases, and owed on others."""
    from lantern.accounts.models import Role
    from lantern.agencyrequests.selectors import requests_waiting_for
    from tests.factories import UserFactory

    agency = AgencyFactory(partnership=cast.case.partnership)
    lead = UserFactory(partnership=agency.partnership, roles=[(Role.SAFEGUARDING_LEAD, agency)])
    for number in range(how_many):
        case = CaseFactory(partnership=agency.partnership)
        if number % 2:
            MembershipFactory(
                case=case, person=lead, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=agency
            )
        make_request(case, agency)
    lead = type(lead).objects.get(pk=lead.pk)
    # 1 the agencies the lead acts for by role, 2 the requests they answer for,
    # 3 the agencies they lead, 4 the other requests those agencies owe
    with django_assert_num_queries(4):
        items = requests_waiting_for(lead)
    assert len(items) == how_many
