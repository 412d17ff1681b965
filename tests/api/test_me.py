"""GET /api/v1/me: who the token acts for."""

import pytest

from lantern.accounts.models import Role, RoleAssignment
from tests.factories import AgencyFactory, GroupFactory, UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def test_names_the_person_their_partnership_and_roles(client, bearer):
    user = UserFactory(email="lead@example.org", full_name="Sam Lead", roles=[Role.AUDITOR])
    agency = AgencyFactory(partnership=user.partnership, name="County Police")
    group = GroupFactory(partnership=user.partnership, name="QA sub-group")
    RoleAssignment.objects.create(person=user, role=Role.SAFEGUARDING_LEAD, agency=agency)
    RoleAssignment.objects.create(person=user, role=Role.GROUP_CHAIR, group=group)
    response = client.get(ME, **bearer(user))
    assert response.status_code == 200
    assert response.json() == {
        "email": "lead@example.org",
        "full_name": "Sam Lead",
        "partnership": {
            "name": user.partnership.name,
            "short_name": user.partnership.short_name,
        },
        "roles": [
            {"role": "auditor", "label": "Read-only auditor", "group": None, "agency": None},
            {
                "role": "group_chair",
                "label": "Group chair",
                "group": "QA sub-group",
                "agency": None,
            },
            {
                "role": "safeguarding_lead",
                "label": "Agency safeguarding lead",
                "group": None,
                "agency": "County Police",
            },
        ],
    }


def test_the_token_not_the_session_says_who_is_calling(client, bearer):
    caller, other = UserFactory(), UserFactory()
    client.force_login(other)
    assert client.get(ME, **bearer(caller)).json()["email"] == caller.email


def test_a_signed_in_session_alone_is_not_enough(client):
    client.force_login(UserFactory())
    assert client.get(ME).status_code == 401


def test_query_count(client, bearer, django_assert_num_queries):
    headers = bearer(UserFactory(roles=[Role.AUDITOR, Role.BUSINESS_MANAGER]))
    client.get(ME, **headers)  # writes last_used_at; the next minute's calls do not
    # Queries: 1 the token with its person and partnership, 2 their roles with group and agency.
    with django_assert_num_queries(2):
        client.get(ME, **headers)
