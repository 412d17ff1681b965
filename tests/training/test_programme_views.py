"""The programme's pages, tried as the style guide asks: a person who runs training, one
who only reads it (the Independent Chair), a practitioner of the same partnership (404)
and a Business Manager of another partnership (404)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lantern.learning.models import Theme
from lantern.training.models import BookingStatus, Course, Observation, TrainingSession
from tests.actions.helpers import make_plan
from tests.factories import Role, UserFactory

from .factories import BookingFactory, CourseFactory, TrainingSessionFactory
from .survey_helpers import invite

pytestmark = pytest.mark.django_db


@pytest.fixture
def ld(cast):
    return UserFactory(partnership=cast.case.partnership, roles=[Role.LD_COORDINATOR])


@pytest.fixture
def chair(cast):
    return UserFactory(partnership=cast.case.partnership, roles=[Role.INDEPENDENT_CHAIR])


@pytest.fixture
def session(cast):
    start = timezone.make_aware(datetime.datetime(2030, 3, 12, 9, 30))
    return TrainingSessionFactory(
        course__partnership=cast.case.partnership,
        course__title="Neglect: seeing the child",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        capacity=12,
        venue="Council House",
    )


def page(client, user, name, *args, query=""):
    client.force_login(user)
    return client.get(reverse(name, args=args) + query)


def test_the_programme_lists_courses_and_sessions_to_come(client, ld, session):
    """Courses with kind, themes, next session and sessions; sessions to come with their
    places; the links to the rest of training; the button to add a course."""
    theme = Theme.objects.filter(partnership__isnull=True, is_active=True).first()
    session.course.themes.add(theme)
    BookingFactory.create_batch(2, session=session, status=BookingStatus.BOOKED)
    BookingFactory(session=session, status=BookingStatus.WAITING)
    html = page(client, ld, "training:programme").content.decode()
    assert "Neglect: seeing the child" in html
    assert theme.name in html
    assert "12 Mar 2030" in html  # its next session
    assert "2 of 12" in html and "1 waiting" in html
    assert "Council House" in html
    for name in ("course_new", "impact", "report", "questions", "settings"):
        assert reverse(f"training:{name}") in html
    assert reverse("training:session", args=[session.pk]) in html


def test_a_reader_sees_the_pages_without_buttons(client, chair, session):
    html = page(client, chair, "training:programme").content.decode()
    assert "Neglect: seeing the child" in html
    assert reverse("training:course_new") not in html
    assert reverse("training:impact") in html and reverse("training:questions") in html
    assert reverse("training:settings") not in html  # the timescales are the managers'
    course_html = page(client, chair, "training:course", session.course.pk).content.decode()
    assert "Add a session" not in course_html and "Record an observation" not in course_html
    session_html = page(client, chair, "training:session", session.pk).content.decode()
    assert reverse("training:session_edit", args=[session.pk]) not in session_html
    # Who is booked is for those who run training: the reader keeps the counts only.
    assert reverse("training:bookings", args=[session.pk]) not in session_html
    assert "0 of 12 booked" in session_html
    for name, pk in (
        ("course_new", None),
        ("course_edit", session.course.pk),
        ("session_new", session.course.pk),
        ("session_edit", session.pk),
        ("session_cancel", session.pk),
        ("observation_new", session.course.pk),
    ):
        args = [pk] if pk else []
        assert page(client, chair, f"training:{name}", *args).status_code == 403


@pytest.mark.parametrize("who", ["outsider", "stranger"])
def test_a_practitioner_or_another_partnership_finds_nothing(client, cast, session, who):
    """404 for a practitioner (training is not theirs to read) and for anyone of another
    partnership, on every page of the programme."""
    user = getattr(cast, who)
    course = session.course.pk
    for name, args in (
        ("course", [course]),
        ("course_edit", [course]),
        ("session_new", [course]),
        ("observation_new", [course]),
        ("session", [session.pk]),
        ("session_edit", [session.pk]),
        ("session_cancel", [session.pk]),
    ):
        assert page(client, user, f"training:{name}", *args).status_code == 404, name
    expected = 404 if who == "outsider" else 200  # the stranger reads their own programme
    assert page(client, user, "training:programme").status_code == expected


def test_a_course_is_added_through_its_form(client, cast, ld):
    plan = make_plan(cast)
    theme = Theme.objects.filter(partnership__isnull=True, is_active=True).first()
    client.force_login(ld)
    response = client.post(
        reverse("training:course_new"),
        {
            "title": "Working with families who do not engage",
            "kind": "core",
            "learning_outcomes": "Spot disguised compliance\nEscalate",
            "themes": [theme.pk],
            "actions": [plan.action.pk],
            "anonymous_surveys": "on",
            "is_active": "on",
        },
    )
    course = Course.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:course", args=[course.pk])
    assert course.anonymous_surveys and list(course.actions.all()) == [plan.action]
    html = client.get(response["Location"]).content.decode()
    assert "Spot disguised compliance" in html
    assert plan.action.title in html
    # The co-ordinator cannot open the review's action: it is named, not linked
    # (tests/training/test_programme_action_links.py).
    assert reverse("actions:action", args=[plan.action.pk]) not in html
    assert theme.name in html


def test_a_bad_course_shows_the_error_summary_and_saves_nothing(client, ld):
    client.force_login(ld)
    response = client.post(reverse("training:course_new"), {"title": "", "kind": "core"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter the course&#x27;s title." in html
    assert "Enter at least one learning outcome." in html
    assert not Course.objects.exists()


def test_a_course_changed_in_between_shows_the_conflict(client, ld, session):
    course = session.course
    client.force_login(ld)
    form = client.get(reverse("training:course_edit", args=[course.pk])).context["form"]
    data = {
        "title": "Renamed by me",
        "kind": "core",
        "learning_outcomes": course.learning_outcomes,
        "is_active": "on",
        "version": form["version"].value(),
        "seen": form["seen"].value(),
    }
    Course.objects.filter(pk=course.pk).update(title="Renamed by them", version=course.version + 1)
    response = client.post(reverse("training:course_edit", args=[course.pk]), data)
    assert response.status_code == 200
    assert "saved changes to this while you were editing it" in response.content.decode()
    assert Course.objects.get(pk=course.pk).title == "Renamed by them"


def test_a_session_is_added_with_a_date_and_times(client, ld, session):
    course = session.course
    client.force_login(ld)
    data = {
        "day_0": "14",
        "day_1": "7",
        "day_2": "2030",
        "starts": "9.30",
        "ends": "16:00",
        "trainer": "Dana Trainer",
        "mode": "online",
        "venue": "Teams: link in the invitation",
        "capacity": "30",
    }
    response = client.post(reverse("training:session_new", args=[course.pk]), data)
    added = TrainingSession.objects.exclude(pk=session.pk).get()
    assert response["Location"] == reverse("training:session", args=[added.pk])
    local = timezone.localtime(added.starts_at)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2030, 7, 14), 9, 30)
    html = client.get(response["Location"]).content.decode()
    assert "09:30 to 16:00" in html and "Online" in html and "0 of 30 booked" in html
    for name in ("bookings", "session_edit", "session_cancel"):
        assert reverse(f"training:{name}", args=[added.pk]) in html


def test_a_session_ending_before_it_starts_is_shown_against_the_end_time(client, ld, session):
    client.force_login(ld)
    data = {
        "day_0": "14",
        "day_1": "7",
        "day_2": "2030",
        "starts": "14:00",
        "ends": "13:00",
        "trainer": "Dana",
        "mode": "in_person",
        "venue": "Hall",
        "capacity": "501",
    }
    response = client.post(reverse("training:session_new", args=[session.course.pk]), data)
    form = response.context["form"]
    assert form.errors["ends"] == ["The session must end after it starts."]
    assert form.errors["capacity"] == ["The number of places must be between 1 and 500."]
    assert 'href="#id_ends"' in response.content.decode()
    assert TrainingSession.objects.count() == 1


def test_a_session_is_changed_and_cancelled(client, ld, session):
    client.force_login(ld)
    form = client.get(reverse("training:session_edit", args=[session.pk])).context["form"]
    assert form["starts"].value() == "09:30"  # local time, as typed
    assert 'value="09:30"' in str(form["starts"])
    assert 'class="govuk-input govuk-input--width-5"' in str(form["starts"])
    response = client.post(
        reverse("training:session_edit", args=[session.pk]),
        {
            "day_0": "12",
            "day_1": "3",
            "day_2": "2030",
            "starts": "10:00",
            "ends": "12:00",
            "trainer": "Another Trainer",
            "mode": "in_person",
            "venue": "Council House",
            "capacity": "12",
            "version": form["version"].value(),
            "seen": form["seen"].value(),
        },
    )
    assert response.status_code == 302
    assert TrainingSession.objects.get(pk=session.pk).trainer == "Another Trainer"
    response = client.post(reverse("training:session_cancel", args=[session.pk]), {"reason": ""})
    assert "Enter why the session is cancelled." in response.content.decode()
    client.post(reverse("training:session_cancel", args=[session.pk]), {"reason": "Venue flooded"})
    html = client.get(reverse("training:session", args=[session.pk])).content.decode()
    assert "Cancelled: Venue flooded" in html
    assert reverse("training:session_edit", args=[session.pk]) not in html
    assert client.get(reverse("training:session_edit", args=[session.pk])).status_code == 302


def test_an_observation_of_a_session_shows_on_the_session_and_course(client, ld, cast):
    past = timezone.make_aware(datetime.datetime(2026, 6, 1, 9))
    session = TrainingSessionFactory(
        course__partnership=cast.case.partnership,
        starts_at=past,
        ends_at=past + datetime.timedelta(hours=2),
    )
    client.force_login(ld)
    url = reverse("training:observation_new", args=[session.course.pk])
    form = client.get(url + f"?session={session.pk}").context["form"]
    assert form.initial["session"] == session.pk
    response = client.post(
        url,
        {
            "session": session.pk,
            "observed_on_0": "1",
            "observed_on_1": "6",
            "observed_on_2": "2026",
            "observer": "Sam Observer",
            "judgement": "requires_improvement",
            "improvements": "More time for questions",
        },
    )
    assert response["Location"] == reverse("training:session", args=[session.pk])
    assert Observation.objects.get().session == session
    for name, pk in (("training:session", session.pk), ("training:course", session.course.pk)):
        html = client.get(reverse(name, args=[pk])).content.decode()
        assert "govuk-tag--yellow" in html and "Requires improvement" in html
        assert "More time for questions" in html


def test_an_observation_names_only_a_session_of_its_course(client, ld, cast, session):
    other = CourseFactory(partnership=cast.case.partnership)
    client.force_login(ld)
    url = reverse("training:observation_new", args=[other.pk])
    assert client.get(url + f"?session={session.pk}").status_code == 404
    assert client.get(url + "?session=x1").status_code == 404
    response = client.post(
        url,
        {
            "session": session.pk,
            "observed_on_0": "1",
            "observed_on_1": "6",
            "observed_on_2": "2026",
            "observer": "Sam",
            "judgement": "good",
        },
    )
    assert "Choose a session of this course from the list." in response.content.decode()
    assert not Observation.objects.exists()


def test_the_programme_page_query_count_is_flat(client, ld, cast, django_assert_max_num_queries):
    """Courses (with the themes prefetched) and sessions with their places: a fixed
    number of queries for 1 course or 10."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("training:programme")).status_code == 200
        return len(queries)

    client.force_login(ld)
    theme = Theme.objects.filter(partnership__isnull=True).first()
    TrainingSessionFactory(course__partnership=cast.case.partnership).course.themes.add(theme)
    count()
    few = count()
    for _ in range(9):
        session = TrainingSessionFactory(course__partnership=cast.case.partnership)
        session.course.themes.add(theme)
        BookingFactory(session=session)
    assert count() == few


def test_the_register_link_shows_to_managers_once_the_session_has_started(client, ld, chair, cast):
    """The register is the managers' (the attendance pages refuse readers); the surveys
    page follows once the register is taken."""
    past = timezone.make_aware(datetime.datetime(2026, 6, 1, 9))
    session = TrainingSessionFactory(
        course__partnership=cast.case.partnership,
        starts_at=past,
        ends_at=past + datetime.timedelta(hours=2),
    )
    register = reverse("training:register", args=[session.pk])
    surveys = reverse("training:surveys", args=[session.pk])
    html = page(client, ld, "training:session", session.pk).content.decode()
    assert register in html and surveys not in html
    assert "Register to take" in html
    assert register not in page(client, chair, "training:session", session.pk).content.decode()
    session.attendance_recorded_at = timezone.now()
    session.save()
    html = page(client, chair, "training:session", session.pk).content.decode()
    assert surveys in html and "Register taken" in html


def test_a_theme_retired_since_it_was_chosen_stays_ticked_when_the_course_changes(
    client, ld, session
):
    retired = Theme.objects.create(
        partnership=session.course.partnership, slug="old", name="Old theme", is_active=False
    )
    session.course.themes.add(retired)
    client.force_login(ld)
    form = client.get(reverse("training:course_edit", args=[session.course.pk])).context["form"]
    assert retired in form.fields["themes"].queryset
    assert "Old theme" in str(form["themes"])
    assert "Old theme" not in str(
        client.get(reverse("training:course_new")).context["form"]["themes"]
    )


def _edit(client, session, **changes):
    form = client.get(reverse("training:session_edit", args=[session.pk])).context["form"]
    data = {
        "day_0": "12",
        "day_1": "3",
        "day_2": "2030",
        "starts": "09:30",
        "ends": "12:30",
        "trainer": session.trainer,
        "mode": "in_person",
        "venue": session.venue,
        "capacity": str(session.capacity),
        "version": form["version"].value(),
        "seen": form["seen"].value(),
        **changes,
    }
    return client.post(reverse("training:session_edit", args=[session.pk]), data, follow=True)


def test_more_places_on_the_page_say_who_moved_up_then_a_cancellation_who_was_told(
    client, ld, session, mailoutbox
):
    """Rule: the page says who moved up from the waiting list (they are e-mailed), and
    how many people a cancellation e-mailed; the cancel page says it will e-mail them."""
    BookingFactory.create_batch(12, session=session, status=BookingStatus.BOOKED)
    first = BookingFactory(session=session, status=BookingStatus.WAITING, name="Wyn First")
    BookingFactory(session=session, status=BookingStatus.WAITING, name="Wyn Second")
    client.force_login(ld)
    html = _edit(client, session, capacity="13").content.decode()
    assert "Moved up from the waiting list and e-mailed: Wyn First." in html
    assert [m.to for m in mailoutbox] == [[first.email]]
    page = client.get(reverse("training:session_cancel", args=[session.pk])).content.decode()
    assert "is e-mailed the reason you give here" in page
    done = client.post(
        reverse("training:session_cancel", args=[session.pk]),
        {"reason": "Venue flooded"},
        follow=True,
    ).content.decode()
    assert "14 people booked or waiting have been e-mailed and their bookings cancelled." in done
    assert not session.bookings.exclude(status=BookingStatus.CANCELLED).exists()


def test_changing_a_courses_anonymity_after_its_surveys_went_is_a_field_error(client, ld, session):
    invite(BookingFactory(session=session))
    course = session.course
    client.force_login(ld)
    form = client.get(reverse("training:course_edit", args=[course.pk])).context["form"]
    response = client.post(
        reverse("training:course_edit", args=[course.pk]),
        {
            "title": course.title,
            "kind": "core",
            "learning_outcomes": course.learning_outcomes,
            "anonymous_surveys": "on",
            "is_active": "on",
            "version": form["version"].value(),
            "seen": form["seen"].value(),
        },
    )
    assert response.status_code == 200
    assert "already been sent" in response.context["form"].errors["anonymous_surveys"][0]
    assert 'href="#id_anonymous_surveys"' in response.content.decode()
    assert Course.objects.get(pk=course.pk).anonymous_surveys is False
