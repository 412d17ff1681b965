"""Found on a walk: due dates and planned dates were accepted on a Saturday.

The rule: a due date or a planned date falls on a working day. One check in the clock,
`working_day_problem`, refuses a weekend, a bank holiday or the partnership's closure
day, naming the next working day; the services that take such dates call it."""

from datetime import date

import pytest

from lantern.clock.engine import ENGLAND
from lantern.clock.models import ClosureDay
from lantern.clock.working import partnership_working_day_problem, working_day_problem
from tests.factories import PartnershipFactory


def test_a_saturday_is_refused_naming_the_next_working_day():
    assert working_day_problem(date(2026, 12, 19)) == (
        "19 December 2026 is a Saturday: choose a working day, such as Monday 21 December 2026."
    )


def test_a_sunday_is_refused_naming_the_monday():
    assert working_day_problem(date(2027, 1, 3)) == (
        "3 January 2027 is a Sunday: choose a working day, such as Monday 4 January 2027."
    )


def test_a_bank_holiday_is_refused_naming_the_next_working_day_past_the_holidays():
    # Christmas Day 2026 is a Friday; Boxing Day's substitute is Monday 28 December.
    assert working_day_problem(date(2026, 12, 25)) == (
        "25 December 2026 is a bank holiday: choose a working day, "
        "such as Tuesday 29 December 2026."
    )


@pytest.mark.parametrize("day", [date(2026, 12, 21), date(2026, 12, 3), date(2027, 1, 29)])
def test_a_working_day_has_no_problem(day):
    assert ENGLAND.is_working_day(day)
    assert working_day_problem(day) == ""


@pytest.mark.django_db
def test_a_partnerships_closure_day_is_refused_on_its_calendar_only():
    partnership = PartnershipFactory()
    ClosureDay.objects.create(partnership=partnership, date=date(2026, 12, 24), reason="Move")
    assert partnership_working_day_problem(partnership.pk, date(2026, 12, 24)) == (
        "24 December 2026 is a closure day: choose a working day, such as Tuesday 29 December 2026."
    )
    assert partnership_working_day_problem(PartnershipFactory().pk, date(2026, 12, 24)) == ""
