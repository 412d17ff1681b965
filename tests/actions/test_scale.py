"""Issue 13 (Scale): the tracker, a monitoring group's actions and the API's action list
are read a page at a time, with the same number of queries for 5 actions as for 50, in
the order people saw before, and a bad page number never fails."""

import re

import pytest
from django.db import connection
from django.db.models import Case, IntegerField, Value, When
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantern.actions import views_tracker
from lantern.actions.display import STATE_ORDER
from lantern.actions.models import DONE, Action, ActionStatus, state_of
from lantern.api.services import token_create
from tests.factories import AgencyFactory, UserFactory

from .helpers import add_action, days, make_plan, today

TRACKER = reverse("actions:tracker")
API = "/api/v1/actions"
PAGE = 10

#: (status, due in days from today) for the actions made, in turn: every status shown,
#: overdue ones among the open, and dates that repeat (the id then decides).
MIX = [
    (ActionStatus.NOT_STARTED, -3),
    (ActionStatus.ON_TRACK, 10),
    (ActionStatus.AT_RISK, 5),
    (ActionStatus.COMPLETE, -10),
    (ActionStatus.NOT_STARTED, 40),
    (ActionStatus.VERIFIED, 20),
    (ActionStatus.ON_TRACK, -1),
    (ActionStatus.AT_RISK, -3),
    (ActionStatus.NOT_STARTED, 10),
    (ActionStatus.COMPLETE, 5),
    (ActionStatus.ON_TRACK, 10),
]


@pytest.fixture
def plan(cast):
    return make_plan(cast)


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views_tracker, "PER_PAGE", PAGE)


def refs(response) -> list[str]:
    """The references of the rows shown, in order."""
    return re.findall(r'lantern-nowrap">([A-Z]+-\d{4}-\d{3} R\d+\.\d+)<', response.content.decode())


def ref(action: Action) -> str:
    return f"{action.recommendation.label}.{action.number}"


def grow(plan, total: int) -> None:
    """`total` actions on the plan's recommendation, in MIX's statuses and dates, led and
    owned in turn by seven agencies and people (so the rows have many to join)."""
    partnership = plan.case.partnership
    agencies = [AgencyFactory(partnership=partnership) for _ in range(7)]
    owners = [UserFactory(partnership=partnership, agency=agency) for agency in agencies]
    while (count := Action.objects.count()) < total:
        action = add_action(
            plan.recommendation,
            agency=agencies[count % 7],
            owner=owners[count % 7],
            user=plan.cast.member,
        )
        status, due = MIX[count % len(MIX)]
        Action.objects.filter(pk=action.pk).update(status=status, due=days(due))


def measured(client, url: str, data=None, **headers) -> tuple[int, object]:
    client.get(url, data, **headers)  # the session settles
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data, **headers)
    assert response.status_code == 200
    return len(queries), response


def old_tracker_order() -> list[str]:
    """The order of the CASE expression the tracker sorted by before issue 13: open first
    (complete and verified last), then soonest due, then the id."""
    done_last = Case(
        When(status__in=DONE, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return [ref(a) for a in Action.objects.order_by(done_last, "due", "pk")]


def old_group_order() -> list[str]:
    """A group's list before issue 13: every action by due date, then by the status shown
    in STATE_ORDER (overdue first), a stable sort."""
    rank = {state: n for n, state in enumerate(STATE_ORDER)}
    actions = list(Action.objects.order_by("due", "pk"))
    actions.sort(key=lambda a: rank[state_of(a.status, a.due, today())])
    return [ref(a) for a in actions]


def every_page(client, url: str) -> list[str]:
    shown: list[str] = []
    number = 1
    while True:
        response = client.get(url, {"page": number})
        assert response.status_code == 200
        shown += refs(response)
        if 'rel="next"' not in response.content.decode():
            return shown
        number += 1


class TestTracker:
    def test_the_query_count_is_the_same_for_5_actions_as_for_50_issue_13(
        self, client, plan, small_pages
    ):
        client.force_login(plan.cast.business_manager)
        grow(plan, 5)
        five, response = measured(client, TRACKER)
        assert len(refs(response)) == 5
        grow(plan, 50)
        fifty, response = measured(client, TRACKER)
        assert len(refs(response)) == PAGE  # one page, not the 50
        assert five == fifty

    def test_an_agency_leads_query_count_is_the_same_for_5_actions_as_for_50_issue_13(
        self, client, plan, small_pages
    ):
        """Someone who may not read every case (their agency leads the actions) is read
        through the same fixed queries: the read rules are three sets, not a subquery
        per recommendation; and they see their agency's actions, not another's."""
        other = make_plan(plan.cast)  # another recommendation, led by another agency
        client.force_login(plan.lead)

        def lead_actions(total: int) -> None:
            while Action.objects.filter(lead_agency=plan.agency).count() < total:
                add_action(
                    plan.recommendation, agency=plan.agency, owner=plan.owner, user=plan.cast.member
                )

        lead_actions(5)
        five, response = measured(client, TRACKER)
        assert len(refs(response)) == 5
        lead_actions(50)
        fifty, response = measured(client, TRACKER)
        assert len(refs(response)) == PAGE
        assert five == fifty
        shown = every_page(client, TRACKER)
        assert len(shown) == 50
        assert ref(other.action) not in shown

    def test_the_pages_run_in_the_order_shown_before_issue_13(self, client, plan, small_pages):
        grow(plan, 25)
        client.force_login(plan.cast.business_manager)
        first = refs(client.get(TRACKER))
        second = refs(client.get(TRACKER, {"page": 2}))
        assert first == old_tracker_order()[:PAGE]
        assert second == old_tracker_order()[PAGE : 2 * PAGE]  # page 2: the next ones
        assert every_page(client, TRACKER) == old_tracker_order()

    def test_the_open_first_order_is_read_from_an_index_issue_13(self):
        """No CASE in the tracker's order: the stored `closed` column takes its place."""
        order = views_tracker.TRACKER_ORDERINGS["open_first"]
        assert order == ("closed", "due", "pk")
        indexes = {tuple(i.fields) for i in Action._meta.indexes}
        assert ("partnership", "closed", "due", "id") in indexes
        assert ("partnership", "due", "id") in indexes
        assert ("monitoring_group", "status", "due", "id") in indexes

    @pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", ""])
    def test_a_page_number_that_is_no_page_shows_the_first_issue_13(
        self, client, plan, small_pages, page
    ):
        grow(plan, 25)
        client.force_login(plan.cast.business_manager)
        response = client.get(TRACKER, {"page": page})
        assert response.status_code == 200
        assert refs(response) == old_tracker_order()[:PAGE]
        assert "Showing 1 to 10." in response.content.decode()

    def test_a_page_past_the_end_shows_the_last_issue_13(self, client, plan, small_pages):
        grow(plan, 25)
        client.force_login(plan.cast.business_manager)
        response = client.get(TRACKER, {"page": 99})
        assert response.status_code == 200
        assert refs(response) == old_tracker_order()[2 * PAGE :]
        assert "Showing 21 to 25." in response.content.decode()


class TestGroupList:
    def url(self, plan) -> str:
        return reverse("actions:group", args=[plan.group.pk])

    def test_the_query_count_is_the_same_for_5_actions_as_for_50_issue_13(
        self, client, plan, small_pages
    ):
        client.force_login(plan.group_member)
        grow(plan, 5)
        five, response = measured(client, self.url(plan))
        assert len(refs(response)) == 5
        grow(plan, 50)
        fifty, response = measured(client, self.url(plan))
        assert len(refs(response)) == PAGE
        assert five == fifty

    def test_an_agency_leads_query_count_is_the_same_for_5_actions_as_for_50_issue_13(
        self, client, plan, small_pages
    ):
        """Someone who may not read every case (their agency leads the actions) is read
        through the same fixed queries: the read rules are three sets, not a subquery
        per recommendation; and they see their agency's actions, not another's."""
        other = make_plan(plan.cast)  # another recommendation, led by another agency
        client.force_login(plan.lead)

        def lead_actions(total: int) -> None:
            while Action.objects.filter(lead_agency=plan.agency).count() < total:
                add_action(
                    plan.recommendation, agency=plan.agency, owner=plan.owner, user=plan.cast.member
                )

        lead_actions(5)
        five, response = measured(client, TRACKER)
        assert len(refs(response)) == 5
        lead_actions(50)
        fifty, response = measured(client, TRACKER)
        assert len(refs(response)) == PAGE
        assert five == fifty
        shown = every_page(client, TRACKER)
        assert len(shown) == 50
        assert ref(other.action) not in shown

    def test_the_pages_run_in_the_order_shown_before_issue_13(self, client, plan, small_pages):
        grow(plan, 25)
        client.force_login(plan.chair)
        url = self.url(plan)
        assert refs(client.get(url)) == old_group_order()[:PAGE]
        assert refs(client.get(url, {"page": 2})) == old_group_order()[PAGE : 2 * PAGE]
        assert every_page(client, url) == old_group_order()

    def test_each_heading_counts_the_whole_status_not_the_page_issue_13(
        self, client, plan, small_pages
    ):
        grow(plan, 25)
        client.force_login(plan.chair)
        body = client.get(self.url(plan), {"page": 2}).content.decode()
        states = [state_of(a.status, a.due, today()) for a in Action.objects.all()]
        headings = re.findall(r'govuk-heading-m">([A-Za-z ]+) \((\d+)\)<', body)
        assert headings  # page 2 starts part-way through a status
        for label, count in headings:
            [state] = [s for s in STATE_ORDER if ActionStatus(s).label == label]
            assert int(count) == states.count(state)
        assert "25 actions, overdue first. Showing 11 to 20." in body

    @pytest.mark.parametrize("page", ["abc", "0", "-4"])
    def test_a_page_number_that_is_no_page_shows_the_first_issue_13(
        self, client, plan, small_pages, page
    ):
        grow(plan, 25)
        client.force_login(plan.chair)
        response = client.get(self.url(plan), {"page": page})
        assert response.status_code == 200
        assert refs(response) == old_group_order()[:PAGE]

    def test_a_page_past_the_end_shows_the_last_issue_13(self, client, plan, small_pages):
        grow(plan, 25)
        client.force_login(plan.chair)
        response = client.get(self.url(plan), {"page": 9})
        assert refs(response) == old_group_order()[2 * PAGE :]


class TestApiList:
    def headers(self, user) -> dict[str, str]:
        _, raw = token_create(user=user, name="tests")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def test_the_query_count_is_the_same_for_5_actions_as_for_50_issue_13(self, client, plan):
        headers = self.headers(plan.cast.business_manager)
        grow(plan, 5)
        five, response = measured(client, API, {"limit": PAGE}, **headers)
        assert len(response.json()["items"]) == 5
        grow(plan, 50)
        fifty, response = measured(client, API, {"limit": PAGE}, **headers)
        assert len(response.json()["items"]) == PAGE
        assert response.json()["count"] == 50
        assert five == fifty

    def test_the_offset_gives_the_next_actions_soonest_due_first_issue_13(self, client, plan):
        grow(plan, 25)
        headers = self.headers(plan.cast.business_manager)
        expected = list(Action.objects.order_by("due", "pk").values_list("pk", flat=True))
        first = client.get(API, {"limit": PAGE}, **headers).json()["items"]
        second = client.get(API, {"limit": PAGE, "offset": PAGE}, **headers).json()["items"]
        assert [a["id"] for a in first] == expected[:PAGE]
        assert [a["id"] for a in second] == expected[PAGE : 2 * PAGE]

    @pytest.mark.parametrize("query", [{"offset": "-1"}, {"limit": "abc"}, {"limit": "0"}])
    def test_a_bad_page_is_422_not_500_issue_13(self, client, plan, query):
        response = client.get(API, query, **self.headers(plan.cast.business_manager))
        assert response.status_code == 422


class TestPartnershipKept:
    def test_an_action_takes_its_recommendations_partnership_and_group_issue_13(self, plan):
        """The tracker's indexes lead with the partnership, a group's list's with the
        group: every action carries both, made by the service or in bulk."""
        assert plan.action.partnership_id == plan.case.partnership_id
        assert plan.action.monitoring_group_id == plan.group.pk
        [bulk] = Action.objects.bulk_create(
            [
                Action(
                    recommendation=plan.recommendation,
                    number=99,
                    title="Made in bulk",
                    lead_agency=plan.agency,
                    owner=plan.owner,
                    due=days(30),
                    success_measure="Done.",
                    created_by=plan.cast.member,
                )
            ]
        )
        stored = Action.objects.get(pk=bulk.pk)
        assert stored.partnership_id == plan.case.partnership_id
        assert stored.monitoring_group_id == plan.group.pk

    def test_closed_follows_the_status_issue_13(self, plan):
        for status in ActionStatus:
            Action.objects.filter(pk=plan.action.pk).update(status=status)
            closed = Action.objects.values_list("closed", flat=True).get(pk=plan.action.pk)
            assert closed is (status in DONE)

    def test_another_partnerships_actions_are_not_counted_nor_shown_issue_13(
        self, client, plan, small_pages
    ):
        grow(plan, 5)
        client.force_login(plan.cast.stranger)
        response = client.get(TRACKER)
        assert refs(response) == []
