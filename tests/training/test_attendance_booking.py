"""Booking a place, the waiting list, cancelling and moving up (services_attendance)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.notifications.models import Notification
from lantern.training import services_attendance as attendance
from lantern.training.models import Booking, BookingStatus, CourseKind, SessionStatus
from tests.factories import AgencyFactory, PartnershipFactory, UserFactory
from tests.training.factories import BookingFactory, CourseFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    return UserFactory(roles=[Role.LD_COORDINATOR])


@pytest.fixture
def agency(coordinator):
    return AgencyFactory(partnership=coordinator.partnership, name="Northshire Police")


def _session(coordinator, *, capacity=2, kind=CourseKind.CORE, days=7, **kwargs):
    starts = timezone.now() + datetime.timedelta(days=days)
    return TrainingSessionFactory(
        course=CourseFactory(partnership=coordinator.partnership, kind=kind),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=capacity,
        **kwargs,
    )


def _person(n, agency, **changes):
    values = {
        "name": f"Person {n}",
        "email": f"person{n}@police.example.org",
        "agency": agency,
        "job_title": "Sergeant",
        "manager_name": "Mo Manager",
        "manager_email": "mo@police.example.org",
    }
    return attendance.Person(**{**values, **changes})


def _book(session, coordinator, agency, n, **changes):
    return attendance.booking_create(
        session=session, user=coordinator, person=_person(n, agency, **changes)
    )


def test_a_booking_holds_a_place_until_the_session_is_full_then_waits(coordinator, agency):
    """Rule: places are given while any are left; after that, the waiting list."""
    session = _session(coordinator, capacity=2)
    first = _book(session, coordinator, agency, 1)
    second = _book(session, coordinator, agency, 2)
    third = _book(session, coordinator, agency, 3)
    fourth = _book(session, coordinator, agency, 4)
    assert [b.status for b in (first, second, third, fourth)] == [
        BookingStatus.BOOKED,
        BookingStatus.BOOKED,
        BookingStatus.WAITING,
        BookingStatus.WAITING,
    ]
    assert attendance.places_left(session) == 0
    assert [b.pk for b in attendance.waiting_list(session)] == [third.pk, fourth.pk]
    assert attendance.waiting_position(fourth) == 2
    assert first.agency == agency and first.partnership_id == coordinator.partnership_id


def test_an_email_is_stored_in_lower_case_and_books_once(coordinator, agency):
    """Rule: one live booking per e-mail and session, whatever its case: a clear error."""
    session = _session(coordinator)
    booking = _book(session, coordinator, agency, 1, email="Jo.Bloggs@Police.Example.org ")
    assert booking.email == "jo.bloggs@police.example.org"
    with pytest.raises(ValidationError) as refused:
        _book(session, coordinator, agency, 2, email="JO.BLOGGS@police.example.org")
    assert refused.value.message_dict == {"email": ["This email address already has a booking."]}
    assert Booking.objects.filter(session=session).count() == 1


def test_someone_cancelled_may_book_again(coordinator, agency):
    session = _session(coordinator)
    booking = _book(session, coordinator, agency, 1)
    attendance.booking_cancel(booking=booking, user=coordinator, reason="Off sick")
    again = _book(session, coordinator, agency, 1)
    assert again.status == BookingStatus.BOOKED


def test_a_core_course_needs_the_managers_email_a_specialist_one_does_not(coordinator, agency):
    """Rule: the manager's survey three months after a core course needs their address."""
    core = _session(coordinator, kind=CourseKind.CORE)
    with pytest.raises(ValidationError) as refused:
        _book(core, coordinator, agency, 1, manager_email="")
    assert "manager_email" in refused.value.message_dict
    specialist = _session(coordinator, kind=CourseKind.SPECIALIST)
    assert _book(specialist, coordinator, agency, 1, manager_email="").status == "booked"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"name": "Jo\x07 Bloggs"}, "name"),
        ({"job_title": "Nurse\x00"}, "job_title"),
        ({"email": "not-an-address"}, "email"),
        ({"manager_email": "mo@"}, "manager_email"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_bad_details_are_refused_and_nothing_is_written(coordinator, agency, changes, field):
    """Rule: control characters and malformed e-mails are refused, by field."""
    session = _session(coordinator)
    with pytest.raises(ValidationError) as refused:
        _book(session, coordinator, agency, 1, **changes)
    assert field in refused.value.message_dict
    assert not Booking.objects.exists()


def test_another_partnerships_agency_or_session_is_refused(coordinator, agency):
    session = _session(coordinator)
    elsewhere = AgencyFactory(partnership=PartnershipFactory())
    with pytest.raises(ValidationError) as refused:
        _book(session, coordinator, elsewhere, 1)
    assert "agency" in refused.value.message_dict
    stranger = UserFactory(partnership=elsewhere.partnership, roles=[Role.LD_COORDINATOR])
    with pytest.raises(ValidationError):
        _book(session, stranger, None, 1)
    assert not Booking.objects.exists()


def test_no_booking_on_a_cancelled_or_finished_session(coordinator, agency):
    cancelled = _session(coordinator, status=SessionStatus.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        _book(cancelled, coordinator, agency, 1)
    finished = _session(coordinator, days=-2)
    with pytest.raises(ValidationError, match="finished"):
        _book(finished, coordinator, agency, 1)
    assert not Booking.objects.exists()


def test_a_booking_links_to_the_lantern_account_with_that_email(coordinator, agency):
    """Rule: an account is linked only when one in the partnership has the address."""
    session = _session(coordinator)
    account = UserFactory(partnership=coordinator.partnership, email="sam@police.example.org")
    booking = attendance.booking_create(
        session=session,
        user=coordinator,
        person=_person(1, agency, email="Sam@police.example.org"),
        link_account=True,
    )
    assert booking.person == account
    UserFactory(partnership=PartnershipFactory(), email="kim@police.example.org")
    with pytest.raises(ValidationError) as refused:
        attendance.booking_create(
            session=session,
            user=coordinator,
            person=_person(2, agency, email="kim@police.example.org"),
            link_account=True,
        )
    assert "link_account" in refused.value.message_dict


def test_cancelling_frees_the_place_for_the_first_waiting_who_is_emailed(coordinator, agency):
    """Rule: a cancellation moves the first on the waiting list up and tells them; the
    person whose place it was is told their booking is cancelled; nobody else is told."""
    session = _session(coordinator, capacity=1)
    booked = _book(session, coordinator, agency, 1)
    first_waiting = _book(session, coordinator, agency, 2)
    second_waiting = _book(session, coordinator, agency, 3)
    mail.outbox.clear()

    promoted = attendance.booking_cancel(booking=booked, user=coordinator, reason="  Leave  ")

    assert promoted == [first_waiting]
    booked.refresh_from_db()
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert booked.status == BookingStatus.CANCELLED
    assert booked.cancelled_reason == "Leave" and booked.cancelled_at is not None
    assert first_waiting.status == BookingStatus.BOOKED
    assert second_waiting.status == BookingStatus.WAITING
    assert [m.to for m in mail.outbox] == [[booked.email], [first_waiting.email]]
    assert "Your place on" in mail.outbox[0].body and "cancelled" in mail.outbox[0].body
    message = mail.outbox[1]
    assert session.course.title in message.subject
    assert "you now have a place" in message.body
    assert f"Dear {first_waiting.name}" in message.body
    note = Notification.objects.get(to_email=first_waiting.email)
    assert note.partnership_id == coordinator.partnership_id
    assert note.kind == "training_place_offered"


def test_leaving_the_waiting_list_moves_nobody_up(coordinator, agency):
    session = _session(coordinator, capacity=1)
    _book(session, coordinator, agency, 1)
    waiting = _book(session, coordinator, agency, 2)
    last = _book(session, coordinator, agency, 3)
    mail.outbox.clear()
    assert attendance.booking_cancel(booking=waiting, user=coordinator, reason="No") == []
    last.refresh_from_db()
    assert last.status == BookingStatus.WAITING and mail.outbox == []
    assert attendance.waiting_position(last) == 1


def test_nobody_moves_up_once_the_session_has_started(coordinator, agency):
    """Rule: a place offered after the start is of no use; nobody is e-mailed."""
    session = _session(coordinator, capacity=1, days=-0.01)  # started a quarter-hour ago
    booked = BookingFactory(session=session, status=BookingStatus.BOOKED)
    waiting = BookingFactory(session=session, status=BookingStatus.WAITING)
    assert attendance.booking_cancel(booking=booked, user=coordinator, reason="Ill") == []
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.WAITING and mail.outbox == []


def test_a_cancellation_needs_a_reason_and_a_live_booking(coordinator, agency):
    session = _session(coordinator)
    booking = _book(session, coordinator, agency, 1)
    for reason in ("", "   ", "Ill\x01"):
        with pytest.raises(ValidationError) as refused:
            attendance.booking_cancel(booking=booking, user=coordinator, reason=reason)
        assert "reason" in refused.value.message_dict
    attendance.booking_cancel(booking=booking, user=coordinator, reason="Ill")
    with pytest.raises(ValidationError, match="already cancelled"):
        attendance.booking_cancel(booking=booking, user=coordinator, reason="Ill")
    came = BookingFactory(session=session, status=BookingStatus.ATTENDED)
    with pytest.raises(ValidationError, match="register"):
        attendance.booking_cancel(booking=came, user=coordinator, reason="Ill")


def test_a_free_place_goes_to_the_waiting_list_before_a_newcomer(coordinator, agency):
    """Rule: first come, first served — a place freed (a bigger room) is offered to
    those waiting before anyone new."""
    session = _session(coordinator, capacity=1)
    _book(session, coordinator, agency, 1)
    waiting = _book(session, coordinator, agency, 2)
    session.capacity = 2
    session.save()
    newcomer = _book(session, coordinator, agency, 3)
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.BOOKED
    assert newcomer.status == BookingStatus.WAITING


def test_a_race_lost_to_the_database_constraint_is_a_message(coordinator, agency, monkeypatch):
    """Rule: when two people book the same e-mail at once, the database's constraint
    (one live booking per e-mail and session) refuses the second with a form message."""
    session = _session(coordinator)
    _book(session, coordinator, agency, 1)
    monkeypatch.setattr(attendance, "_live_booking", lambda session, email: None)
    with pytest.raises(ValidationError) as refused:
        _book(session, coordinator, agency, 1)
    assert refused.value.message_dict == {"email": ["This email address already has a booking."]}
    assert Booking.objects.filter(session=session).count() == 1
