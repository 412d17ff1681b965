"""Issue 13: a case's history is one indexed query on the case each event was recorded
against, however long the trail, and shows exactly that case's events."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantern.access.policy import case_access
from lantern.agencyrequests.models import AgencyRequest
from lantern.audit.models import AuditEvent
from lantern.cases.models import CaseMembership
from lantern.cases.services import case_update
from lantern.notifications.selectors import case_history
from tests.documents.fixtures import private_files, upload  # noqa: F401 (a fixture)
from tests.factories import AgencyFactory, CaseFactory, MembershipFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _changes(case, n):
    for i in range(n):
        case_update(case=case, title=f"Title {i} of {n}")


def _history_queries(case, reader):
    case_access(reader, case)  # known already when a page shows the history
    with CaptureQueriesContext(connection) as queries:
        items = case_history(case, reader=reader)
    return queries, items


def test_issue_13_the_history_is_the_same_queries_for_10_or_100_events(cast):
    """Issue 13: two queries, events and e-mails, whether the case has 10 events or 100;
    the events' query asks for the case's events by case_id, not by a subquery per kind
    of record or a test of the JSON changes."""
    _changes(cast.case, 10)
    few, few_items = _history_queries(cast.case, cast.member)
    _changes(cast.case, 90)
    many, many_items = _history_queries(cast.case, cast.member)
    assert len(few) == len(many) == 2
    assert len(many_items) > len(few_items) >= 10
    events_sql = many.captured_queries[0]["sql"]
    assert "case_id" in events_sql
    assert "JSON" not in events_sql.upper() and "->" not in events_sql


def test_issue_13_the_history_shows_exactly_its_cases_events(cast):
    """Issue 13: the case's own events and those of its records (a membership, a request
    to an agency, a meeting, a document, its steps, its subject), including a record since
    deleted; none of another case's, even another case of the same partnership."""
    case = cast.case
    other = CaseFactory(partnership=case.partnership, title="Somebody else's")
    agency = AgencyFactory(partnership=case.partnership, name="Demoshire Police")
    for each in (case, other):
        case_update(case=each, title=f"Renamed {each.reference}")
        AgencyRequest.objects.create(
            case=each,
            agency=agency,
            kind="scoping",
            title=f"Scoping {each.reference}",
            due="2026-03-09",
        )
        MeetingFactory(case=each, title=f"Panel {each.reference}")
        upload(each, cast.member, title=f"Terms {each.reference}")
    gone = MembershipFactory(case=case)
    gone_label = str(gone)
    CaseMembership.objects.filter(pk=gone.pk).get().delete()
    case.subject.full_name = "A new name"
    case.subject.save()

    history = case_history(case, reader=cast.member)
    summaries = " | ".join(item.summary for item in history)
    assert f"Changed case: {case}" in summaries
    assert f"Panel {case.reference}" in summaries
    assert f"Scoping {case.reference}" in summaries
    assert f"Terms {case.reference}" in summaries
    assert f"Deleted case membership: {gone_label}" in summaries
    assert f"Created case membership: {gone_label}" in summaries
    assert f"Changed subject: {case.subject}" in summaries
    assert other.reference not in summaries
    assert f"Scoping {other.reference}" not in summaries

    # Exactly: every event recorded against this case (changes, not reads or e-mails),
    # and no other.
    own = AuditEvent.objects.filter(
        case_id=case.pk, action__in=["create", "update", "delete"]
    ).exclude(object_type="notifications.notification")
    subject = AuditEvent.objects.filter(
        object_type="cases.subject",
        object_id=str(case.subject_id),
        action__in=["create", "update", "delete"],
    )
    assert len([i for i in history if not i.is_email]) == own.count() + subject.count()
    assert not AuditEvent.objects.filter(
        case_id=case.pk, object_label__contains=other.reference
    ).exists()


def test_issue_13_the_history_page_reads_the_same_for_10_or_100_events(client, cast):
    """Issue 13: the history page's queries do not grow with the case's history."""
    client.force_login(cast.member)
    url = reverse("notifications:history", args=[cast.case.reference])
    _changes(cast.case, 10)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _changes(cast.case, 90)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(few) == len(many)
