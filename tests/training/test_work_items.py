"""My work for whoever runs training: registers to take after a session, overdue five
working days after it; core courses to quality assure once a year. One query however
many, and none for anyone else."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from lantern.training.models import CourseKind, Observation, SessionStatus
from lantern.training.work import training_work_for
from lantern.work.selectors import work_for
from tests.factories import PartnershipFactory, Role, UserFactory

from .factories import CourseFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

# Friday 4 December 2026, 15:00 in London.
NOW = datetime.datetime(2026, 12, 4, 15, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 12, 4)


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def partnership():
    return PartnershipFactory()


@pytest.fixture
def ld(partnership):
    return UserFactory(partnership=partnership, roles=[Role.LD_COORDINATOR])


def session_on(partnership, day, *, start=9, end=12, **more):
    return TrainingSessionFactory(
        course__partnership=partnership,
        course__kind=CourseKind.SPECIALIST,  # no quality-assurance item in the way
        starts_at=at(day, start),
        ends_at=at(day, end),
        **more,
    )


def observe(course, day):
    return Observation.objects.create(
        partnership_id=course.partnership_id,
        course=course,
        observed_on=day,
        observer="Sam",
        judgement="good",
        created_by=course.created_by,
    )


@time_machine.travel(NOW, tick=False)
def test_a_session_over_without_a_register_is_work_due_on_its_day(partnership, ld):
    """Ended, scheduled, no register: "Take the register", due on the session's day, on
    the register's page. Not before it ends, not once taken, not if cancelled."""
    ended = session_on(partnership, TODAY - datetime.timedelta(days=1), course__title="Neglect")
    session_on(partnership, TODAY, start=14, end=17)  # not over yet
    session_on(partnership, TODAY - datetime.timedelta(days=2), attendance_recorded_at=NOW)
    session_on(partnership, TODAY - datetime.timedelta(days=3), status=SessionStatus.CANCELLED)
    items = training_work_for(ld, TODAY)
    assert [(i.title, i.due, i.overdue, i.kind) for i in items] == [
        (
            "Take the register for Neglect, 3 December 2026",
            TODAY - datetime.timedelta(1),
            False,
            "training",
        )
    ]
    assert items[0].url == reverse("training:register", args=[ended.pk])


@time_machine.travel(NOW, tick=False)
def test_a_register_is_overdue_after_five_working_days(partnership, ld):
    """Friday 27 November plus five working days is Friday 4 December (five calendar
    days would be Wednesday 2 December): due until then, overdue from the next day."""
    session_on(partnership, datetime.date(2026, 11, 27))
    for day, overdue in ((3, False), (4, False), (5, True)):
        items = training_work_for(ld, datetime.date(2026, 12, day))
        assert [i.overdue for i in items] == [overdue], day


@time_machine.travel(NOW, tick=False)
def test_an_active_core_course_unobserved_for_a_year_is_to_quality_assure(partnership, ld):
    """Core and active, with no observation in the last twelve months: no due date.
    Specialist, retired, or observed within the year: nothing."""
    due = CourseFactory(partnership=partnership, title="Neglect")
    observe(due, TODAY - datetime.timedelta(days=400))
    observe(CourseFactory(partnership=partnership), TODAY - datetime.timedelta(days=300))
    CourseFactory(partnership=partnership, kind=CourseKind.SPECIALIST)
    CourseFactory(partnership=partnership, is_active=False)
    CourseFactory(title="Another partnership's")
    items = training_work_for(ld, TODAY)
    assert [(i.title, i.due, i.overdue) for i in items] == [("Quality assure Neglect", None, False)]
    assert items[0].url == reverse("training:course", args=[due.pk])


@time_machine.travel(NOW, tick=False)
def test_only_those_who_run_training_get_it_and_others_make_no_query(
    partnership, django_assert_num_queries
):
    CourseFactory(partnership=partnership)
    session_on(partnership, TODAY - datetime.timedelta(days=1))
    for role in (Role.BUSINESS_MANAGER, Role.BUSINESS_UNIT_OFFICER):
        manager = UserFactory(partnership=partnership, roles=[role])
        assert len(training_work_for(manager, TODAY)) == 2
    for roles in ([Role.INDEPENDENT_CHAIR], [Role.AUDITOR], []):
        reader = UserFactory(partnership=partnership, roles=roles)
        reader.role_set()  # My work has read the person's roles already
        with django_assert_num_queries(0):
            assert training_work_for(reader, TODAY) == []


@time_machine.travel(NOW, tick=False)
def test_one_query_for_two_items_or_twenty(partnership, ld, django_assert_num_queries):
    session_on(partnership, TODAY - datetime.timedelta(days=1))
    CourseFactory(partnership=partnership)
    ld.role_set()
    with django_assert_num_queries(1):
        assert len(training_work_for(ld, TODAY)) == 2
    for n in range(9):
        session_on(partnership, TODAY - datetime.timedelta(days=n + 2))
        CourseFactory(partnership=partnership)
    with django_assert_num_queries(1):
        assert len(training_work_for(ld, TODAY)) == 20


@time_machine.travel(NOW, tick=False)
def test_my_work_lists_the_training_items(partnership, ld):
    session_on(partnership, TODAY - datetime.timedelta(days=10))
    CourseFactory(partnership=partnership, title="Neglect")
    items = [i for i in work_for(ld, today=TODAY) if i.kind == "training"]
    # Overdue first, then the undated.
    assert [i.title.split(" for ")[0] for i in items] == [
        "Take the register",
        "Quality assure Neglect",
    ]
    assert items[0].overdue
