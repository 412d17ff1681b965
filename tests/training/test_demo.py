"""The demo's training programme (issue 15): a year behind and three months ahead, with
registers taken, surveys on the day, three months on and to managers partly answered, an
anonymous course, quality assurance and the last quarter's evaluation report."""

import datetime

import pytest
from django.db.models import Avg
from django.utils import timezone

from lantern.accounts.models import User
from lantern.actions.evaluation import reporting_route
from lantern.actions.models import ReportedItem
from lantern.clock.engine import add_months
from lantern.demo.services import demo_load
from lantern.partnerships.models import Partnership
from lantern.training.models import (
    Booking,
    BookingStatus,
    Course,
    CourseKind,
    EvaluationReport,
    Judgement,
    Measure,
    Observation,
    SessionStatus,
    Stage,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
    TrainingSession,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py)."""
    return Partnership.objects.get(slug="demo")


def test_the_programme_has_core_and_specialist_courses_linked_to_themes_and_actions(demo):
    """Rule: a course answers themes and, where the demo has them, actions of its reviews
    and audits (the self-neglect course the self-neglect audit's action)."""
    courses = {c.title: c for c in Course.objects.in_partnership(demo.pk)}
    assert len(courses) == 6
    assert {c.kind for c in courses.values()} == {CourseKind.CORE, CourseKind.SPECIALIST}
    assert all(c.outcomes and c.themes.exists() for c in courses.values())
    capacity = courses["Mental capacity and self-neglect"]
    assert {t.slug for t in capacity.themes.all()} >= {"mental-capacity", "self-neglect"}
    assert [a.title for a in capacity.actions.all()] == [
        "Write the self-neglect multi-agency meeting into the adults' procedures"
    ]
    assert all(a.partnership_id == demo.pk for c in courses.values() for a in c.actions.all())


def test_sessions_lie_in_the_past_year_and_the_next_three_months(demo):
    now = timezone.now()
    sessions = TrainingSession.objects.filter(partnership=demo)
    assert sessions.filter(starts_at__lt=now).count() >= 15
    assert sessions.filter(starts_at__gt=now).count() >= 4
    assert not sessions.filter(starts_at__lt=now - datetime.timedelta(days=366)).exists()
    assert not sessions.filter(starts_at__gt=now + datetime.timedelta(days=92)).exists()
    assert all(12 <= s.capacity <= 30 for s in sessions)
    cancelled = sessions.get(status=SessionStatus.CANCELLED)
    assert cancelled.cancelled_reason
    assert set(cancelled.bookings.values_list("status", flat=True)) == {BookingStatus.CANCELLED}


def test_every_past_session_but_one_has_its_register_taken(demo):
    """The one whose register is still to take ended in the last few days: nobody is
    marked attended or not on it, and nobody has been asked about it."""
    past = TrainingSession.objects.filter(
        partnership=demo, status=SessionStatus.SCHEDULED, ends_at__lt=timezone.now()
    )
    untaken = past.get(attendance_recorded_at=None)
    assert untaken.ends_at > timezone.now() - datetime.timedelta(days=7)
    assert set(untaken.bookings.values_list("status", flat=True)) <= {
        BookingStatus.BOOKED,
        BookingStatus.CANCELLED,
    }
    assert not SurveyInvitation.objects.filter(booking__session=untaken).exists()
    taken = past.exclude(pk=untaken.pk)
    attended = Booking.objects.filter(session__in=taken, status=BookingStatus.ATTENDED)
    absent = Booking.objects.filter(session__in=taken, status=BookingStatus.DID_NOT_ATTEND)
    assert attended.count() > 200 and absent.exists()
    assert not Booking.objects.filter(session__in=taken, status=BookingStatus.BOOKED).exists()


def test_bookings_come_from_the_demos_agencies_with_managers_and_waiting_lists(demo):
    bookings = Booking.objects.filter(partnership=demo)
    assert all(b.email.endswith(".example.org") for b in bookings)
    assert not bookings.filter(agency=None).exists()
    assert not bookings.exclude(agency__partnership=demo).exists()
    assert bookings.exclude(manager_email="").count() > bookings.count() * 0.8
    assert bookings.filter(status=BookingStatus.WAITING).exists()
    cancelled = bookings.filter(status=BookingStatus.CANCELLED)
    assert cancelled.exists() and not cancelled.filter(cancelled_at=None).exists()
    # Booked over the weeks before each session, not all at the moment the demo loaded.
    assert bookings.filter(booked_at__lt=timezone.now() - datetime.timedelta(days=30)).exists()


def test_on_the_day_surveys_went_to_attendees_and_most_answered(demo):
    asked = SurveyInvitation.objects.filter(partnership=demo, stage=Stage.ON_THE_DAY)
    assert set(asked.values_list("booking__status", flat=True)) == {BookingStatus.ATTENDED}
    answered = asked.exclude(answered_at=None).count()
    assert 0.7 < answered / asked.count() < 0.95
    before = SurveyAnswer.objects.filter(
        response__partnership=demo, question__measure=Measure.CONFIDENCE_BEFORE
    ).aggregate(mean=Avg("number"))["mean"]
    after = SurveyAnswer.objects.filter(
        response__partnership=demo,
        response__stage=Stage.ON_THE_DAY,
        question__measure=Measure.CONFIDENCE_AFTER,
    ).aggregate(mean=Avg("number"))["mean"]
    assert 2.3 < before < 2.9 and 3.8 < after < 4.4


def test_follow_up_surveys_went_three_months_after_core_courses_and_are_partly_answered(demo):
    """Rule (the framework): every core course is followed by a survey three months after
    completion; the demo's are partly answered, some reminded, some closed unanswered."""
    today = timezone.localdate()
    follow_ups = SurveyInvitation.objects.filter(partnership=demo, stage=Stage.FOLLOW_UP)
    assert follow_ups.exists()
    assert set(follow_ups.values_list("booking__session__course__kind", flat=True)) == {
        CourseKind.CORE
    }
    for invitation in follow_ups.select_related("booking__session"):
        ended = timezone.localdate(invitation.booking.session.ends_at)
        assert timezone.localdate(invitation.sent_at) == add_months(ended, 3)
    due = Booking.objects.filter(
        partnership=demo,
        status=BookingStatus.ATTENDED,
        session__course__kind=CourseKind.CORE,
        session__ends_at__lt=timezone.make_aware(
            datetime.datetime.combine(add_months(today, -3), datetime.time.min)
        ),
    )
    assert not due.exclude(invitations__stage=Stage.FOLLOW_UP).exists()
    answered = follow_ups.exclude(answered_at=None).count()
    assert 0.4 < answered / follow_ups.count() < 0.8
    assert follow_ups.filter(answered_at=None).exclude(reminded_at=None).exists()
    assert follow_ups.filter(answered_at=None, expires_at__lt=timezone.now()).exists()
    changed = SurveyAnswer.objects.filter(
        response__partnership=demo, question__measure=Measure.PRACTICE_CHANGE
    ).aggregate(share=Avg("number"))["share"]
    assert changed > 0.6
    examples = SurveyAnswer.objects.filter(
        response__stage=Stage.FOLLOW_UP, question__measure=Measure.EXAMPLE
    ).exclude(text="")
    assert examples.exists()


def test_managers_were_asked_and_some_answered(demo):
    managers = SurveyInvitation.objects.filter(partnership=demo, stage=Stage.MANAGER)
    assert managers.exists()
    assert all(i.email == i.booking.manager_email for i in managers.select_related("booking"))
    responses = SurveyResponse.objects.filter(partnership=demo, stage=Stage.MANAGER)
    assert 0 < responses.count() < managers.count()
    assert not responses.filter(invitation=None).exists()
    assert SurveyAnswer.objects.filter(
        response__in=responses, question__measure=Measure.OBSERVED_CHANGE, number=1
    ).exists()


def test_the_anonymous_courses_answers_keep_no_link_to_who_gave_them(demo):
    """Rule: where a course's surveys are anonymous, a response has no invitation, no
    agency and only the month it was given (as the survey service stores it); everyone
    else's response is tied to its invitation."""
    anonymous = Course.objects.get(partnership=demo, anonymous_surveys=True)
    responses = SurveyResponse.objects.filter(session__course=anonymous)
    assert responses.exists()
    assert not responses.exclude(invitation=None).exists()
    assert not responses.exclude(agency=None).exists()
    assert {r.submitted_on.day for r in responses} == {1}
    # Who was asked, and that they answered, is still known: not what they said.
    assert (
        SurveyInvitation.objects.filter(
            booking__session__course=anonymous, answered_at__isnull=False
        ).count()
        == responses.count()
    )
    others = SurveyResponse.objects.filter(partnership=demo).exclude(session__course=anonymous)
    assert not others.filter(invitation=None).exists()


def test_quality_assurance_and_the_last_quarters_report(demo):
    observations = Observation.objects.filter(partnership=demo)
    assert {o.judgement for o in observations} == {
        Judgement.GOOD,
        Judgement.REQUIRES_IMPROVEMENT,
    }
    assert observations.get(judgement=Judgement.REQUIRES_IMPROVEMENT).improvements
    # The latest: the demo's last financial year has one reported in its January too.
    report = EvaluationReport.objects.filter(partnership=demo).latest("reported_on")
    route = reporting_route(demo, ReportedItem.TRAINING)
    assert (report.reported_to_group, report.reported_to_role or "") == (
        route.group,
        "" if route.group else route.role,
    )
    today = timezone.localdate()
    assert report.period_end < report.reported_on < today
    assert report.reported_on > today - datetime.timedelta(days=125)  # recent
    assert report.period_start.day == 1 and report.period_start.month in (1, 4, 7, 10)
    assert add_months(report.period_start, 3) == report.period_end + datetime.timedelta(days=1)
    assert report.created_by.email == "ld.coordinator@example.org"
    assert "Confidence rose" in report.summary


def test_the_ld_coordinator_is_asked_to_take_the_register(demo):
    """The session whose register is still to take is on the L&D co-ordinator's My work."""
    from lantern.work.selectors import work_for

    coordinator = User.objects.get(email="ld.coordinator@example.org")
    registers = [i for i in work_for(coordinator) if i.title.startswith("Take the register")]
    assert [i.title.split(" for ")[1].split(",")[0] for i in registers] == [
        "Mental capacity and self-neglect"
    ]


def test_loading_the_demo_again_adds_no_training(demo):
    counts = (Course.objects.count(), Booking.objects.count(), SurveyResponse.objects.count())
    assert demo_load().created["training sessions"] == 0
    after = (Course.objects.count(), Booking.objects.count(), SurveyResponse.objects.count())
    assert after == counts
