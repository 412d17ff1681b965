"""The attendance pages: who may see and change them, and what they show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.actions.evaluation import evaluation_route_set
from lantern.actions.models import ReportedItem
from lantern.partnerships.models import GroupKind
from lantern.training.models import Booking, BookingStatus, SessionStatus
from tests.factories import AgencyFactory, GroupFactory, PartnershipFactory, UserFactory
from tests.training.factories import BookingFactory, CourseFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


class Cast:
    def __init__(self) -> None:
        partnership = PartnershipFactory()
        self.coordinator = UserFactory(partnership=partnership, roles=[Role.LD_COORDINATOR])
        self.business_manager = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
        self.officer = UserFactory(partnership=partnership, roles=[Role.BUSINESS_UNIT_OFFICER])
        self.reader = UserFactory(partnership=partnership, roles=[Role.AUDITOR])
        self.outsider = UserFactory(partnership=partnership)
        self.stranger = UserFactory(partnership=PartnershipFactory(), roles=[Role.LD_COORDINATOR])
        self.agency = AgencyFactory(partnership=partnership, name="Northshire Police")
        starts = timezone.now() - datetime.timedelta(hours=1)
        self.session = TrainingSessionFactory(
            course=CourseFactory(partnership=partnership),
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3),
            capacity=2,
        )
        self.booking = BookingFactory(
            session=self.session,
            status=BookingStatus.BOOKED,
            agency=self.agency,
            job_title="Health visitor",
        )


@pytest.fixture
def cast(db) -> Cast:
    return Cast()


def _urls(cast):
    session, booking = cast.session.pk, cast.booking.pk
    return [
        reverse("training:booking_new", args=[session]),
        reverse("training:booking_cancel", args=[booking]),
        reverse("training:register", args=[session]),
        reverse("training:register_import", args=[session]),
        reverse("training:register_template", args=[session]),
    ]


def test_managers_see_the_people_with_every_button(client, cast):
    """Rule: the L&D co-ordinator, Business Manager and Business Unit officers manage."""
    for person in (cast.coordinator, cast.business_manager, cast.officer):
        client.force_login(person)
        page = client.get(reverse("training:bookings", args=[cast.session.pk]))
        assert page.status_code == 200
        body = page.content.decode()
        for button in ("Book a place", "Take the register", "Import a register", "Cancel"):
            assert button in body
        assert cast.booking.name in body and "Northshire Police" in body
        assert "Health visitor" in body and cast.booking.manager_email in body
        for url in _urls(cast):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["reader", "chair", "group_member"])
def test_a_reader_may_not_see_the_people_nor_change_anything(client, cast, who):
    """Rule: practitioners' names, e-mail addresses, managers and who did not attend are
    for those who run training only. A reader (the auditor, the Independent Chair, a
    member of the group the evaluation table routes training to) gets 403 on the people
    page as on every other attendance page; the session's page keeps the counts for them,
    without the link."""
    if who == "chair":
        user = UserFactory(partnership=cast.session.partnership, roles=[Role.INDEPENDENT_CHAIR])
    elif who == "group_member":
        user = _routed_group_member(cast)
    else:
        user = cast.reader
    client.force_login(user)
    page = client.get(reverse("training:bookings", args=[cast.session.pk]))
    assert page.status_code == 403
    assert cast.booking.name not in page.content.decode()
    session_page = client.get(reverse("training:session", args=[cast.session.pk]))
    assert session_page.status_code == 200
    body = session_page.content.decode()
    assert reverse("training:bookings", args=[cast.session.pk]) not in body
    assert "1 of 2 booked" in body
    assert cast.booking.name not in body and cast.booking.email not in body
    for url in _urls(cast):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"reason": "x"}).status_code == 403, url
    cast.booking.refresh_from_db()
    assert cast.booking.status == BookingStatus.BOOKED


def _routed_group_member(cast):
    """A member of the group the evaluation table routes training to (a reader)."""
    partnership = cast.session.partnership
    group = GroupFactory(partnership=partnership, kind=GroupKind.QAP)
    evaluation_route_set(
        partnership=partnership,
        user=cast.business_manager,
        routes={ReportedItem.TRAINING: group},
    )
    return UserFactory(partnership=partnership, roles=[(Role.GROUP_MEMBER, group)])


@pytest.mark.parametrize("who", ["outsider", "stranger"])
def test_others_find_nothing(client, cast, who):
    """Rule: someone who may not read training, or another partnership's co-ordinator,
    gets 404 for every attendance page of this partnership."""
    client.force_login(getattr(cast, who))
    for url in [reverse("training:bookings", args=[cast.session.pk]), *_urls(cast)]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "x"}).status_code == 404, url
    cast.booking.refresh_from_db()
    assert cast.booking.status == BookingStatus.BOOKED


def _future(cast, capacity=1):
    starts = timezone.now() + datetime.timedelta(days=3)
    return TrainingSessionFactory(
        course=cast.session.course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        capacity=capacity,
    )


def _form(cast, n, **changes):
    return {
        "name": f"Person {n}",
        "email": f"p{n}@police.example.org",
        "agency": cast.agency.pk,
        "job_title": "",
        "manager_name": "Mo",
        "manager_email": "mo@police.example.org",
        **changes,
    }


def test_booking_on_the_page_then_the_waiting_list(client, cast):
    session = _future(cast, capacity=1)
    client.force_login(cast.coordinator)
    url = reverse("training:booking_new", args=[session.pk])
    first = client.post(url, _form(cast, 1), follow=True)
    assert "Person 1 has a place." in first.content.decode()
    second = client.post(url, _form(cast, 2), follow=True)
    body = second.content.decode()
    assert "The session is full: Person 2 is on the waiting list (number 1)" in body
    assert "Waiting list, in order" in body and "None: the session is full, 1 waiting" in body
    assert Booking.objects.get(email="p2@police.example.org").status == BookingStatus.WAITING


def test_a_second_booking_with_an_email_is_a_form_error_not_a_500(client, cast):
    session = _future(cast, capacity=5)
    client.force_login(cast.coordinator)
    url = reverse("training:booking_new", args=[session.pk])
    client.post(url, _form(cast, 1))
    again = client.post(url, _form(cast, 9, email="P1@police.example.org"))
    assert again.status_code == 200
    body = again.content.decode()
    assert "govuk-error-summary" in body and "This email address already has a booking." in body
    assert Booking.objects.filter(session=session).count() == 1


def test_the_booking_form_refuses_bad_input(client, cast):
    session = _future(cast)
    client.force_login(cast.coordinator)
    url = reverse("training:booking_new", args=[session.pk])
    other_agency = AgencyFactory(partnership=cast.stranger.partnership)
    for changes in (
        {"email": "nope"},
        {"name": "Jo\x00"},
        {"agency": other_agency.pk},
        {"manager_email": ""},  # a core course
    ):
        response = client.post(url, _form(cast, 1, **changes))
        assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not Booking.objects.filter(session=session).exists()


def test_no_booking_button_or_booking_on_a_cancelled_session(client, cast):
    session = _future(cast)
    session.status = SessionStatus.CANCELLED
    session.save()
    client.force_login(cast.coordinator)
    page = client.get(reverse("training:bookings", args=[session.pk])).content.decode()
    assert "Book a place" not in page and "was cancelled" in page
    response = client.post(reverse("training:booking_new", args=[session.pk]), _form(cast, 1))
    assert response.status_code == 200 and "The session was cancelled." in response.content.decode()
    assert not Booking.objects.filter(session=session).exists()


def test_cancelling_on_the_page_needs_a_reason_and_moves_the_first_waiting_up(client, cast):
    session = _future(cast, capacity=1)
    booked = BookingFactory(session=session, status=BookingStatus.BOOKED)
    waiting = BookingFactory(session=session, status=BookingStatus.WAITING)
    client.force_login(cast.coordinator)
    url = reverse("training:booking_cancel", args=[booked.pk])
    assert (
        "Enter why the booking is cancelled." in client.post(url, {"reason": ""}).content.decode()
    )
    done = client.post(url, {"reason": "Moved job"}, follow=True).content.decode()
    assert f"{waiting.name} moved up from the waiting list and has been e-mailed." in done
    assert "Moved job" in done  # the cancelled table, with its reason
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.BOOKED


def test_the_people_page_reads_in_a_fixed_number_of_queries(
    client, cast, django_assert_max_num_queries
):
    """The people page does not read each booking's agency one by one."""
    client.force_login(cast.coordinator)
    url = reverse("training:bookings", args=[cast.session.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(12):
        BookingFactory(
            session=cast.session,
            status=[BookingStatus.BOOKED, BookingStatus.WAITING, BookingStatus.CANCELLED][n % 3],
            agency=AgencyFactory(partnership=cast.session.partnership),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
