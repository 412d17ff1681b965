"""Shared by the impact and report tests: a partnership's year of training built row by
row, so each figure can be checked against the rows it counts."""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from lantern.accounts.models import Role
from lantern.learning.models import Theme
from lantern.training.models import (
    BookingStatus,
    Judgement,
    Observation,
    SessionStatus,
    Stage,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from lantern.training.questions import ensure_standard_questions
from tests.factories import AgencyFactory, PartnershipFactory, UserFactory

from .factories import BookingFactory, CourseFactory, TrainingSessionFactory


def days_ago(n: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=n)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def session_on(course: Any, n_days_ago: int, **extra: Any) -> Any:
    starts = days_ago(n_days_ago)
    return TrainingSessionFactory(
        course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), **extra
    )


def invite(booking: Any, stage: str, *, answered: bool) -> SurveyInvitation:
    now = timezone.now()
    return SurveyInvitation.objects.create(
        partnership_id=booking.partnership_id,
        booking=booking,
        stage=stage,
        email=booking.manager_email if stage == Stage.MANAGER else booking.email,
        key_hash=uuid.uuid4().hex,
        sent_at=now,
        expires_at=now + datetime.timedelta(days=28),
        answered_at=now if answered else None,
    )


def question(partnership_id: int, stage: str, measure: str) -> SurveyQuestion:
    ensure_standard_questions(partnership_id)
    return SurveyQuestion.objects.get(
        partnership_id=partnership_id, course=None, stage=stage, measure=measure
    )


def respond(
    session: Any,
    stage: str,
    answers: dict[str, int | str],
    *,
    invitation: SurveyInvitation | None = None,
    agency: Any = None,
) -> SurveyResponse:
    """A response to the stage's standard questions: {measure: number or text}. With no
    invitation it is an anonymous one (the course's surveys are anonymous)."""
    response = SurveyResponse.objects.create(
        partnership_id=session.partnership_id,
        session=session,
        stage=stage,
        invitation=invitation,
        agency=agency,
        submitted_on=timezone.localdate(),
    )
    for measure, value in answers.items():
        SurveyAnswer.objects.create(
            response=response,
            question=question(session.partnership_id, stage, measure),
            number=value if isinstance(value, int) else None,
            text=value if isinstance(value, str) else "",
        )
    return response


@dataclass
class Year:
    """Two courses (A under one theme, B under two) with sessions in the last twelve
    months, one session before them, one cancelled, and another partnership's course."""

    partnership: Any
    coordinator: Any
    police: Any
    council: Any
    theme_one: Theme
    theme_two: Theme
    course_a: Any
    course_b: Any
    a1: Any  # 40 days ago
    a2: Any  # 200 days ago
    b1: Any  # 100 days ago
    old: Any  # 400 days ago, course A
    cancelled: Any  # 30 days ago, course B
    elsewhere: Any  # another partnership's session, 40 days ago


def build_year() -> Year:
    partnership = PartnershipFactory()
    coordinator = UserFactory(partnership=partnership, roles=[Role.LD_COORDINATOR])
    police = AgencyFactory(partnership=partnership, name="Demoshire Police")
    council = AgencyFactory(partnership=partnership, name="Demoshire Council")
    theme_one = Theme.objects.create(partnership=partnership, slug="neglect", name="Neglect")
    theme_two = Theme.objects.create(partnership=partnership, slug="mca", name="Mental capacity")
    course_a = CourseFactory(
        partnership=partnership, title="A neglect course", created_by=coordinator
    )
    course_a.themes.set([theme_one])
    course_b = CourseFactory(
        partnership=partnership, title="B capacity course", created_by=coordinator
    )
    course_b.themes.set([theme_one, theme_two])
    other = PartnershipFactory()
    elsewhere = session_on(CourseFactory(partnership=other, title="Elsewhere"), 40)
    return Year(
        partnership=partnership,
        coordinator=coordinator,
        police=police,
        council=council,
        theme_one=theme_one,
        theme_two=theme_two,
        course_a=course_a,
        course_b=course_b,
        a1=session_on(course_a, 40),
        a2=session_on(course_a, 200),
        b1=session_on(course_b, 100),
        old=session_on(course_a, 400),
        cancelled=session_on(course_b, 30, status=SessionStatus.CANCELLED),
        elsewhere=elsewhere,
    )


def book(session: Any, status: str = BookingStatus.ATTENDED, agency: Any = None, **extra: Any):
    return BookingFactory(session=session, status=status, agency=agency, **extra)


def observe(course: Any, judgement: str = Judgement.GOOD, n_days_ago: int = 10, **extra: Any):
    return Observation.objects.create(
        partnership_id=course.partnership_id,
        course=course,
        observed_on=timezone.localdate() - datetime.timedelta(days=n_days_ago),
        observer="Lee Observer",
        judgement=judgement,
        created_by=course.created_by,
        **extra,
    )
