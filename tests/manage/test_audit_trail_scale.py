"""Issue 13, the audit trail page at scale: a constant number of queries however long the
trail, the kinds of record listed without reading the events, and a bounded count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantern.audit.context import Actor, acting_as
from lantern.audit.models import Action
from lantern.audit.recorder import record, record_read
from lantern.audit.selectors import object_types
from lantern.manage import audit_views
from tests.factories import CaseFactory, PartnershipFactory

pytestmark = pytest.mark.django_db
URL = reverse("manage:audit")


def _reads(case, user, n):
    with acting_as(Actor(user=user, ip_address="203.0.113.9", channel="web")):
        for _ in range(n):
            record_read(case, what="case")


def _queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return queries


@pytest.mark.parametrize(
    "params",
    [{}, {"action": "read"}, {"object_type": "cases.case"}, {"date_from": "1/1/2020"}],
)
def test_issue_13_the_audit_trail_is_the_same_queries_for_10_or_100_events(
    client, admin_cast, params
):
    """Issue 13: the page's queries do not grow with the trail (the count is bounded and
    the kinds of record are not read from every event)."""
    case = CaseFactory(partnership=admin_cast.partnership)
    client.force_login(admin_cast.manager)
    _reads(case, admin_cast.auditor, 10)
    few = _queries(client, params)
    _reads(case, admin_cast.auditor, 90)
    many = _queries(client, params)
    assert len(few) == len(many)
    page = client.get(URL, params).context["page"]
    assert len(page.object_list) == audit_views.PAGE_SIZE


def test_issue_13_the_kinds_of_record_are_not_read_from_every_event(client, admin_cast):
    """Issue 13: the object-type filter's list was SELECT DISTINCT object_type, at, id
    (the model's ordering), which sent every event to Python. Now no query of the page
    orders by `at` without a LIMIT, and the list is exactly this partnership's kinds."""
    case = CaseFactory(partnership=admin_cast.partnership)
    _reads(case, admin_cast.auditor, 3)
    record(Action.READ, object_type="zz.only_elsewhere", partnership_id=PartnershipFactory().pk)
    client.force_login(admin_cast.manager)
    queries = _queries(client, {})
    for query in queries.captured_queries:
        sql = query["sql"].upper()
        assert not ("DISTINCT" in sql and '"AT"' in sql), sql
        if "ORDER BY" in sql and "AUDIT_AUDITEVENT" in sql:
            assert "LIMIT" in sql, sql
    types = object_types(admin_cast.partnership.pk)
    assert "cases.case" in types and "zz.only_elsewhere" not in types
    assert types == sorted(set(types))
    choices = [value for value, _ in client.get(URL).context["form"].fields["object_type"].choices]
    assert sorted(choices) == sorted(["", *types])


def test_issue_13_an_unknown_kind_of_record_is_refused_clearly(client, admin_cast):
    client.force_login(admin_cast.manager)
    response = client.get(URL, {"object_type": "nothing.here"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert list(response.context["page"].object_list) == []


def test_issue_13_the_count_stops_at_its_limit_and_says_so(client, admin_cast, monkeypatch):
    """Issue 13: the paginator counts at most COUNT_LIMIT entries (one query, with a
    LIMIT); past it the page says there are more and how to reach them."""
    monkeypatch.setattr(audit_views, "COUNT_LIMIT", 6)
    monkeypatch.setattr(audit_views, "PAGE_SIZE", 2)
    case = CaseFactory(partnership=admin_cast.partnership)
    _reads(case, admin_cast.auditor, 12)
    client.force_login(admin_cast.manager)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"action": "read", "page": 2})
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and "LIMIT 7" in counts[0].upper()
    page = response.context["page"]
    assert page.paginator.capped and page.paginator.num_pages == 3
    body = response.content.decode()
    assert "More than 6 entries" in body
    assert "To see older ones, choose the dates above." in body
    assert 'href="?action=read&amp;page=3"' in body
    assert "<title>Audit trail (page 2)" in body
    # Past the last counted page: the last page, never an error.
    assert client.get(URL, {"action": "read", "page": 99}).context["page"].number == 3


def test_issue_13_under_the_limit_the_count_is_exact(client, admin_cast, monkeypatch):
    monkeypatch.setattr(audit_views, "COUNT_LIMIT", 100)
    case = CaseFactory(partnership=admin_cast.partnership)
    _reads(case, admin_cast.auditor, 4)
    client.force_login(admin_cast.manager)
    response = client.get(URL, {"action": "read"})
    assert not response.context["page"].paginator.capped
    assert "4 entries" in response.content.decode()
