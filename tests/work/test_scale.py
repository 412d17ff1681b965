"""Issue 13 (Scale): My work shows the first items of each section with "and N more" and a
link to that section's own page, which is paginated; the query counts are the same for 5
items as for 50."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantern.actions.models import Action
from lantern.work.display import SHOWN
from lantern.work.selectors import work_for
from lantern.work.views import PER_PAGE
from tests.actions.helpers import add_action, make_plan

from .conftest import TODAY

pytestmark = pytest.mark.django_db

MY_WORK = reverse("web:dashboard")
OVERDUE = reverse("web:work_section", args=["overdue"])


@pytest.fixture
def plan(submitted, manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_plan(SimpleNamespace(case=submitted.case, member=manager))


def overdue_actions(plan, owner, total: int) -> None:
    """`total` overdue actions owned by `owner`, due on dates that repeat (ties then go by
    the case and the title, as My work orders them)."""
    while (count := Action.objects.filter(owner=owner).count()) < total:
        action = add_action(
            plan.recommendation,
            agency=plan.agency,
            owner=owner,
            user=plan.cast.member,
            title=f"Action number {count:03}",
        )
        due = TODAY - datetime.timedelta(days=1 + count % 9)
        Action.objects.filter(pk=action.pk).update(due=due)


def measured(client, url: str, data=None) -> tuple[int, str]:
    client.get(url, data)  # the session settles
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def measured_new(client, url: str) -> tuple[int, str]:
    """The queries of one visit, as it comes (measured() visits twice: the second finds
    what the first kept)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def overdue_table(body: str) -> str:
    start = body.index("Overdue (")
    return body[start : body.index("</table>", start)]


def links(html: str) -> list[str]:
    return re.findall(r'<a class="govuk-link" href="(/actions/\d+/)">', html)


def overdue_in_order(user) -> list[str]:
    return [item.url for item in work_for(user) if item.overdue]


def test_my_work_shows_the_first_of_a_section_and_links_to_the_rest_issue_13(
    client, plan, referrer
):
    overdue_actions(plan, referrer, SHOWN + 7)
    client.force_login(referrer)
    body = client.get(MY_WORK).content.decode()
    table = overdue_table(body)
    assert links(table) == overdue_in_order(referrer)[:SHOWN]
    assert f"Overdue ({SHOWN + 7})" in table
    assert f'And 7 more: <a class="govuk-link" href="{OVERDUE}">see all {SHOWN + 7} overdue' in body


def test_a_short_section_is_shown_whole_without_a_link_issue_13(client, plan, referrer):
    overdue_actions(plan, referrer, 3)
    client.force_login(referrer)
    body = client.get(MY_WORK).content.decode()
    assert links(overdue_table(body)) == overdue_in_order(referrer)
    assert OVERDUE not in body


def test_my_work_makes_the_same_queries_for_5_items_as_for_50_issue_13(client, plan, referrer):
    client.force_login(referrer)
    overdue_actions(plan, referrer, 5)
    five, body = measured(client, MY_WORK)
    assert len(links(overdue_table(body))) == 5
    overdue_actions(plan, referrer, 50)
    fifty, body = measured(client, MY_WORK)
    assert len(links(overdue_table(body))) == SHOWN
    assert five == fifty


def test_my_work_works_its_list_out_with_the_same_queries_for_5_items_as_for_50_issue_13(
    client, plan, referrer
):
    """The first visit after a change works the list out (nothing kept): still no query
    per item."""
    client.force_login(referrer)
    overdue_actions(plan, referrer, 5)
    client.get(MY_WORK)
    cache.clear()
    five, body = measured_new(client, MY_WORK)
    assert len(links(overdue_table(body))) == 5
    overdue_actions(plan, referrer, 50)
    cache.clear()
    fifty, body = measured_new(client, MY_WORK)
    assert len(links(overdue_table(body))) == SHOWN
    assert five == fifty


def test_my_work_keeps_its_list_between_visits_issue_13(client, plan, referrer):
    """Kept, a visit reads no case, step, request, meeting or action: the list, the cases
    the person is on and the due-soon date come with it."""
    overdue_actions(plan, referrer, 5)
    client.force_login(referrer)
    client.get(MY_WORK)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(MY_WORK).status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    for table in ("cases_case", "clock_casestep", "actions_action", "agencyrequests_", "meetings_"):
        assert table not in tables


def test_a_kept_list_shows_a_change_made_outside_any_request_issue_13(client, plan, referrer):
    """A task, a command or an import changes records without a form being sent: the
    partnership's latest recorded change is part of what the list is kept under, so the
    next visit works it out again."""
    overdue_actions(plan, referrer, 2)
    client.force_login(referrer)
    assert len(links(overdue_table(client.get(MY_WORK).content.decode()))) == 2
    overdue_actions(plan, referrer, 3)  # the services, not a request
    body = client.get(MY_WORK).content.decode()
    assert links(overdue_table(body)) == overdue_in_order(referrer)
    assert "Overdue (3)" in body


def test_someone_reading_a_case_does_not_clear_a_kept_list_issue_13(client, plan, referrer):
    """Reads and sign-ins are most of the trail and change no one's work: a read by
    anyone in the partnership leaves the kept list kept (otherwise it would never be)."""
    from lantern.audit.recorder import record_read

    overdue_actions(plan, referrer, 2)
    client.force_login(referrer)
    client.get(MY_WORK)
    record_read(plan.case, what="case")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(MY_WORK).status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "actions_action" not in tables


def test_a_kept_list_is_the_persons_own_issue_13(client, plan, referrer, manager):
    overdue_actions(plan, referrer, 2)
    client.force_login(referrer)
    client.get(MY_WORK)
    client.force_login(manager)
    body = client.get(MY_WORK).content.decode()
    assert not set(links(body)) & set(overdue_in_order(referrer))


def test_a_sections_page_makes_the_same_queries_for_5_items_as_for_50_issue_13(
    client, plan, referrer
):
    client.force_login(referrer)
    overdue_actions(plan, referrer, 5)
    five, body = measured(client, OVERDUE)
    assert len(links(body)) == 5
    overdue_actions(plan, referrer, 50)
    fifty, body = measured(client, OVERDUE)
    assert len(links(body)) == PER_PAGE
    assert five == fifty


def test_a_sections_pages_run_in_my_works_order_issue_13(client, plan, referrer):
    overdue_actions(plan, referrer, PER_PAGE + 10)
    client.force_login(referrer)
    expected = overdue_in_order(referrer)
    first = client.get(OVERDUE).content.decode()
    second = client.get(OVERDUE, {"page": 2}).content.decode()
    assert links(first) == expected[:PER_PAGE]
    assert links(second) == expected[PER_PAGE:]  # page 2: the next ones
    assert f"Showing {PER_PAGE + 1} to {PER_PAGE + 10}." in second
    assert 'aria-label="Pages of Overdue"' in first


@pytest.mark.parametrize("page", ["abc", "0", "-2"])
def test_a_page_number_that_is_no_page_shows_the_first_issue_13(client, plan, referrer, page):
    overdue_actions(plan, referrer, PER_PAGE + 3)
    client.force_login(referrer)
    response = client.get(OVERDUE, {"page": page})
    assert response.status_code == 200
    assert links(response.content.decode()) == overdue_in_order(referrer)[:PER_PAGE]


def test_a_section_that_is_not_one_is_not_found_issue_13(client, referrer):
    client.force_login(referrer)
    assert client.get(reverse("web:work_section", args=["someday"])).status_code == 404


def test_a_sections_page_needs_sign_in_issue_13(client):
    assert client.get(OVERDUE).status_code == 302
