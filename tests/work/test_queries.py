"""work_for makes the same queries for 2 items as for 20: none per item."""

from types import SimpleNamespace

import pytest

from lantern.accounts.models import User
from lantern.adults import services
from lantern.work.selectors import work_for
from tests.actions.helpers import add_action, make_plan

from .conftest import referral_data

pytestmark = pytest.mark.django_db

# Queries, for the Business Manager (who leads no agency; a safeguarding lead adds one
# more: the requests of the agencies they lead):
#   1 their roles
#   steps (lantern.workflow.selectors.steps_waiting_for):
#   2 the open cases they may read, 3 their memberships of them, 4 the partnership's
#   closure days, 5 the cases' clock steps, 6 rapid reviews, 7 CSPRs, 8 SAR referrals,
#   9 SARs, 10 DHRs, 11 decisions, 12 documents, 13 requests to agencies,
#   14 Home Office submissions
#   requests (lantern.agencyrequests.selectors.requests_waiting_for):
#   15 the agencies they answer for, 16 the requests waiting for them, 17 the agencies
#   they lead
#   18 meetings to record (lantern.meetings.selectors.meetings_to_record_for)
#   19 actions they own, with recommendation, case and lead agency (lantern.work.owned)
#   20 the registers to take and the core courses to quality assure, one UNION
#      (lantern.training.work: the Business Manager runs training; someone who does not
#      makes no query for it)
#   21 the groups they chair (whether they approve a kind of annual report: the access
#      policy's own query, once), 22 the partnership's annual reports, 23 the reviews'
#      findings still to decide
#      (lantern.reports.work: the Business Manager drafts the reports and records the
#      decisions; the reports' sendings are fetched only when there is a report, and
#      someone who neither drafts nor approves makes no query for it)
# The Business Manager also has two fixed items from it, whatever the number of others:
# "Write the <report> for <last year>", one for each kind (no report is started here).
WORK_QUERIES = 23
REPORT_ITEMS = ["report", "report"]


def test_the_work_list_query_count_is_flat_from_2_items_to_20(
    manager, referrer, agencies, settings, tmp_path, django_assert_num_queries
):
    settings.MEDIA_ROOT = tmp_path
    first = services.referral_submit(user=referrer, data=referral_data(agencies))
    # The plan's action is the Business Manager's own: a referral to screen and an action.
    plan = make_plan(SimpleNamespace(case=first.case, member=manager))
    plan.action.owner = manager
    plan.action.save()

    fresh = User.objects.get(pk=manager.pk)  # nothing cached from an earlier call
    with django_assert_num_queries(WORK_QUERIES):
        assert sorted(i.kind for i in work_for(fresh)) == ["action", *REPORT_ITEMS, "step"]

    for _ in range(9):
        services.referral_submit(user=referrer, data=referral_data(agencies))
        add_action(plan.recommendation, agency=plan.agency, owner=manager, user=manager)
    fresh = User.objects.get(pk=manager.pk)
    with django_assert_num_queries(WORK_QUERIES):
        items = work_for(fresh)
    assert len(items) == 20 + len(REPORT_ITEMS)
    assert sorted({i.kind for i in items}) == ["action", "report", "step"]


def test_my_work_page_and_api_stay_flat_from_2_items_to_20(
    client, manager, referrer, agencies, settings, tmp_path
):
    """The page adds the cases the person is on and the due-soon date to the list's
    queries; none of it grows with the items. The API is the list's queries alone, or,
    once the list is kept (issue 13), the partnership's latest change alone; so is the
    page's share of it."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from lantern.api.services import token_create

    settings.MEDIA_ROOT = tmp_path
    first = services.referral_submit(user=referrer, data=referral_data(agencies))
    plan = make_plan(SimpleNamespace(case=first.case, member=manager))
    plan.action.owner = manager
    plan.action.save()
    _, raw = token_create(user=manager, name="tests")
    client.force_login(manager)

    def counted(get) -> tuple[int, object]:
        with CaptureQueriesContext(connection) as queries:
            response = get()
        return len(queries), response

    def measure():
        client.get(reverse("web:dashboard"))  # the session settles
        cache.clear()  # the list worked out...
        page_new, response = counted(lambda: client.get(reverse("web:dashboard")))
        page_kept, _ = counted(lambda: client.get(reverse("web:dashboard")))  # ...then kept
        caller = Client()  # no session: the token alone
        caller.get("/api/v1/me/work", HTTP_AUTHORIZATION=f"Bearer {raw}")  # token last used
        cache.clear()
        api = lambda: caller.get("/api/v1/me/work", HTTP_AUTHORIZATION=f"Bearer {raw}")  # noqa: E731
        api_new, _ = counted(api)
        api_kept, found = counted(api)
        assert len(response.context["work"]) == len(found.json())
        return (page_new, page_kept, api_new, api_kept), len(found.json())

    few, items = measure()
    assert items == 2 + len(REPORT_ITEMS)
    for _ in range(9):
        services.referral_submit(user=referrer, data=referral_data(agencies))
        add_action(plan.recommendation, agency=plan.agency, owner=manager, user=manager)
    many, items = measure()
    assert items == 20 + len(REPORT_ITEMS)
    assert many == few
    page_new, page_kept, api_new, api_kept = many
    # The API: the token with its person and partnership, the partnership's latest change,
    # then the list (WORK_QUERIES) or nothing more when it is kept.
    assert api_new == 2 + WORK_QUERIES
    assert api_kept == 2
    # Kept, the page is the session, the person, their second factor, their partnership
    # (the header), their roles (the navigation) and the partnership's latest change: the
    # list, the cases they are on and the due-soon date are kept with it.
    assert page_kept == 6
    assert page_new > page_kept + WORK_QUERIES
