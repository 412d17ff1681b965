"""A recommendation's page, linking it as a repeat, and adding an action to it."""

import pytest
from django.urls import reverse

from lantern.actions.models import Action
from lantern.actions.services import recommendation_create
from tests.factories import AgencyFactory, CaseFactory, MembershipFactory, UserFactory

from .helpers import MEASURE, days, grow_learning, make_plan


@pytest.fixture
def plan(cast):
    return make_plan(cast)


@pytest.fixture
def earlier(plan):
    """An older recommendation on another review, on the same learning, in plan.group."""
    other = CaseFactory(
        partnership=plan.case.partnership, reference="CSPR-2025-004", pathway="cspr"
    )
    MembershipFactory(case=other, person=plan.cast.member)
    return recommendation_create(
        case=other,
        text="The hospital trust and children's social care share discharge plans for babies "
        "within 24 hours, under a written information sharing protocol.",
        monitoring_group=plan.group,
        owner=plan.cast.member,
        impact_measure=MEASURE,
        impact_review_on=days(100),
        user=plan.cast.member,
    )


def _url(name, recommendation):
    return reverse(f"actions:{name}", args=[recommendation.pk])


# The page ------------------------------------------------------------------------------


def test_the_page_shows_the_recommendation_its_finding_group_owner_and_actions(client, plan):
    client.force_login(plan.cast.member)
    response = client.get(_url("recommendation", plan.recommendation))
    assert response.status_code == 200
    body = response.content.decode()
    r = plan.recommendation
    for text in (
        "agree a written protocol for sharing",
        "Discharge plans were not shared",
        str(plan.group),
        plan.cast.member.full_name,
        "in nine.",
        r.impact_review_on.strftime("%-d %B %Y"),
        plan.action.title,
        '<strong class="govuk-tag govuk-tag--green">Green</strong>',
        "Add an action",
    ):
        assert text in body, text


def test_readers_other_than_the_case_see_it_without_changing_it(client, plan):
    # An observer of the case, the group's member, the lead agency: they read, not change.
    for person in (plan.cast.read_only_member, plan.group_member, plan.lead, plan.owner):
        client.force_login(person)
        response = client.get(_url("recommendation", plan.recommendation))
        assert response.status_code == 200, person
        assert "Add an action" not in response.content.decode()


def test_the_page_does_not_exist_for_outsiders(client, plan):
    for person in (plan.cast.outsider, plan.cast.stranger):
        client.force_login(person)
        assert client.get(_url("recommendation", plan.recommendation)).status_code == 404


def test_the_page_is_logged_as_a_read(client, plan):
    from lantern.audit.models import AuditEvent

    client.force_login(plan.group_member)
    client.get(_url("recommendation", plan.recommendation))
    event = AuditEvent.objects.filter(actor=plan.group_member, action="read").last()
    assert event.object_type == "actions.recommendation"
    assert event.object_id == str(plan.recommendation.pk)


def _later(plan, person, **extra):
    """A new recommendation of this review with the same words as its first one."""
    return recommendation_create(
        case=plan.case, text=plan.recommendation.text, monitoring_group=plan.group,
        owner=person, impact_measure=MEASURE, impact_review_on=days(100), user=person, **extra,
    )  # fmt: skip


def test_the_page_shows_similar_earlier_learning_and_links_it_as_a_repeat(client, plan, earlier):
    # A new recommendation of this review, on the learning of the older review.
    later = _later(plan, plan.cast.member)
    client.force_login(plan.cast.member)
    body = client.get(_url("recommendation", later)).content.decode()
    assert "Similar earlier learning" in body
    assert earlier.label in body
    assert f"This repeats {earlier.label}" in body
    response = client.post(_url("recommendation_repeat", later), {"repeats": earlier.pk})
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.repeats == earlier
    body = client.get(_url("recommendation", earlier)).content.decode()
    assert "Repeated by" in body and later.label in body
    # And unlinked again.
    client.post(_url("recommendation_repeat", later), {"repeats": ""})
    later.refresh_from_db()
    assert later.repeats is None


def test_a_later_recommendation_cannot_be_what_this_repeats(client, plan, earlier):
    client.force_login(plan.cast.member)
    # `earlier` was made after plan.recommendation: it is not earlier than it.
    body = client.get(_url("recommendation", plan.recommendation)).content.decode()
    assert f"This repeats {earlier.label}" not in body
    response = client.post(
        _url("recommendation_repeat", plan.recommendation), {"repeats": earlier.pk}
    )
    assert response.status_code == 302
    plan.recommendation.refresh_from_db()
    assert plan.recommendation.repeats is None
    follow = client.get(_url("recommendation", plan.recommendation)).content.decode()
    assert "Choose an earlier recommendation." in follow


def test_only_whoever_runs_the_case_links_repeats(client, plan, earlier):
    url = _url("recommendation_repeat", earlier)
    # The group reads both recommendations, but does not write them.
    for person in (plan.group_member, plan.chair):
        client.force_login(person)
        assert client.post(url, {"repeats": plan.recommendation.pk}).status_code == 403
    # The plan's action owner has nothing on the other review: it does not exist for them.
    for person in (plan.owner, plan.cast.outsider, plan.cast.stranger):
        client.force_login(person)
        assert client.post(url, {"repeats": plan.recommendation.pk}).status_code == 404
    earlier.refresh_from_db()
    assert earlier.repeats is None


def test_a_recommendation_the_person_may_not_see_cannot_be_linked(client, plan, earlier):
    # The lead of this case only: the other review's recommendation is not theirs.
    lead = MembershipFactory(case=plan.case).person
    later = _later(plan, lead)
    client.force_login(lead)
    assert earlier.label not in client.get(_url("recommendation", later)).content.decode()
    client.post(_url("recommendation_repeat", later), {"repeats": earlier.pk})
    later.refresh_from_db()
    assert later.repeats is None


@pytest.mark.parametrize("chosen", ["²", "١", "0", "-1", "1.5", "9" * 5000, "\x00"])
def test_a_repeat_that_is_no_id_is_refused_and_the_link_kept(client, plan, earlier, chosen):
    # "²" and "١" pass str.isdigit() but not int(); 5,000 digits are past int()'s limit.
    later = _later(plan, plan.cast.member, repeats=earlier)
    client.force_login(plan.cast.member)
    response = client.post(_url("recommendation_repeat", later), {"repeats": chosen})
    assert response.status_code == 302
    assert response["Location"] == _url("recommendation", later)
    later.refresh_from_db()
    assert later.repeats == earlier
    follow = client.get(response["Location"]).content.decode()
    assert "Choose an earlier recommendation you can see." in follow


# Queries for a recommendation's page, whatever the number of its actions and of the
# similar earlier learning:
#  1. the session                     2. the person
#  3. their two-factor devices        4. their partnership (header)
#  5. the recommendation, with case, group, owner, finding and what it repeats joined
#  6. its actions, with lead agency and owner joined
#  7. their roles (the policy)        8. their membership of the case
#  9. the read logged                10. the agencies they answer for
# 11. the groups they sit on         12. the partnership's learning version (issue 13)
# 13. the ids of the recommendations they may read
# 14. the ids of the findings they may read
# 15. the similar recommendations, with case, group, owner, finding and repeat joined
# 16. their actions (where each stands)
# 17. the recommendations that repeat this one
# +1. before the read is logged (9), the audit chain's head taken (issue 12, item 4)
# (no session write: issue 13 renews it at most once a minute)
RECOMMENDATION_QUERIES = 18
# The first visit after the learning changed also reads the stored term weights and the
# ids of the partnership's learning, to build this process's index.
FIRST_VISIT_QUERIES = RECOMMENDATION_QUERIES + 2


@pytest.mark.parametrize("total", [2, 20])
def test_the_page_query_count_stays_flat(client, plan, django_assert_num_queries, total):
    grow_learning(plan, total)
    client.force_login(plan.cast.member)
    with django_assert_num_queries(FIRST_VISIT_QUERIES):
        response = client.get(_url("recommendation", plan.recommendation))
    with django_assert_num_queries(RECOMMENDATION_QUERIES):
        response = client.get(_url("recommendation", plan.recommendation))
    assert response.status_code == 200
    repeats = total // 2  # the new recommendations, each repeating this one
    assert len(response.context["rows"]) == total - repeats
    assert len(response.context["repeated_by"]) == repeats
    assert len(response.context["similar"]) >= 1


# Adding an action ----------------------------------------------------------------------


def _action_form(plan, **changes):
    due = days(45)
    data = {
        "title": "Train ward staff on the protocol",
        "description": "Two sessions a month.",
        "lead_agency": plan.agency.pk,
        "owner": plan.owner.pk,
        "due_0": due.day,
        "due_1": due.month,
        "due_2": due.year,
        "success_measure": "Nine in ten ward staff trained.",
    }
    data.update(changes)
    return data


def test_the_lead_adds_an_action(client, plan):
    client.force_login(plan.cast.member)
    response = client.post(_url("action_add", plan.recommendation), _action_form(plan))
    added = Action.objects.get(recommendation=plan.recommendation, number=2)
    assert response["Location"] == reverse("actions:action", args=[added.pk])
    assert added.owner == plan.owner and added.lead_agency == plan.agency
    assert added.due == days(45)


def test_bad_action_input_is_named_and_nothing_saved(client, plan):
    client.force_login(plan.cast.member)
    past = days(-1)
    response = client.post(
        _url("action_add", plan.recommendation),
        _action_form(
            plan,
            title="",
            lead_agency="",
            due_0=past.day,
            due_1=past.month,
            due_2=past.year,
            success_measure="",
        ),
    )
    body = response.content.decode()
    assert "There is a problem" in body
    for message in (
        "Enter what will be done.",
        "Choose the agency of this partnership that leads the action.",
        "The due date must be today or later.",
        "Describe what success looks like for this action.",
    ):
        assert message in body
    assert plan.recommendation.actions.count() == 1


def test_an_owner_or_agency_of_another_partnership_is_refused(client, plan):
    client.force_login(plan.cast.member)
    response = client.post(
        _url("action_add", plan.recommendation),
        _action_form(plan, lead_agency=AgencyFactory().pk, owner=UserFactory().pk),
    )
    body = response.content.decode()
    assert "Lead agency: choose one from the list." in body
    assert "Owner: choose one from the list." in body
    assert plan.recommendation.actions.count() == 1


def test_only_whoever_runs_the_case_adds_actions(client, plan):
    url = _url("action_add", plan.recommendation)
    for person in (plan.cast.read_only_member, plan.chair, plan.lead):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, _action_form(plan)).status_code == 403
    for person in (plan.cast.outsider, plan.cast.stranger):
        client.force_login(person)
        assert client.post(url, _action_form(plan)).status_code == 404
    assert plan.recommendation.actions.count() == 1


def test_an_earlier_recommendation_the_reader_may_not_see_is_not_named(client, plan):
    # The earlier one is monitored by another group, on a case the group member is not on:
    # its label (a case reference) must not reach them through "Repeats".
    from lantern.actions.services import recommendation_link_repeat
    from lantern.partnerships.models import GroupKind
    from tests.factories import GroupFactory

    hidden_case = CaseFactory(
        partnership=plan.case.partnership, reference="SAR-2024-009", pathway="sar"
    )
    MembershipFactory(case=hidden_case, person=plan.cast.member)
    hidden = recommendation_create(
        case=hidden_case,
        text="Adult social care and the mental health trust hold a joint risk meeting for "
        "every adult who self-neglects and refuses services twice in six months.",
        monitoring_group=GroupFactory(partnership=plan.case.partnership, kind=GroupKind.SAB),
        owner=plan.cast.member,
        impact_measure=MEASURE,
        impact_review_on=days(100),
        user=plan.cast.member,
    )
    hidden.created_at = plan.recommendation.created_at.replace(year=2024)
    hidden.save(update_fields=["created_at"])
    recommendation_link_repeat(
        recommendation=plan.recommendation, earlier=hidden, user=plan.cast.member
    )
    client.force_login(plan.group_member)
    body = client.get(_url("recommendation", plan.recommendation)).content.decode()
    assert "SAR-2024-009" not in body
    assert "an earlier recommendation you cannot see" in body
    client.force_login(plan.cast.member)
    body = client.get(_url("recommendation", plan.recommendation)).content.decode()
    assert "SAR-2024-009 R1" in body
