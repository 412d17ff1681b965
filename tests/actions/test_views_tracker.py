"""The tracker (/actions/) and a monitoring group's list (/actions/groups/<id>/)."""

import re

import pytest
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.actions.models import Action, ActionStatus
from lantern.partnerships.models import GroupKind
from tests.factories import AgencyFactory, CaseFactory, GroupFactory, MembershipFactory, UserFactory

from .helpers import add_action, complete, days, make_plan

URL = reverse("actions:tracker")


@pytest.fixture
def plan(cast):
    return make_plan(cast)


def refs(response) -> list[str]:
    """The references of the rows shown, in order."""
    return re.findall(r'lantern-nowrap">([A-Z]+-\d{4}-\d{3} R\d+\.\d+)<', response.content.decode())


def test_a_row_shows_ref_title_agency_owner_due_status_and_rag_as_text(client, plan):
    client.force_login(plan.cast.business_manager)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    action = plan.action
    assert refs(response) == [f"{plan.case.reference} R1.1"]
    assert action.title in body
    assert str(plan.agency) in body
    assert plan.owner.full_name in body
    assert action.due.strftime("%-d %b %Y") in body
    assert '<strong class="govuk-tag govuk-tag--grey">Not started</strong>' in body
    # Not started, due in 60 days: green, said in words and not by colour alone.
    assert '<strong class="govuk-tag govuk-tag--green">Green</strong>' in body


def test_the_case_lead_and_an_observer_see_the_action(client, plan):
    for person in (plan.cast.member, plan.cast.read_only_member):
        client.force_login(person)
        assert refs(client.get(URL)) == [f"{plan.case.reference} R1.1"]


def test_the_monitoring_group_and_the_lead_agency_see_the_action(client, plan):
    for person in (plan.chair, plan.group_member, plan.lead, plan.owner):
        client.force_login(person)
        assert len(refs(client.get(URL))) == 1, person


def test_an_outsider_and_another_partnership_see_nothing(client, plan):
    for person in (plan.cast.outsider, plan.cast.stranger):
        client.force_login(person)
        response = client.get(URL)
        assert response.status_code == 200
        assert refs(response) == []
        assert plan.action.title not in response.content.decode()


def test_signed_out_people_are_sent_to_sign_in(client, plan):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]


@pytest.fixture
def spread(plan):
    """Five actions in five states, on a review, an audit and national learning."""
    cast = plan.cast
    partnership = cast.case.partnership
    other_agency = AgencyFactory(partnership=partnership)
    audit = CaseFactory(partnership=partnership, pathway="macfa", reference="MACFA-2026-001")
    national = CaseFactory(partnership=partnership, pathway="national", reference="NAT-2026-001")
    qap = GroupFactory(partnership=partnership, kind=GroupKind.QAP)
    from lantern.actions.services import recommendation_create

    from .helpers import MEASURE, TEXT

    def recommendation(case, group):
        MembershipFactory(case=case, person=cast.member)
        return recommendation_create(
            case=case,
            text=TEXT,
            monitoring_group=group,
            owner=cast.member,
            impact_measure=MEASURE,
            impact_review_on=days(100),
            user=cast.member,
        )

    on_audit = recommendation(audit, qap)
    on_national = recommendation(national, plan.group)
    overdue = add_action(on_audit, agency=other_agency, owner=cast.member, user=cast.member)
    Action.objects.filter(pk=overdue.pk).update(due=days(-3))  # services refuse past dates
    at_risk = add_action(
        on_national, agency=plan.agency, owner=plan.owner, user=cast.member, due=90
    )
    Action.objects.filter(pk=at_risk.pk).update(status=ActionStatus.AT_RISK)
    soon = add_action(
        plan.recommendation, agency=plan.agency, owner=plan.owner, user=cast.member, due=10
    )
    done = add_action(on_national, agency=plan.agency, owner=plan.owner, user=cast.member)
    complete(done, plan.owner)
    return {
        "green": plan.action,  # not started, 60 days away
        "overdue": overdue,
        "at_risk": at_risk,
        "soon": soon,  # not started, 10 days away: amber
        "done": done,
        "qap": qap,
        "other_agency": other_agency,
    }


def _ref(action) -> str:
    return f"{action.recommendation.label}.{action.number}"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "overdue"}, ["overdue"]),
        ({"status": "not_started"}, ["soon", "green"]),
        ({"status": "at_risk"}, ["at_risk"]),
        ({"status": "complete"}, ["done"]),
        ({"rag": "red"}, ["overdue"]),
        ({"rag": "amber"}, ["soon", "at_risk"]),
        ({"rag": "green"}, ["green", "done"]),
        ({"source": "audit"}, ["overdue"]),
        ({"source": "national"}, ["at_risk", "done"]),
        ({"source": "review"}, ["soon", "green"]),
        ({"status": "not_started", "rag": "amber"}, ["soon"]),
    ],
)
def test_filters(client, plan, spread, query, expected):
    client.force_login(plan.cast.business_manager)
    response = client.get(URL, query)
    assert response.status_code == 200
    assert refs(response) == [_ref(spread[name]) for name in expected]


def test_filter_by_lead_agency_group_and_owner(client, plan, spread):
    client.force_login(plan.cast.business_manager)
    assert refs(client.get(URL, {"lead_agency": spread["other_agency"].pk})) == [
        _ref(spread["overdue"])
    ]
    assert refs(client.get(URL, {"group": spread["qap"].pk})) == [_ref(spread["overdue"])]
    client.force_login(plan.owner)
    names = ["soon", "green", "at_risk", "done"]
    assert refs(client.get(URL, {"mine": "on"})) == [_ref(spread[n]) for n in names]


def test_open_actions_come_first_then_by_due_date(client, plan, spread):
    client.force_login(plan.cast.business_manager)
    order = ["overdue", "soon", "green", "at_risk", "done"]
    assert refs(client.get(URL)) == [_ref(spread[n]) for n in order]


def test_a_filter_of_another_partnership_is_refused_not_applied(client, plan, spread):
    client.force_login(plan.cast.business_manager)
    elsewhere = AgencyFactory()
    response = client.get(URL, {"lead_agency": elsewhere.pk})
    assert "Lead agency: choose one from the list." in response.content.decode()
    assert len(refs(response)) == 5


def _grow(plan, total: int) -> None:
    while Action.objects.count() < total:
        agency = AgencyFactory(partnership=plan.case.partnership)
        owner = UserFactory(partnership=plan.case.partnership, agency=agency)
        add_action(plan.recommendation, agency=agency, owner=owner, user=plan.cast.member)


# Queries for the tracker, whatever the number of actions:
#  1. the session                     2. the person
#  3. their two-factor devices        4. their partnership (header)
#  5. their roles (the policy)        6. the agencies they answer for
#  7. the groups they sit on          8. the count of actions
#  9. one page's ids (issue 13: no joins)
# 10. those actions, with recommendation, case, group, lead agency and owner joined
# 11. the filter's agencies          12. the filter's groups
# (no session write: issue 13 renews it at most once a minute)
TRACKER_QUERIES = 12


@pytest.mark.parametrize("total", [2, 20])
def test_the_tracker_query_count_stays_flat(client, plan, django_assert_num_queries, total):
    _grow(plan, total)
    client.force_login(plan.group_member)
    with django_assert_num_queries(TRACKER_QUERIES):
        response = client.get(URL)
    assert len(refs(response)) == total


# Queries for a group's list, whatever the number of actions:
#  1. the session                     2. the person
#  3. their two-factor devices        4. their partnership (header)
#  5. the group                       6. their roles (the policy)
#  7. the groups they sit on          8. the audit event of the read
#  9. the agencies they answer for   10. how many actions show each status (one aggregate)
# 11. one page of the group's actions, everything a row shows joined (issue 13: a page,
#     not the whole list)
# +1. before the read is logged (8), the audit chain's head taken (issue 12, item 4)
# (no session write: issue 13 renews it at most once a minute)
GROUP_QUERIES = 12


@pytest.mark.parametrize("total", [2, 20])
def test_the_group_list_query_count_stays_flat(client, plan, django_assert_num_queries, total):
    _grow(plan, total)
    client.force_login(plan.group_member)
    with django_assert_num_queries(GROUP_QUERIES):
        response = client.get(reverse("actions:group", args=[plan.group.pk]))
    assert len(refs(response)) == total


def test_the_group_list_shows_overdue_first(client, plan):
    late = add_action(
        plan.recommendation, agency=plan.agency, owner=plan.owner, user=plan.cast.member, due=90
    )
    Action.objects.filter(pk=late.pk).update(due=days(-1))
    client.force_login(plan.chair)
    response = client.get(reverse("actions:group", args=[plan.group.pk]))
    body = response.content.decode()
    assert body.index("Overdue (1)") < body.index("Not started (1)")
    assert refs(response) == [_ref(late), _ref(plan.action)]


def test_the_group_list_is_for_its_members_and_those_who_read_every_case(client, plan):
    url = reverse("actions:group", args=[plan.group.pk])
    auditor = UserFactory(partnership=plan.case.partnership, roles=[Role.AUDITOR])
    for person in (plan.chair, plan.group_member, auditor, plan.cast.business_manager):
        client.force_login(person)
        assert client.get(url).status_code == 200
    # The case lead is not on the group: the group's list is not theirs to read.
    for person in (plan.cast.outsider, plan.cast.member, plan.cast.stranger):
        client.force_login(person)
        assert client.get(url).status_code == 404


def test_the_navigation_offers_actions(client, plan):
    client.force_login(plan.owner)
    body = client.get(reverse("web:dashboard")).content.decode()
    assert f'href="{URL}"' in body
    body = client.get(URL).content.decode()
    assert 'aria-current="page"' in body
