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


# GET /api/v1/me/work: what is waiting for the caller, the same list as My work.

WORK = "/api/v1/me/work"


@pytest.fixture
def plan(cast, settings, tmp_path):
    from tests.actions.helpers import make_plan

    settings.MEDIA_ROOT = tmp_path
    return make_plan(cast)


def test_work_needs_a_token_not_a_session(client, plan):
    assert client.get(WORK).status_code == 401
    client.force_login(plan.owner)
    assert client.get(WORK).status_code == 401
    assert client.get(WORK, HTTP_AUTHORIZATION="Bearer lnt_not-a-token").status_code == 401


def test_work_lists_the_callers_items_with_their_dates(client, bearer, plan):
    """The action's owner gets the action they own: kind, what to do, where, when, the
    case and why it is theirs."""
    response = client.get(WORK, **bearer(plan.owner))
    assert response.status_code == 200
    action = plan.action
    assert response.json() == [
        {
            "kind": "action",
            "title": f"Report progress on action {plan.recommendation.label}.1: {action.title}",
            "url": f"/actions/{action.pk}/",
            "due": action.due.isoformat(),
            "overdue": False,
            "case_reference": plan.case.reference,
            "case_title": plan.case.display_title,
            "why": f"You own this action ({plan.agency.name} leads it).",
        }
    ]


def test_work_is_empty_for_someone_with_nothing_waiting(client, bearer, plan, cast):
    assert client.get(WORK, **bearer(cast.outsider)).json() == []
    # The stranger manages another partnership: only its own yearly reports wait for them.
    theirs = client.get(WORK, **bearer(cast.stranger)).json()
    assert {(i["kind"], i["case_reference"]) for i in theirs} <= {("report", "")}


def test_work_is_the_same_list_as_my_work(client, bearer, plan, cast):
    """Two sources for one person (the action they own, and the update asked of them on
    it), in the same order as the page."""
    from django.urls import reverse

    from lantern.actions.services import action_update_request
    from tests.actions.helpers import working

    action_update_request(action=plan.action, due=working(7), user=cast.member)
    api = client.get(WORK, **bearer(plan.owner)).json()
    client.force_login(plan.owner)
    page = client.get(reverse("web:dashboard"))
    listed = [(i.kind, i.title, i.url) for i in page.context["work"]]
    assert [(i["kind"], i["title"], i["url"]) for i in api] == listed
    assert [kind for kind, _, _ in listed] == ["request", "action"]  # the sooner first
    body = page.content.decode()
    for item in api:
        assert f'href="{item["url"]}"' in body


def test_work_is_documented_in_the_openapi(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/v1/me/work"]["get"]
    assert operation["summary"] == "What is waiting for me"
    assert "401" in operation["responses"]
    item = schema["components"]["schemas"]["WorkItemOut"]
    assert set(item["properties"]) == {
        "kind", "title", "url", "due", "overdue", "case_reference", "case_title", "why"
    }  # fmt: skip
