"""Every meeting invitation carries its calendar file: a case's meetings (rapid review
meeting, SAR Panel) when people are put on the list, moved or taken off it; training
sessions when a place is booked, moved or cancelled. (The learning event's programme:
tests/audits/test_event_calendar.py.)"""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.calendars.events import LONDON
from lantern.meetings import services as meetings
from lantern.meetings.models import MeetingKind
from lantern.notifications.models import Notification
from lantern.notifications.services import notify
from lantern.notifications.tasks import send_notification
from lantern.training import services_attendance as attendance
from lantern.training import services_programme as programme
from tests.factories import AgencyFactory, CaseFactory, UserFactory
from tests.meetings.factories import MeetingFactory
from tests.training.factories import CourseFactory, TrainingSessionFactory

from .helpers import invite_of, invites, the_event

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
TODAY = datetime.date(2026, 10, 1)
BST_DAY = datetime.date(2026, 10, 23)  # a Friday, before the clocks go back
GMT_DAY = datetime.date(2026, 10, 26)  # the Monday after


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 10, 1, 9, 0, tzinfo=LONDON), tick=False):
        yield


def _meeting(pathway: str, kind: str, reference: str):
    case = CaseFactory(pathway=pathway, reference=reference)
    return MeetingFactory(case=case, kind=kind, date=BST_DAY, time=datetime.time(10, 0))


def _invite(meeting, *people):
    rows = [{"person": p, "name": p.full_name} for p in people]
    meetings.attendance_record(meeting=meeting, rows=rows)


@pytest.mark.parametrize(
    ("pathway", "kind", "reference", "summary"),
    [
        (
            "rapid-review",
            MeetingKind.RAPID_REVIEW,
            "RR-2026-101",
            "RR-2026-101: Rapid review meeting",
        ),
        ("sar", MeetingKind.PANEL, "SAR-2026-101", "SAR-2026-101: Panel meeting"),
    ],
)
def test_rule_an_invitation_to_a_case_meeting_carries_a_calendar_request(
    pathway, kind, reference, summary
):
    """Rapid review meeting and SAR Panel: each person put on the list gets an e-mail
    with invite.ics (METHOD:REQUEST) at 10:00 Europe/London."""
    meeting = _meeting(pathway, kind, reference)
    person = UserFactory(partnership=meeting.case.partnership)
    _invite(meeting, person)
    (message,) = mail.outbox
    assert message.to == [person.email]
    calendar = invite_of(message)
    assert calendar["method"] == "REQUEST"
    event = the_event(calendar)
    assert event["summary"] == summary
    assert event.decoded("dtstart").astimezone(UTC) == datetime.datetime(
        2026, 10, 23, 9, 0, tzinfo=UTC
    )
    assert Notification.objects.get(kind="meeting_invited").calendar_event == (
        f"meeting:{meeting.pk}"
    )


def test_rule_only_people_newly_on_the_list_are_invited_and_those_taken_off_cancelled():
    meeting = _meeting("rapid-review", MeetingKind.RAPID_REVIEW, "RR-2026-102")
    stays, goes, comes = (UserFactory(partnership=meeting.case.partnership) for _ in range(3))
    _invite(meeting, stays, goes)
    mail.outbox.clear()
    _invite(meeting, stays, comes)
    by_reader = {m.to[0]: invite_of(m)["method"] for m in mail.outbox}
    assert by_reader == {comes.email: "REQUEST", goes.email: "CANCEL"}


def test_rule_a_moved_meeting_tells_everyone_invited_with_the_same_uid_a_higher_sequence():
    """Moved across the clock change: 10:00 is now 10:00Z, not 09:00Z."""
    meeting = _meeting("rapid-review", MeetingKind.RAPID_REVIEW, "RR-2026-103")
    person = UserFactory(partnership=meeting.case.partnership)
    _invite(meeting, person)
    first = the_event(invite_of(mail.outbox[-1]))
    meetings.meeting_move(meeting=meeting, date=GMT_DAY, reason="The chair is ill.")
    moved_message = mail.outbox[-1]
    assert "Moved:" in moved_message.subject
    moved = the_event(invite_of(moved_message))
    assert moved["uid"] == first["uid"]
    assert moved["sequence"] == first["sequence"] + 1
    assert moved.decoded("dtstart").astimezone(UTC) == datetime.datetime(
        2026, 10, 26, 10, 0, tzinfo=UTC
    )


def test_rule_recording_who_came_after_the_meeting_sends_no_invitation():
    meeting = _meeting("rapid-review", MeetingKind.RAPID_REVIEW, "RR-2026-104")
    person = UserFactory(partnership=meeting.case.partnership)
    with time_machine.travel(datetime.datetime(2026, 10, 24, 9, 0, tzinfo=LONDON), tick=False):
        meetings.attendance_record(
            meeting=meeting, rows=[{"person": person, "name": "P", "attended": True}]
        )
    assert mail.outbox == []


def test_rule_the_file_is_made_when_the_message_is_sent_so_a_late_message_is_current():
    """A message queued before the meeting moved carries the new time when it leaves."""
    meeting = _meeting("rapid-review", MeetingKind.RAPID_REVIEW, "RR-2026-105")
    person = UserFactory(partnership=meeting.case.partnership)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("lantern.notifications.services._enqueue", lambda *a: None)
        (note,) = notify(
            to=[person],
            subject="Invitation",
            template="meetings/email/invitation.txt",
            context={"meeting": meeting, "what": "Rapid review meeting", "why": "invited"},
            case=meeting.case,
            kind="meeting_invited",
            calendar_event=f"meeting:{meeting.pk}",
        )
    meeting.date = GMT_DAY
    meeting.save()
    send_notification.call(note.pk, "django.core.mail.backends.locmem.EmailBackend")
    start = the_event(invite_of(mail.outbox[-1])).decoded("dtstart")
    assert start.date() == GMT_DAY


# Training sessions ------------------------------------------------------------------------


@pytest.fixture
def coordinator():
    return UserFactory(roles=[Role.LD_COORDINATOR])


@pytest.fixture
def session(coordinator):
    starts = datetime.datetime.combine(BST_DAY, datetime.time(9, 30), tzinfo=LONDON)
    return TrainingSessionFactory(
        course=CourseFactory(partnership=coordinator.partnership, title="Neglect: core"),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=5,
    )


def _book(session, coordinator, n=1):
    agency = AgencyFactory(partnership=coordinator.partnership)
    person = attendance.Person(
        name=f"Person {n}",
        email=f"person{n}@police.example.org",
        agency=agency,
        job_title="Sergeant",
        manager_name="Mo Manager",
        manager_email="mo@police.example.org",
    )
    return attendance.booking_create(session=session, user=coordinator, person=person)


def test_rule_booking_a_training_session_sends_its_calendar_request(session, coordinator):
    _book(session, coordinator)
    (message,) = mail.outbox
    event = the_event(invite_of(message))
    assert invite_of(message)["method"] == "REQUEST"
    assert event["summary"] == "Training: Neglect: core"
    assert event.decoded("dtstart").astimezone(UTC) == datetime.datetime(
        2026, 10, 23, 8, 30, tzinfo=UTC
    )


def test_rule_a_training_session_moved_updates_the_event_of_everyone_booked(session, coordinator):
    _book(session, coordinator)
    first = the_event(invite_of(mail.outbox[-1]))
    starts = datetime.datetime.combine(GMT_DAY, datetime.time(9, 30), tzinfo=LONDON)
    programme.session_update(
        session=session, user=coordinator, starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3), trainer=session.trainer,
        mode=session.mode, venue=session.venue, capacity=session.capacity,
    )  # fmt: skip
    message = mail.outbox[-1]
    assert "Changed:" in message.subject
    moved = the_event(invite_of(message))
    assert moved["uid"] == first["uid"] and moved["sequence"] == first["sequence"] + 1
    assert moved.decoded("dtstart").astimezone(UTC) == datetime.datetime(
        2026, 10, 26, 9, 30, tzinfo=UTC
    )


def test_rule_a_cancelled_session_or_booking_sends_a_calendar_cancel(session, coordinator):
    booking = _book(session, coordinator, 1)
    _book(session, coordinator, 2)
    mail.outbox.clear()
    attendance.booking_cancel(booking=booking, user=coordinator, reason="Off sick.")
    (cancelled,) = mail.outbox
    assert invite_of(cancelled)["method"] == "CANCEL"
    programme.session_cancel(session=session, user=coordinator, reason="Trainer unwell.")
    calendar = invite_of(mail.outbox[-1])
    assert calendar["method"] == "CANCEL"
    assert the_event(calendar)["status"] == "CANCELLED"


def test_rule_a_place_on_the_waiting_list_is_not_put_in_a_calendar(coordinator):
    starts = timezone.now() + datetime.timedelta(days=3)
    full = TrainingSessionFactory(
        course=CourseFactory(partnership=coordinator.partnership),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        capacity=1,
    )
    _book(full, coordinator, 1)
    mail.outbox.clear()
    _book(full, coordinator, 2)  # waits
    assert all(not invites(m) for m in mail.outbox)


def test_an_invitation_goes_without_its_file_when_the_file_cannot_be_made(monkeypatch):
    """The words of an invitation matter more than its attachment: a calendar file that
    fails (a race on its SEQUENCE, a meeting gone) is logged, and the e-mail is sent."""
    from lantern.notifications import tasks

    def broken(*args):
        raise RuntimeError("no calendar today")

    monkeypatch.setattr(tasks, "import_string", lambda path: broken)
    meeting = _meeting("rapid-review", MeetingKind.RAPID_REVIEW, "RR-2026-199")
    person = UserFactory(partnership=meeting.case.partnership)
    mail.outbox.clear()
    _invite(meeting, person)
    sent = [m for m in mail.outbox if person.email in m.to]
    assert len(sent) == 1 and invites(sent[0]) == []
    assert Notification.objects.get(to_email=person.email).sent_at is not None
