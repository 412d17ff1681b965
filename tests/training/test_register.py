"""Taking the register on the page: who attended, who did not, walk-ins, and the hand-over
to the surveys (lantern.training.surveys.after_register) inside the same transaction."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.training import services_attendance as attendance
from lantern.training import surveys
from lantern.training.models import Booking, BookingStatus, SessionStatus
from tests.factories import AgencyFactory, UserFactory
from tests.training.factories import BookingFactory, CourseFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    return UserFactory(roles=[Role.LD_COORDINATOR])


@pytest.fixture
def handed_over(monkeypatch):
    """Counts the calls to after_register, and sees whether each was inside a
    transaction (it must be: the register's)."""
    from django.db import transaction

    calls: list[tuple[int, bool]] = []

    def after_register(session, *, today=None):
        calls.append((session.pk, transaction.get_connection().in_atomic_block))
        return 2

    monkeypatch.setattr(surveys, "after_register", after_register)
    return calls


def _session(coordinator, *, hours_ago=4, **kwargs):
    starts = timezone.now() - datetime.timedelta(hours=hours_ago)
    return TrainingSessionFactory(
        course=CourseFactory(partnership=coordinator.partnership),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        **kwargs,
    )


def _booked(session, n=2):
    return [BookingFactory(session=session, status=BookingStatus.BOOKED) for _ in range(n)]


def test_saving_the_register_marks_everyone_and_hands_over_to_the_surveys(coordinator, handed_over):
    """Rule: saving sets attendance_recorded_at and calls after_register in the same
    transaction."""
    session = _session(coordinator)
    came, missed = _booked(session)
    result = attendance.register_record(
        session=session, user=coordinator, marks={came.pk: True, missed.pk: False}
    )
    came.refresh_from_db()
    missed.refresh_from_db()
    session.refresh_from_db()
    assert (came.status, missed.status) == (BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND)
    assert session.attendance_recorded_at is not None
    assert handed_over == [(session.pk, True)]
    assert result == attendance.RegisterResult(1, 1, 0, 2)


def test_the_register_must_say_something_of_everyone_with_a_place(coordinator, handed_over):
    session = _session(coordinator)
    came, missed = _booked(session)
    with pytest.raises(ValidationError) as refused:
        attendance.register_record(session=session, user=coordinator, marks={came.pk: True})
    assert list(refused.value.message_dict) == [f"booking_{missed.pk}"]
    other = BookingFactory(status=BookingStatus.BOOKED)  # another session's
    with pytest.raises(ValidationError):
        attendance.register_record(
            session=session,
            user=coordinator,
            marks={came.pk: True, missed.pk: True, other.pk: True},
        )
    came.refresh_from_db()
    session.refresh_from_db()
    assert came.status == BookingStatus.BOOKED and session.attendance_recorded_at is None
    assert handed_over == []


def test_the_register_opens_when_the_session_starts(coordinator, handed_over):
    session = _session(coordinator, hours_ago=-24)
    [booking] = _booked(session, 1)
    with pytest.raises(ValidationError, match="opens when the session starts"):
        attendance.register_record(session=session, user=coordinator, marks={booking.pk: True})
    cancelled = _session(coordinator, status=SessionStatus.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        attendance.register_record(session=cancelled, user=coordinator, marks={})
    assert handed_over == []


def test_a_failure_in_the_hand_over_undoes_the_register(coordinator, monkeypatch):
    """Rule: one transaction — the register is not kept when the surveys fail."""
    session = _session(coordinator)
    [booking] = _booked(session, 1)

    def broken(session, *, today=None):
        raise RuntimeError("the survey could not be recorded")

    monkeypatch.setattr(surveys, "after_register", broken)
    with pytest.raises(RuntimeError):
        attendance.register_record(session=session, user=coordinator, marks={booking.pk: True})
    booking.refresh_from_db()
    session.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED and session.attendance_recorded_at is None


def test_a_walk_in_is_added_as_attended_and_surveyed_once_the_register_is_taken(
    coordinator, handed_over
):
    session = _session(coordinator)
    agency = AgencyFactory(partnership=coordinator.partnership)
    person = attendance.Person(
        name="Walk In", email="walk@in.example.org", agency=agency, manager_email="m@in.example.org"
    )
    first = attendance.walk_in_add(session=session, user=coordinator, person=person)
    assert first.status == BookingStatus.ATTENDED and handed_over == []  # no register yet
    with pytest.raises(ValidationError) as refused:
        attendance.walk_in_add(session=session, user=coordinator, person=person)
    assert "email" in refused.value.message_dict
    attendance.register_record(session=session, user=coordinator, marks={first.pk: True})
    later = attendance.Person(
        name="Late One", email="late@in.example.org", agency=agency, manager_email="m@x.org"
    )
    attendance.walk_in_add(session=session, user=coordinator, person=later)
    assert len(handed_over) == 2  # the register, then the late walk-in


def test_someone_waiting_who_came_is_marked_on_their_own_booking(coordinator, handed_over):
    session = _session(coordinator)
    waiting = BookingFactory(session=session, status=BookingStatus.WAITING)
    person = attendance.Person(
        name=waiting.name, email=waiting.email.upper(), manager_email=waiting.manager_email
    )
    again = attendance.walk_in_add(session=session, user=coordinator, person=person)
    assert again.pk == waiting.pk and again.status == BookingStatus.ATTENDED
    assert Booking.objects.filter(session=session).count() == 1


# The page ---------------------------------------------------------------------------


def test_the_register_page_saves_one_post_of_radios(client, coordinator, handed_over):
    session = _session(coordinator)
    came, missed = _booked(session)
    client.force_login(coordinator)
    url = reverse("training:register", args=[session.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('type="radio"') == 4 and "<legend" in body
    response = client.post(
        url, {"form": "register", f"booking_{came.pk}": "yes", f"booking_{missed.pk}": "no"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("training:bookings", args=[session.pk])
    came.refresh_from_db()
    assert came.status == BookingStatus.ATTENDED and handed_over


def test_the_register_page_shows_who_is_not_marked(client, coordinator, handed_over):
    session = _session(coordinator)
    came, missed = _booked(session)
    client.force_login(coordinator)
    response = client.post(
        reverse("training:register", args=[session.pk]),
        {"form": "register", f"booking_{came.pk}": "yes"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and f"Select whether {missed.name} attended." in body
    came.refresh_from_db()
    assert came.status == BookingStatus.BOOKED and handed_over == []


def test_the_register_page_adds_a_walk_in(client, coordinator, handed_over):
    session = _session(coordinator)
    agency = AgencyFactory(partnership=coordinator.partnership)
    client.force_login(coordinator)
    url = reverse("training:register", args=[session.pk])
    fields = {
        "form": "walk_in",
        "walk_in-name": "Pat Walker",
        "walk_in-email": "pat@example.org",
        "walk_in-agency": agency.pk,
        "walk_in-manager_email": "",
    }
    refused = client.post(url, fields)
    assert refused.status_code == 200 and "manager" in refused.content.decode()
    assert not Booking.objects.exists()
    added = client.post(url, {**fields, "walk_in-manager_email": "boss@example.org"})
    assert added.status_code == 302
    assert Booking.objects.get().status == BookingStatus.ATTENDED


def test_before_the_start_the_register_page_says_when_it_opens(client, coordinator):
    session = _session(coordinator, hours_ago=-48)
    client.force_login(coordinator)
    response = client.get(reverse("training:register", args=[session.pk]), follow=True)
    assert "The register opens when the session starts" in response.content.decode()


def test_with_the_real_surveys_each_attendee_is_asked_on_the_day(coordinator, settings):
    """The hand-over as the surveys area runs it: only those who came are asked."""
    from django.core import mail

    settings.LANTERN_BASE_URL = "https://lantern.example.org"  # the link's address

    from lantern.training.models import Stage, SurveyInvitation

    session = _session(coordinator)
    came, missed = _booked(session)
    mail.outbox.clear()
    result = attendance.register_record(
        session=session, user=coordinator, marks={came.pk: True, missed.pk: False}
    )
    assert result.surveys_sent == 1
    invitation = SurveyInvitation.objects.get()
    assert (invitation.booking, invitation.stage) == (came, Stage.ON_THE_DAY)
    assert [m.to for m in mail.outbox] == [[came.email]]
