"""The tracker (/actions/) as a list that grows: search, filters, sort and pages in the
pattern of the case list (lantern.web.listing), bad input answered with a message, never
an error, and the same people seeing the same actions whatever they search for."""

import re

import pytest
from django.urls import reverse

from lantern.actions.models import Action, ActionStatus
from lantern.actions.views_tracker import PER_PAGE
from tests.factories import AgencyFactory, CaseFactory, MembershipFactory, UserFactory

from .helpers import MEASURE, TEXT, add_action, complete, days, make_plan

URL = reverse("actions:tracker")


def refs(response) -> list[str]:
    """The references of the rows shown, in order."""
    return re.findall(r'lantern-nowrap">([A-Z]+-\d{4}-\d{3} R\d+\.\d+)<', response.content.decode())


def _ref(action) -> str:
    return f"{action.recommendation.label}.{action.number}"


@pytest.fixture
def plan(cast):
    return make_plan(cast)


@pytest.fixture
def spread(plan):
    """Four actions on two cases, with their own titles, agencies, owners and dates."""
    from lantern.actions.services import recommendation_create

    partnership = plan.case.partnership
    member = plan.cast.member
    other_case = CaseFactory(
        partnership=partnership, reference="RR-2025-900", pseudonym="Child Z", title="Old"
    )
    MembershipFactory(case=other_case, person=member)
    recommendation = recommendation_create(
        case=other_case, text=TEXT, monitoring_group=plan.group, owner=member,
        impact_measure=MEASURE, impact_review_on=days(100), user=member,
    )  # fmt: skip
    zebra = AgencyFactory(partnership=partnership, name="Zebra Crossing Trust")
    aardvark = AgencyFactory(partnership=partnership, name="Aardvark Housing")
    owner = UserFactory(partnership=partnership, full_name="Olive Quartermaine")
    Action.objects.filter(pk=plan.action.pk).update(title="Agree the discharge protocol")
    plan.action.refresh_from_db()
    training = add_action(
        recommendation, agency=zebra, owner=owner, user=member, due=20,
        title="Train GP receptionists in spotting neglect",
    )  # fmt: skip
    audit = add_action(
        recommendation, agency=aardvark, owner=plan.owner, user=member, due=90,
        title="Re-audit tenancy visits",
    )  # fmt: skip
    done = add_action(
        plan.recommendation, agency=plan.agency, owner=plan.owner, user=member, due=5,
        title="Write the leaflet",
    )  # fmt: skip
    complete(done, plan.owner)
    return {"protocol": plan.action, "training": training, "audit": audit, "done": done}


def _names(spread, *names):
    return [_ref(spread[n]) for n in names]


class TestSearch:
    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("receptionists", ["training"]),  # the action's title
            ("RR-2025-900", ["training", "audit"]),  # the case's reference
            ("child z", ["training", "audit"]),  # the case's pseudonym
            ("aardvark", ["audit"]),  # the lead agency
            ("quartermaine", ["training"]),  # the owner
            ("  LEAFLET  ", ["done"]),  # case and spaces do not matter
            ("no such words", []),
        ],
    )
    def test_search_looks_in_title_case_agency_and_owner(self, client, plan, spread, q, expected):
        client.force_login(plan.cast.business_manager)
        assert refs(client.get(URL, {"q": q})) == _names(spread, *expected)

    def test_rule_the_search_never_looks_in_the_subjects_name(self, client, plan, spread):
        """Rule: the tracker is no way to look a child up by name."""
        client.force_login(plan.cast.business_manager)
        assert refs(client.get(URL, {"q": plan.case.subject.full_name})) == []

    def test_search_and_filters_combine_and_say_how_many_match(self, client, plan, spread):
        client.force_login(plan.cast.business_manager)
        response = client.get(
            URL, {"q": "RR-2025-900", "lead_agency": spread["audit"].lead_agency.pk}
        )
        assert refs(response) == _names(spread, "audit")
        assert "1 action matches" in response.content.decode()
        response = client.get(URL, {"q": "child", "status": "complete"})
        assert refs(response) == _names(spread, "done")

    def test_nothing_matching_says_so_and_offers_to_clear(self, client, plan, spread):
        client.force_login(plan.cast.business_manager)
        body = client.get(URL, {"q": "no such words"}).content.decode()
        assert "No actions match." in body
        assert f'<a class="govuk-link" href="{URL}">clear them</a>' in body


class TestSort:
    @pytest.mark.parametrize(
        ("sort", "expected"),
        [
            # Open ones first, soonest due first; the finished one last.
            ("", ["training", "protocol", "audit", "done"]),
            ("open_first", ["training", "protocol", "audit", "done"]),
            ("due", ["done", "training", "protocol", "audit"]),
            ("due_desc", ["audit", "protocol", "training", "done"]),
            # RR-2025-900 before the plan's 2026 case; then recommendation, then action.
            ("reference", ["training", "audit", "protocol", "done"]),
            ("lead_agency", ["audit", "done", "protocol", "training"]),
        ],
    )
    def test_sorts(self, client, plan, spread, sort, expected):
        client.force_login(plan.cast.business_manager)
        response = client.get(URL, {"sort": sort} if sort else {})
        assert refs(response) == _names(spread, *expected)

    def test_the_sort_is_offered_with_the_filters(self, client, plan):
        client.force_login(plan.cast.business_manager)
        body = client.get(URL).content.decode()
        assert '<label class="govuk-label govuk-label--s" for="id_sort">Sort by</label>' in body
        assert '<option value="due_desc">Due date, latest first</option>' in body


class TestPages:
    def test_pages_keep_the_search_filters_and_sort(self, client, plan):
        for n in range(PER_PAGE + 2):
            add_action(
                plan.recommendation, agency=plan.agency, owner=plan.owner,
                user=plan.cast.member, due=10 + n, title=f"Step {n:03d}",
            )  # fmt: skip
        client.force_login(plan.cast.business_manager)
        params = {"q": "step", "sort": "due", "status": "not_started"}
        first = client.get(URL, params)
        body = first.content.decode()
        assert len(refs(first)) == PER_PAGE
        assert 'class="govuk-pagination"' in body
        assert 'href="?q=step&amp;sort=due&amp;status=not_started&amp;page=2"' in body
        assert f"Showing 1 to {PER_PAGE}." in body
        second = client.get(URL, {**params, "page": 2})
        titles = re.findall(r'">(Step \d{3})</a>', second.content.decode())
        assert titles == [f"Step {n:03d}" for n in (PER_PAGE, PER_PAGE + 1)]
        assert 'aria-current="page"' in second.content.decode()
        assert "<title>Actions (page 2 of 2)" in second.content.decode()

    @pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "x'--", "9" * 40])
    def test_a_junk_page_number_gives_a_page_not_an_error(self, client, plan, page):
        client.force_login(plan.cast.business_manager)
        response = client.get(URL, {"page": page})
        assert response.status_code == 200
        assert refs(response) == [_ref(plan.action)]


class TestBadInput:
    """Rule: a bad value is named in the error summary and that filter alone is ignored;
    the page never fails and the other filters still apply."""

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"sort": "evil"}, "Choose how to sort the actions from the list."),
            ({"sort": "-pk; drop table"}, "Choose how to sort the actions from the list."),
            ({"status": "wizardry"}, "Status: choose one from the list."),
            ({"rag": "purple"}, "RAG: choose one from the list."),
            ({"source": "gossip"}, "Source: choose one from the list."),
            ({"lead_agency": "abc"}, "Lead agency: choose one from the list."),
            ({"lead_agency": "9" * 30}, "Lead agency: choose one from the list."),
            ({"group": "-1"}, "Monitoring group: choose one from the list."),
        ],
    )
    def test_a_bad_value_gets_a_message_and_the_search_still_applies(
        self, client, plan, spread, params, message
    ):
        client.force_login(plan.cast.business_manager)
        response = client.get(URL, {**params, "q": "RR-2025-900"})
        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body and message in body
        assert refs(response) == _names(spread, "training", "audit")
        # The field is marked and its message linked to it (WCAG 3.3.1).
        name = next(iter(params))
        assert f'aria-describedby="id_{name}-error" aria-invalid="true"' in body

    def test_a_null_character_in_the_search_is_refused_with_a_message(self, client, plan):
        client.force_login(plan.cast.business_manager)
        response = client.get(URL, {"q": "protocol\x00", "status": "not_started"})
        assert response.status_code == 200
        assert "Null characters are not allowed." in response.content.decode()
        assert refs(response) == [_ref(plan.action)]  # the status filter still applies

    @pytest.mark.parametrize("q", ["\x1b[31mred", "\u202eevil", "%_%", "'; --", "\t\r\n"])
    def test_control_characters_and_wildcards_are_searched_for_as_text(self, client, plan, q):
        client.force_login(plan.cast.business_manager)
        response = client.get(URL, {"q": q})
        assert response.status_code == 200
        # Only whitespace is no search at all; the rest match nothing.
        assert refs(response) == ([_ref(plan.action)] if not q.strip() else [])

    def test_an_overlong_search_is_refused_with_a_message(self, client, plan):
        client.force_login(plan.cast.business_manager)
        response = client.get(URL, {"q": "a" * 101})
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
        assert refs(response) == [_ref(plan.action)]


class TestAccessUnchanged:
    def test_rule_searching_never_shows_more_than_the_person_may_see(self, client, plan, spread):
        """Rule: the tracker reads through actions_for_user, whatever is searched."""
        for person in (plan.cast.outsider, plan.cast.stranger):
            client.force_login(person)
            for params in ({"q": "protocol"}, {"sort": "reference"}, {"status": "complete"}):
                response = client.get(URL, params)
                assert response.status_code == 200
                assert refs(response) == []
        # The lead agency's safeguarding lead sees its actions only, searched or not.
        client.force_login(plan.lead)
        assert refs(client.get(URL, {"sort": "due"})) == _names(spread, "done", "protocol")
        assert refs(client.get(URL, {"q": "receptionists"})) == []

    def test_signed_out_people_are_sent_to_sign_in(self, client):
        response = client.get(URL, {"q": "protocol", "sort": "evil"})
        assert response.status_code == 302
        assert "/account/sign-in/" in response["Location"]


# Queries with a search, every filter and a sort, whatever the number of actions:
#  1. the session                     2. the person
#  3. their two-factor devices        4. their partnership (header)
#  5. the filter's lead agency        6. the filter's group (both checked as valid)
#  7. their roles (the policy)        8. the agencies they answer for
#  9. the groups they sit on         10. the count of actions
# 11. one page's ids (issue 13: no joins)
# 12. those actions, with recommendation, case, group, lead agency and owner joined
# 13. the filter's agencies          14. the filter's groups (the two select boxes)
# (no session write: issue 13 renews it at most once a minute)
SEARCH_QUERIES = 14


@pytest.mark.parametrize("total", [2, 20])
def test_rule_the_searched_sorted_tracker_query_count_stays_flat(
    client, plan, django_assert_num_queries, total
):
    partnership = plan.case.partnership
    while Action.objects.count() < total:
        owner = UserFactory(partnership=partnership, agency=plan.agency)
        add_action(plan.recommendation, agency=plan.agency, owner=owner, user=plan.cast.member)
    client.force_login(plan.group_member)
    params = {
        "q": "discharge",
        "status": ActionStatus.NOT_STARTED,
        "rag": "green",
        "source": "review",
        "lead_agency": plan.agency.pk,
        "group": plan.group.pk,
        "sort": "lead_agency",
    }
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(URL, params)
    assert len(refs(response)) == total
