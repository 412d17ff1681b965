"""A case's history page: its changes and e-mails, newest first, for whoever may read it."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from lantern.access.policy import case_access
from lantern.agencyrequests.models import AgencyRequest
from lantern.audit.models import AuditEvent
from lantern.cases.models import Capacity, CaseMembership
from lantern.cases.services import case_update
from lantern.notifications.models import Notification
from lantern.notifications.selectors import case_history
from tests.documents.fixtures import private_files, upload  # noqa: F401 (a fixture)
from tests.factories import AgencyFactory, CaseFactory, MembershipFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _history(case):
    return reverse("notifications:history", args=[case.reference])


@pytest.mark.parametrize(
    "who, status",
    [("member", 200), ("read_only_member", 200), ("outsider", 404), ("stranger", 404)],
)
def test_who_may_read_the_history(client, cast, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(_history(cast.case)).status_code == status


def test_reading_the_history_is_logged(client, cast):
    client.force_login(cast.read_only_member)
    client.get(_history(cast.case))
    read = AuditEvent.objects.get(action="read", actor=cast.read_only_member)
    assert read.changes == {"viewed": "history"}


@pytest.fixture
def story(cast):
    """Three things happen to the case on the next three days."""
    now = datetime.datetime.now(datetime.UTC)
    with time_machine.travel(now + datetime.timedelta(days=1)):
        case_update(case=cast.case, title="A new working title")
    with time_machine.travel(now + datetime.timedelta(days=2)):
        agency = AgencyFactory(partnership=cast.case.partnership, name="Demoshire Police")
        AgencyRequest.objects.create(
            case=cast.case, agency=agency, kind="scoping", title="Scoping", due="2026-03-09"
        )
        Notification.objects.create(
            case=cast.case,
            partnership=cast.case.partnership,
            kind="request_sent",
            to_email="rep@example.org",
            subject="Scoping: RR",
            body="…",
            error="SMTPException: down",
        )
    with time_machine.travel(now + datetime.timedelta(days=3)):
        CaseMembership.objects.get(person=cast.read_only_member).delete()
    return cast


def test_changes_and_emails_newest_first(story):
    summaries = [item.summary for item in case_history(story.case, reader=story.member)][:4]
    assert summaries[0].startswith("Deleted case membership:")
    assert summaries[1] == "E-mail to rep@example.org: Scoping: RR"
    assert summaries[2] == "Created request to an agency: Demoshire Police: Scoping"
    assert summaries[3] == f"Changed case: {story.case}"


def test_page_shows_a_failed_email_and_never_the_subjects_identity(client, story):
    client.force_login(story.member)
    page = client.get(_history(story.case)).content.decode()
    assert "Not sent" in page
    assert "Changed: title" in page
    assert story.case.subject.full_name not in page
    assert "cases.subject" not in page


def test_reads_and_other_cases_are_left_out(client, cast):
    other = CaseFactory(partnership=cast.case.partnership)
    MembershipFactory(case=other)
    client.force_login(cast.member)
    client.get(reverse("cases:detail", args=[cast.case.reference]))
    items = case_history(cast.case, reader=cast.member)
    assert not any(item.summary.startswith("Read") for item in items)
    assert not any(other.reference in item.summary for item in items)


@pytest.mark.parametrize("how_many", [1, 6])
def test_history_is_two_queries_however_long(cast, how_many, django_assert_num_queries):
    for n in range(how_many):
        case_update(case=cast.case, title=f"Title {n}")
        MembershipFactory(case=cast.case)
        Notification.objects.create(
            case=cast.case, kind="x", to_email=f"{n}@example.org", subject="s", body="b"
        )
    # What the reader may do on the case is already known when a page shows the history
    # (the case was fetched for them), as here.
    case_access(cast.member, cast.case)
    with django_assert_num_queries(2):  # audit events with their actors; e-mails with people
        items = case_history(cast.case, reader=cast.member)
    assert len(items) >= 3 * how_many


def test_issue_12_item_2_the_history_names_only_the_documents_its_reader_may_open(
    cast,
):
    """A draft, and the papers of a meeting, are named in the history only to those who
    may open them (the policy's can_read_draft and the meeting-paper rule); the rest of
    the story is the same for every reader."""
    upload(cast.case, cast.member, title="Report draft", kind="report_draft", is_draft=True)
    meeting = MeetingFactory(case=cast.case)
    upload(cast.case, cast.member, title="Minutes (papers)", meeting=meeting)
    upload(cast.case, cast.member, title="Terms of reference")
    case_update(case=cast.case, title="A new working title")
    council = AgencyFactory(partnership=cast.case.partnership)
    rep = MembershipFactory(
        case=cast.case, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=council
    ).person

    def named(reader):
        return [item.summary for item in case_history(cast.case, reader=reader)]

    for manager in (cast.member, cast.business_manager):
        summaries = " ".join(named(manager))
        assert "Report draft" in summaries and "Minutes (papers)" in summaries
    for practitioner in (rep, cast.read_only_member):
        summaries = named(practitioner)
        assert "Report draft" not in " ".join(summaries)
        assert "Minutes (papers)" not in " ".join(summaries)
        assert any("Terms of reference" in s for s in summaries)
        assert any(s.startswith("Changed case:") for s in summaries)
