"""Each person's private calendar feed: their meetings, training and due dates only, a
404 for a made-up, tampered or reset address, no subject's name or free text of a case,
every read on the audit trail; the account page shows the address and resets it."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantern.audit.models import Action, AuditEvent
from lantern.calendars.events import LONDON
from lantern.calendars.services import feed_reset, feed_token
from lantern.cases.models import Capacity
from lantern.training.models import BookingStatus
from lantern.work.selectors import work_for
from tests.factories import MembershipFactory, SubjectFactory, UserFactory
from tests.meetings.factories import AttendanceFactory, MeetingFactory
from tests.training.factories import BookingFactory, CourseFactory, TrainingSessionFactory

from .helpers import parsed

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NAME = ("Zebedee", "Quartermain")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 10, 1, 9, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def world():
    """A case whose subject and meetings carry a name; `person` leads it, is invited to
    one meeting, booked on a session, and has a past meeting to record (due on its day);
    `other` is invited to another meeting."""
    subject = SubjectFactory(full_name=" ".join(NAME))
    membership = MembershipFactory(
        case__subject=subject,
        case__partnership=subject.partnership,
        case__reference="RR-2026-301",
        capacity=Capacity.LEAD,
    )
    case, person = membership.case, membership.person
    other = UserFactory(partnership=case.partnership)
    mine = MeetingFactory(
        case=case, date=datetime.date(2026, 10, 23), time=datetime.time(10, 0),
        title="Zebedee Quartermain's rapid review", location="Quartermain house",
    )  # fmt: skip
    AttendanceFactory(meeting=mine, person=person, name=person.full_name, attended=False)
    theirs = MeetingFactory(case=case, date=datetime.date(2026, 10, 26), title="Other")
    AttendanceFactory(meeting=theirs, person=other, name=other.full_name, attended=False)
    to_record = MeetingFactory(
        case=case, date=datetime.date(2026, 9, 28), title="Quartermain strategy"
    )
    starts = datetime.datetime(2026, 10, 26, 9, 30, tzinfo=LONDON)
    session = TrainingSessionFactory(
        course=CourseFactory(partnership=case.partnership, title="Neglect: core"),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )
    BookingFactory(session=session, email=person.email, status=BookingStatus.BOOKED)
    return {
        "person": person, "other": other, "mine": mine, "theirs": theirs,
        "to_record": to_record, "session": session,
    }  # fmt: skip


def _feed(client, person):
    return client.get(reverse("calendars:feed", kwargs={"token": feed_token(person)}))


def _events(response):
    return {str(e["uid"]): e for e in parsed(response.content).walk("VEVENT")}


def test_rule_the_feed_lists_the_persons_meetings_training_and_due_dates_only(client, world):
    response = _feed(client, world["person"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response)
    uids = set(events)
    host = next(iter(uids)).split("@")[1]
    assert f"meeting-{world['mine'].pk}@{host}" in uids
    assert f"training-session-{world['session'].pk}@{host}" in uids
    assert f"meeting-{world['theirs'].pk}@{host}" not in uids  # someone else's invitation
    mine = events[f"meeting-{world['mine'].pk}@{host}"]
    assert mine.decoded("dtstart").astimezone(UTC) == datetime.datetime(
        2026, 10, 23, 9, 0, tzinfo=UTC
    )
    due = [e for uid, e in events.items() if uid.startswith("due-")]
    assert [(str(e["summary"]), e.decoded("dtstart")) for e in due] == [
        ("RR-2026-301: Meeting to record", datetime.date(2026, 9, 28))
    ]


def test_rule_the_feed_carries_no_subject_name_and_no_free_text_of_the_case(client, world):
    """Only the case reference and the step or kind of meeting: not the subject's name,
    nor a meeting's title or place (which here name the family too)."""
    body = _feed(client, world["person"]).content
    for part in NAME:
        assert part.encode() not in body
    summaries = {str(e["summary"]) for e in _events(_feed(client, world["person"])).values()}
    assert "RR-2026-301: Rapid review meeting" in summaries


def test_rule_every_read_of_the_feed_is_on_the_audit_trail_as_the_persons(client, world):
    person = world["person"]
    _feed(client, person)
    _feed(client, person)
    reads = AuditEvent.objects.filter(action=Action.READ, object_type="calendars.feedkey")
    assert reads.count() == 2
    assert {e.actor_id for e in reads} == {person.pk}
    assert {e.partnership_id for e in reads} == {person.partnership_id}


@pytest.mark.parametrize("bad", ["nonsense", "1.abc:forged", "{token}x", "{other}"])
def test_rule_a_made_up_or_tampered_address_is_a_404(client, world, bad):
    token = bad.format(token=feed_token(world["person"]), other="0." + "a" * 32)
    response = client.get(reverse("calendars:feed", kwargs={"token": token}))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(object_type="calendars.feedkey", action=Action.READ)


def test_rule_a_reset_address_is_a_404_and_the_new_one_works(client, world):
    person = world["person"]
    old = feed_token(person)
    feed_reset(person=person)
    assert client.get(reverse("calendars:feed", kwargs={"token": old})).status_code == 404
    assert _feed(client, person).status_code == 200


def test_rule_the_feed_of_someone_no_longer_active_is_a_404(client, world):
    person = world["person"]
    token = feed_token(person)
    person.is_active = False
    person.save()
    assert client.get(reverse("calendars:feed", kwargs={"token": token})).status_code == 404


def test_rule_closing_an_account_revokes_its_feed_even_if_it_reopens(client, world):
    from lantern.accounts.services import person_update

    person = world["person"]
    token = feed_token(person)
    person_update(person=person, is_active=False)
    person_update(person=person, is_active=True)
    assert client.get(reverse("calendars:feed", kwargs={"token": token})).status_code == 404
    assert _feed(client, person).status_code == 200


def test_rule_the_account_page_shows_the_address_and_its_reset_revokes_the_old_one(client, world):
    person = world["person"]
    client.force_login(person)
    page = client.get(reverse("accounts:account"))
    address = page.context["calendar_url"]
    assert address.endswith(".ics") and address in page.content.decode()
    assert client.get(address).status_code == 200
    response = client.post(reverse("calendars:reset"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:account")
    assert client.get(address).status_code == 404
    fresh = client.get(reverse("accounts:account")).context["calendar_url"]
    assert fresh != address and client.get(fresh).status_code == 200


def test_rule_resetting_needs_a_signed_in_post(client, world):
    """Signed out: to the sign-in page, nothing reset. A GET resets nothing either."""
    person = world["person"]
    token = feed_token(person)
    assert client.post(reverse("calendars:reset")).status_code == 302
    client.force_login(person)
    assert client.get(reverse("calendars:reset")).status_code == 405
    assert feed_token(person) == token


def test_rule_a_calendar_app_may_ask_with_head_as_well_as_get(client, world):
    """Some calendar apps check the address with HEAD before subscribing."""
    token = feed_token(world["person"])
    assert client.head(reverse("calendars:feed", kwargs={"token": token})).status_code == 200
    assert client.post(reverse("calendars:feed", kwargs={"token": token})).status_code == 405


def test_rule_the_feeds_queries_stay_the_same_however_many_meetings_and_bookings(
    client, world, django_assert_num_queries
):
    """The feed's own queries, beyond My work's (locked in tests/work/test_queries.py):
    1 the feed key and its person, 2 the meetings with their cases, 3 the bookings with
    their sessions and courses, 4 the events' stored SEQUENCEs, 5-6 the audit event
    (the chain's head, the event). The same with three times the meetings and bookings."""
    person = world["person"]
    url = reverse("calendars:feed", kwargs={"token": feed_token(person)})
    with CaptureQueriesContext(connection) as work:
        work_for(person)
    expected = 6 + len(work)
    with django_assert_num_queries(expected):
        client.get(url)
    for n in range(2):
        meeting = MeetingFactory(
            case=world["mine"].case,
            date=datetime.date(2026, 11, 2 + n),
            time=datetime.time(10, 0),
        )
        AttendanceFactory(meeting=meeting, person=person, name="P", attended=False)
        BookingFactory(
            session=TrainingSessionFactory(course=world["session"].course),
            email=person.email,
            status=BookingStatus.BOOKED,
        )
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(_events(response)) == 3 + 4  # mine, the session, the due date; and the new
