"""The programme's services: courses, sessions, cancellations and observations are
validated whole, refuse another partnership's ids, and lose no one's edit."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantern.learning.models import Theme
from lantern.notifications.models import Notification
from lantern.training import services_attendance
from lantern.training import services_programme as services
from lantern.training.models import (
    Booking,
    BookingStatus,
    Course,
    Observation,
    SessionStatus,
    TrainingSession,
)
from lantern.web.versioning import EditConflict
from tests.actions.helpers import make_plan
from tests.factories import CaseFactory, MembershipFactory, PartnershipFactory, Role, UserFactory

from .factories import BookingFactory, CourseFactory, TrainingSessionFactory
from .survey_helpers import invite

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 4)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def ld(cast):
    return UserFactory(partnership=cast.case.partnership, roles=[Role.LD_COORDINATOR])


def course_answers(**more):
    return {
        "title": "Neglect: seeing the child",
        "kind": "core",
        "learning_outcomes": "Recognise neglect\n\n  Know when to refer  \n",
        **more,
    }


def session_answers(**more):
    day = TODAY + datetime.timedelta(days=30)
    return {
        "starts_at": at(day, 9, 30),
        "ends_at": at(day, 12, 30),
        "trainer": "Dana Trainer",
        "mode": "in_person",
        "venue": "Council House",
        "capacity": 20,
        "today": TODAY,
        **more,
    }


# Courses ----------------------------------------------------------------------------------


def test_a_course_is_made_with_its_themes_and_actions(cast, ld):
    """The course keeps one outcome a line, national and local themes, and the
    partnership's actions it answers."""
    plan = make_plan(cast)
    partnership = cast.case.partnership
    national = Theme.objects.filter(partnership__isnull=True, is_active=True).first()
    local = Theme.objects.create(partnership=partnership, slug="county-lines", name="County lines")
    course = services.course_create(
        partnership_id=partnership.pk,
        user=ld,
        themes=[national, local.pk],
        actions=[plan.action],
        **course_answers(),
    )
    assert course.learning_outcomes == "Recognise neglect\nKnow when to refer"
    assert course.outcomes == ["Recognise neglect", "Know when to refer"]
    assert set(course.themes.all()) == {national, local}
    assert list(course.actions.all()) == [plan.action]
    assert course.created_by == ld and course.partnership == partnership


def test_a_course_needs_a_title_a_kind_and_an_outcome_and_saves_nothing_without(cast, ld):
    """Every answer to fix is named at once; nothing is written."""
    with pytest.raises(ValidationError) as raised:
        services.course_create(
            partnership_id=cast.case.partnership_id,
            user=ld,
            title=" \x01 ",
            kind="optional",
            learning_outcomes="\n  \n",
        )
    assert set(raised.value.message_dict) == {"title", "kind", "learning_outcomes"}
    assert not Course.objects.exists()


def test_control_characters_are_taken_out_of_a_course(cast, ld):
    course = services.course_create(
        partnership_id=cast.case.partnership_id,
        user=ld,
        **course_answers(title="Neglect\x00 and\x0b drift", description="One\x07\ntwo"),
    )
    assert course.title == "Neglect and drift"
    assert course.description == "One\ntwo"


def test_another_partnerships_theme_or_action_is_refused(cast, ld):
    """Ids of another partnership's themes and actions are refused, whoever sends them."""
    other = PartnershipFactory()
    their_theme = Theme.objects.create(partnership=other, slug="theirs", name="Theirs")
    their_case = CaseFactory(partnership=other)
    their_member = MembershipFactory(case=their_case).person
    their_plan = make_plan(SimpleNamespace(case=their_case, member=their_member))
    with pytest.raises(ValidationError) as raised:
        services.course_create(
            partnership_id=cast.case.partnership_id,
            user=ld,
            themes=[their_theme.pk],
            actions=[their_plan.action.pk, 10**9],
            **course_answers(),
        )
    assert set(raised.value.message_dict) == {"themes", "actions"}
    assert not Course.objects.exists()


def test_a_retired_theme_cannot_be_chosen_but_an_id_that_is_no_id_is_refused(cast, ld):
    retired = Theme.objects.create(
        partnership=cast.case.partnership, slug="old", name="Old", is_active=False
    )
    for themes in ([retired.pk], ["1"], [True]):
        with pytest.raises(ValidationError) as raised:
            services.course_create(
                partnership_id=cast.case.partnership_id, user=ld, themes=themes, **course_answers()
            )
        assert "themes" in raised.value.message_dict


def test_two_courses_of_a_partnership_cannot_share_a_title(cast, ld):
    CourseFactory(partnership=cast.case.partnership, title="Neglect: Seeing the child")
    with pytest.raises(ValidationError) as raised:
        services.course_create(partnership_id=cast.case.partnership_id, user=ld, **course_answers())
    assert "title" in raised.value.message_dict
    # Another partnership's course of that title is no matter.
    other = UserFactory(roles=[Role.LD_COORDINATOR])
    services.course_create(partnership_id=other.partnership_id, user=other, **course_answers())


def test_only_those_who_run_training_in_that_partnership_make_courses(cast, ld):
    chair = UserFactory(partnership=cast.case.partnership, roles=[Role.INDEPENDENT_CHAIR])
    for user in (chair, cast.outsider, cast.stranger):
        with pytest.raises(PermissionDenied):
            services.course_create(
                partnership_id=cast.case.partnership_id, user=user, **course_answers()
            )
    # The Business Manager and Business Unit officers run it with the L&D co-ordinator.
    services.course_create(
        partnership_id=cast.case.partnership_id, user=cast.business_manager, **course_answers()
    )


def test_a_course_change_made_from_an_old_copy_is_refused_and_saves_nothing(cast, ld):
    """Two people change the same course: the second, from the older copy, changing the
    same answer differently, gets a conflict and nothing of theirs is saved."""
    course = CourseFactory(partnership=cast.case.partnership, title="First")
    seen_version = course.version
    services.course_update(
        course=Course.objects.get(pk=course.pk),
        user=ld,
        version=seen_version,
        **course_answers(title="Changed by the co-ordinator"),
    )
    stale = Course.objects.get(pk=course.pk)
    with pytest.raises(EditConflict) as raised:
        services.course_update(
            course=stale,
            user=cast.business_manager,
            version=seen_version,
            **course_answers(title="Changed by the manager", kind="specialist"),
        )
    assert {change.name for change in raised.value.changes} == {"title", "kind"}
    stored = Course.objects.get(pk=course.pk)
    assert stored.title == "Changed by the co-ordinator"
    assert stored.kind == "core"
    assert stored.version == seen_version + 1


def test_a_course_change_replaces_its_themes_and_actions(cast, ld):
    plan = make_plan(cast)
    course = CourseFactory(partnership=cast.case.partnership)
    national = list(Theme.objects.filter(partnership__isnull=True, is_active=True)[:2])
    course.themes.set([national[0]])
    services.course_update(
        course=course,
        user=ld,
        version=course.version,
        themes=[national[1]],
        actions=[plan.action],
        **course_answers(is_active=False),
    )
    course.refresh_from_db()
    assert list(course.themes.all()) == [national[1]]
    assert list(course.actions.all()) == [plan.action]
    assert course.is_active is False


# Sessions ---------------------------------------------------------------------------------


def test_a_session_is_stored_in_utc_with_its_details(cast, ld):
    course = CourseFactory(partnership=cast.case.partnership)
    session = services.session_create(course=course, user=ld, **session_answers())
    assert session.starts_at.tzinfo == datetime.UTC
    stored = TrainingSession.objects.get(pk=session.pk)
    assert timezone.localtime(stored.starts_at).time() == datetime.time(9, 30)
    assert stored.status == SessionStatus.SCHEDULED
    assert stored.partnership_id == course.partnership_id


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": at(TODAY + datetime.timedelta(days=30), 9, 0)}, "ends_at"),
        ({"ends_at": at(TODAY + datetime.timedelta(days=31), 12, 0)}, "ends_at"),
        (
            {"starts_at": at(datetime.date(1999, 12, 31), 9), "ends_at": at(TODAY, 10)},
            "starts_at",
        ),
        (
            {
                "starts_at": at(datetime.date(2031, 12, 5), 9),
                "ends_at": at(datetime.date(2031, 12, 5), 10),
            },
            "starts_at",
        ),
        ({"starts_at": datetime.datetime(2027, 1, 1, 9)}, "starts_at"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": 501}, "capacity"),
        ({"capacity": True}, "capacity"),
        ({"trainer": " \x02 "}, "trainer"),
        ({"venue": ""}, "venue"),
        ({"mode": "hybrid"}, "mode"),
    ],
)
def test_a_session_that_cannot_be_is_refused(cast, ld, change, field):
    """Ends after it starts, on the same day; dates from 2000 to five years ahead;
    1 to 500 places; a trainer, a venue (or how to join) and a mode."""
    course = CourseFactory(partnership=cast.case.partnership)
    with pytest.raises(ValidationError) as raised:
        services.session_create(course=course, user=ld, **session_answers(**change))
    assert field in raised.value.message_dict
    assert not TrainingSession.objects.exists()


def test_five_years_ahead_is_the_last_day_a_session_may_be_planned(cast, ld):
    course = CourseFactory(partnership=cast.case.partnership)
    last = datetime.date(2031, 12, 4)
    services.session_create(
        course=course, user=ld, **session_answers(starts_at=at(last, 9), ends_at=at(last, 10))
    )
    assert services.latest_session_day(datetime.date(2028, 2, 29)) == datetime.date(2033, 2, 28)


def test_a_course_no_longer_run_takes_no_new_session(cast, ld):
    course = CourseFactory(partnership=cast.case.partnership, is_active=False)
    with pytest.raises(ValidationError):
        services.session_create(course=course, user=ld, **session_answers())


def test_a_session_cannot_shrink_below_the_places_held(cast, ld):
    """Places held (booked, attended or not) cannot be taken away by a change; the
    waiting list and cancellations hold none."""
    session = TrainingSessionFactory(course__partnership=cast.case.partnership, capacity=5)
    BookingFactory.create_batch(3, session=session, status=BookingStatus.BOOKED)
    BookingFactory(session=session, status=BookingStatus.WAITING)
    BookingFactory(session=session, status=BookingStatus.CANCELLED)
    with pytest.raises(ValidationError) as raised:
        services.session_update(
            session=session, user=ld, version=session.version, **session_answers(capacity=2)
        )
    assert "at least 3" in raised.value.message_dict["capacity"][0]
    services.session_update(
        session=session, user=ld, version=session.version, **session_answers(capacity=3)
    )
    assert TrainingSession.objects.get(pk=session.pk).capacity == 3


def test_a_session_change_from_an_old_copy_is_refused(cast, ld):
    session = TrainingSessionFactory(course__partnership=cast.case.partnership)
    version = session.version
    services.session_update(
        session=TrainingSession.objects.get(pk=session.pk),
        user=ld,
        version=version,
        **session_answers(trainer="First trainer"),
    )
    with pytest.raises(EditConflict):
        services.session_update(
            session=TrainingSession.objects.get(pk=session.pk),
            user=ld,
            version=version,
            **session_answers(trainer="Second trainer"),
        )
    assert TrainingSession.objects.get(pk=session.pk).trainer == "First trainer"


def test_a_session_is_cancelled_with_a_reason_once_and_never_after_its_register(cast, ld):
    session = TrainingSessionFactory(course__partnership=cast.case.partnership)
    with pytest.raises(ValidationError) as raised:
        services.session_cancel(session=session, user=ld, reason="  ")
    assert "reason" in raised.value.message_dict
    services.session_cancel(session=session, user=ld, reason="Trainer unwell")
    stored = TrainingSession.objects.get(pk=session.pk)
    assert (stored.status, stored.cancelled_reason) == ("cancelled", "Trainer unwell")
    with pytest.raises(ValidationError):
        services.session_cancel(session=stored, user=ld, reason="Again")
    with pytest.raises(ValidationError):
        services.session_update(
            session=stored, user=ld, version=stored.version, **session_answers()
        )
    held = TrainingSessionFactory(
        course__partnership=cast.case.partnership, attendance_recorded_at=timezone.now()
    )
    with pytest.raises(ValidationError):
        services.session_cancel(session=held, user=ld, reason="Too late")
    assert TrainingSession.objects.get(pk=held.pk).status == SessionStatus.SCHEDULED


def test_another_partnerships_manager_cannot_change_a_session(cast):
    session = TrainingSessionFactory(course__partnership=cast.case.partnership)
    with pytest.raises(PermissionDenied):
        services.session_cancel(session=session, user=cast.stranger, reason="Not mine")


# Observations -----------------------------------------------------------------------------


def test_an_observation_of_a_session_of_the_course(cast, ld):
    session = TrainingSessionFactory(
        course__partnership=cast.case.partnership, starts_at=at(TODAY, 9), ends_at=at(TODAY, 12)
    )
    observation = services.observation_create(
        course=session.course,
        session=session,
        user=ld,
        observed_on=TODAY,
        observer=" Sam Observer, QA&P chair ",
        judgement="good",
        strengths="Clear\x00 cases",
        today=TODAY,
    )
    assert observation.observer == "Sam Observer, QA&P chair"
    assert observation.strengths == "Clear cases"
    assert observation.partnership_id == cast.case.partnership_id


def test_an_observation_cannot_be_of_the_future_or_of_another_course(cast, ld):
    """Observed not after today, not before the session, of a session of this course
    that was not cancelled, with a judgement from the list."""
    course = CourseFactory(partnership=cast.case.partnership)
    other = TrainingSessionFactory(course__partnership=cast.case.partnership)
    theirs = TrainingSessionFactory()
    for session in (other, theirs):
        with pytest.raises(ValidationError) as raised:
            services.observation_create(
                course=course,
                session=session,
                user=ld,
                observed_on=TODAY,
                observer="Sam",
                judgement="good",
                today=TODAY,
            )
        assert "session" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.observation_create(
            course=course,
            user=ld,
            observed_on=TODAY + datetime.timedelta(days=1),
            observer="",
            judgement="excellent",
            today=TODAY,
        )
    assert set(raised.value.message_dict) == {"observed_on", "observer", "judgement"}
    later = TrainingSessionFactory(
        course=course,
        starts_at=at(TODAY, 9),
        ends_at=at(TODAY, 12),
    )
    with pytest.raises(ValidationError) as raised:
        services.observation_create(
            course=course,
            session=later,
            user=ld,
            observed_on=TODAY - datetime.timedelta(days=1),
            observer="Sam",
            judgement="good",
            today=TODAY,
        )
    assert "observed_on" in raised.value.message_dict
    assert not Observation.objects.exists()


# Review fixes (issue 15): anonymity kept, places given out, a cancellation told ----------


def _future_session(cast, *, capacity):
    starts = timezone.now() + datetime.timedelta(days=10)
    return TrainingSessionFactory(
        course__partnership=cast.case.partnership,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=capacity,
    )


@pytest.mark.parametrize("was_anonymous", [True, False])
def test_anonymity_cannot_change_once_a_survey_of_the_course_was_sent(cast, ld, was_anonymous):
    """Rule: each survey sent said whether its answers could be traced; once one has gone,
    the course keeps that promise (a field error, nothing saved). Other changes still go."""
    course = CourseFactory(
        partnership=cast.case.partnership, title="First", anonymous_surveys=was_anonymous
    )
    booking = BookingFactory(session__course=course)
    # Before any survey the choice is free.
    services.course_update(
        course=course, user=ld, **course_answers(anonymous_surveys=not was_anonymous)
    )
    services.course_update(
        course=course, user=ld, **course_answers(anonymous_surveys=was_anonymous)
    )
    invite(booking)
    with pytest.raises(ValidationError) as raised:
        services.course_update(
            course=Course.objects.get(pk=course.pk),
            user=ld,
            **course_answers(title="Renamed", anonymous_surveys=not was_anonymous),
        )
    message = raised.value.message_dict["anonymous_surveys"][0]
    assert "already been sent" in message
    assert ("saying the answers are anonymous" in message) is was_anonymous
    stored = Course.objects.get(pk=course.pk)
    assert (stored.anonymous_surveys, stored.title) == (was_anonymous, "Neglect: seeing the child")
    services.course_update(
        course=stored, user=ld, **course_answers(title="Renamed", anonymous_surveys=was_anonymous)
    )
    assert Course.objects.get(pk=course.pk).title == "Renamed"


def test_more_places_move_the_waiting_list_up_in_order_and_email_them(cast, ld, mailoutbox):
    """Rule: places added to a session go to the waiting list first, in order, each person
    moved up e-mailed, as when a booking is cancelled; nobody else is moved or told. (Only
    the places change: a new time or place would tell everyone booked, see
    tests/calendars/test_invitations.py.)"""
    session = _future_session(cast, capacity=2)
    BookingFactory.create_batch(2, session=session, status=BookingStatus.BOOKED)
    waiting = [BookingFactory(session=session, status=BookingStatus.WAITING) for _ in range(3)]
    moved = services.session_update(
        session=session,
        user=ld,
        version=session.version,
        **session_answers(
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            venue=session.venue,
            capacity=4,
            today=None,
        ),
    )
    assert moved == waiting[:2]
    statuses = [Booking.objects.get(pk=b.pk).status for b in waiting]
    assert statuses == [BookingStatus.BOOKED, BookingStatus.BOOKED, BookingStatus.WAITING]
    assert sorted(m.to[0] for m in mailoutbox) == sorted(b.email for b in waiting[:2])
    assert all("you now have a place" in m.body for m in mailoutbox)
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {"training_place_offered"}
    assert TrainingSession.objects.get(pk=session.pk).capacity == 4


def test_a_session_change_and_a_booking_lock_the_session_row(cast, ld):
    """Rule: the places held are counted and given out under the session's lock, which a
    booking takes too, so two at once cannot both take the last place (PostgreSQL: SQLite
    locks the whole database instead)."""
    if not connection.features.has_select_for_update:
        pytest.skip("SQLite has no row locks")
    session = _future_session(cast, capacity=2)
    day = timezone.localtime(session.starts_at).date()
    answers = session_answers(starts_at=at(day, 9, 30), ends_at=at(day, 12, 30), today=None)
    with CaptureQueriesContext(connection) as change:
        services.session_update(session=session, user=ld, version=session.version, **answers)
    with CaptureQueriesContext(connection) as booking:
        services_attendance.booking_create(
            session=session,
            user=ld,
            person=services_attendance.Person(name="Jo", email="jo@x.org", manager_email="m@x.org"),
        )
    locks = re.compile(r'FROM "training_trainingsession".* FOR UPDATE')
    for queries in (change, booking):
        assert any(locks.search(q["sql"]) for q in queries.captured_queries)


def test_cancelling_a_session_emails_each_person_booked_or_waiting_and_cancels_them(
    cast, ld, mailoutbox
):
    """Rule: everyone booked or waiting is e-mailed (one message each: the course, the date
    and the reason, nobody else's details) and their booking cancelled with the session's
    reason; a booking cancelled before keeps its own reason; no register can then be
    taken."""
    session = _future_session(cast, capacity=2)
    session.course.title = "Neglect: seeing the child"
    session.course.save()
    booked = [
        BookingFactory(session=session, status=BookingStatus.BOOKED, name=name)
        for name in ("Ann Able", "Ben Bell")
    ]
    waiting = BookingFactory(session=session, status=BookingStatus.WAITING, name="Cy Cole")
    earlier = BookingFactory(
        session=session,
        status=BookingStatus.CANCELLED,
        cancelled_reason="Moved job",
        name="Di Dale",
    )
    elsewhere = BookingFactory(
        session=_future_session(cast, capacity=5), status=BookingStatus.BOOKED, name="Ed Eve"
    )
    told = services.session_cancel(session=session, user=ld, reason="Trainer unwell")
    people = [*booked, waiting]
    assert sorted(b.pk for b in told) == sorted(b.pk for b in people)
    for person in people:
        person.refresh_from_db()
        assert person.status == BookingStatus.CANCELLED
        assert person.cancelled_reason == "Trainer unwell" and person.cancelled_at is not None
    earlier.refresh_from_db()
    elsewhere.refresh_from_db()
    assert earlier.cancelled_reason == "Moved job"
    assert elsewhere.status == BookingStatus.BOOKED
    assert sorted(m.to for m in mailoutbox) == sorted([p.email] for p in people)
    day = f"{timezone.localtime(session.starts_at):%-d %B %Y}"
    for message in mailoutbox:
        (reader,) = [p for p in people if [p.email] == message.to]
        assert "Neglect: seeing the child" in message.subject and day in message.subject
        assert f"Dear {reader.name}," in message.body
        assert "Trainer unwell" in message.body and day in message.body
        for other in [*people, earlier, elsewhere]:
            if other != reader:
                assert other.name not in message.body and other.email not in message.body
    assert "waiting list" in next(m.body for m in mailoutbox if m.to == [waiting.email])
    notes = Notification.objects.filter(kind="training_session_cancelled")
    assert notes.count() == 3
    assert set(notes.values_list("partnership_id", flat=True)) == {session.partnership_id}
    stored = TrainingSession.objects.get(pk=session.pk)
    stored.starts_at = timezone.now() - datetime.timedelta(hours=1)  # as if it had begun
    stored.save()
    with pytest.raises(ValidationError, match="cancelled"):
        services_attendance.register_record(session=stored, user=ld, marks={})


def test_a_refused_cancellation_tells_nobody(cast, ld, mailoutbox):
    held = TrainingSessionFactory(
        course__partnership=cast.case.partnership, attendance_recorded_at=timezone.now()
    )
    BookingFactory(session=held, status=BookingStatus.BOOKED)
    with pytest.raises(ValidationError):
        services.session_cancel(session=held, user=ld, reason="Too late")
    assert mailoutbox == [] and not Notification.objects.exists()
    assert Booking.objects.get(session=held).status == BookingStatus.BOOKED
