"""The status of a step: upcoming, due soon, overdue, done on time, done late (and paused)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lantern.clock.engine import Status, WorkingCalendar, step_status
from lantern.clock.models import CaseStep

DUE = date(2026, 12, 16)  # a Wednesday
LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("today", "expected", "why"),
    [
        (date(2026, 12, 1), Status.UPCOMING, "weeks away"),
        (date(2026, 12, 10), Status.UPCOMING, "Thu: 3 working days on is Tue 15, before it"),
        (date(2026, 12, 11), Status.DUE_SOON, "Fri: 3 working days on is Wed 16"),
        (date(2026, 12, 16), Status.DUE_SOON, "due today is not yet overdue"),
        (date(2026, 12, 17), Status.OVERDUE, "the day after the due date"),
    ],
)
def test_status_before_it_is_done(today, expected, why):
    """Due soon: within the next 3 working days (the default); overdue: past the due date."""
    assert step_status(due=DUE, today=today) is expected, why


def test_due_soon_counts_working_days_over_christmas():
    """Due Tue 29 Dec 2026, seen on Wed 23 Dec: 24 (1), 29 (2): due soon in working days,
    though six calendar days away."""
    assert step_status(due=date(2026, 12, 29), today=date(2026, 12, 23)) is Status.DUE_SOON
    assert (
        step_status(due=date(2026, 12, 29), today=date(2026, 12, 23), due_soon_days=1)
        is Status.UPCOMING
    )


def test_the_due_soon_window_is_configurable():
    """Due soon (configurable): 0 means only on the day; closures lengthen the window."""
    assert step_status(due=DUE, today=date(2026, 12, 15), due_soon_days=0) is Status.UPCOMING
    assert step_status(due=DUE, today=date(2026, 12, 16), due_soon_days=0) is Status.DUE_SOON
    assert step_status(due=DUE, today=date(2026, 12, 4), due_soon_days=10) is Status.DUE_SOON
    closed = WorkingCalendar.with_closures([date(2026, 12, 14)])
    assert step_status(due=DUE, today=date(2026, 12, 10), calendar=closed) is Status.DUE_SOON


@pytest.mark.parametrize(
    ("done_on", "expected"),
    [
        (date(2026, 12, 1), Status.DONE_ON_TIME),
        (DUE, Status.DONE_ON_TIME),
        (date(2026, 12, 17), Status.DONE_LATE),
    ],
)
def test_done_on_or_before_the_due_date_is_on_time(done_on, expected):
    """Done on time: on or before the due date; done late: after it, whenever today is."""
    assert step_status(due=DUE, today=date(2027, 3, 1), done_on=done_on) is expected


def test_a_paused_clock_is_neither_due_soon_nor_overdue():
    assert step_status(due=DUE, today=date(2027, 1, 5), paused=True) is Status.PAUSED
    assert (
        step_status(due=DUE, today=date(2027, 1, 5), paused=True, done_on=DUE)
        is Status.DONE_ON_TIME
    )


def test_statuses_have_govuk_tag_colours():
    """Upcoming grey, due soon yellow, overdue red, done on time green, done late orange."""
    assert {s: s.tag_class for s in Status} == {
        Status.UPCOMING: "govuk-tag--grey",
        Status.DUE_SOON: "govuk-tag--yellow",
        Status.OVERDUE: "govuk-tag--red",
        Status.DONE_ON_TIME: "govuk-tag--green",
        Status.DONE_LATE: "govuk-tag--orange",
        Status.PAUSED: "govuk-tag--purple",
    }
    assert Status.DUE_SOON.label == "Due soon"


def test_a_steps_status_moves_on_as_the_days_pass():
    """Status transitions: upcoming → due soon → overdue → done late, as time passes."""
    step = CaseStep(title="Agencies return scoping", due=DUE, start=date(2026, 12, 1))
    seen = []
    for day in (date(2026, 12, 9), date(2026, 12, 14), date(2026, 12, 16), date(2026, 12, 18)):
        with time_machine.travel(
            datetime(day.year, day.month, day.day, 9, tzinfo=LONDON), tick=False
        ):
            seen.append(step.status)
    step.done_on = date(2026, 12, 18)
    with time_machine.travel(datetime(2026, 12, 21, 9, tzinfo=LONDON), tick=False):
        seen.append(step.status)
    assert seen == [
        Status.UPCOMING,
        Status.DUE_SOON,
        Status.DUE_SOON,
        Status.OVERDUE,
        Status.DONE_LATE,
    ]


def test_the_status_uses_the_local_date_not_utc():
    """Days are London days: at 00:30 on 2 July (British Summer Time) it is still 1 July
    in UTC, yet a step due on 1 July is already overdue."""
    step = CaseStep(title="Step", due=date(2026, 7, 1), start=date(2026, 6, 1))
    with time_machine.travel(datetime(2026, 7, 2, 0, 30, tzinfo=LONDON), tick=False):
        assert step.status is Status.OVERDUE
