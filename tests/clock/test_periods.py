"""Calendar periods (weeks, months) and back-scheduling, on known dates."""

from datetime import date

import pytest

from lantern.clock.engine import ENGLAND, Period, Unit, add_months, after, before

MONTH = Period(1, Unit.MONTHS)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),  # not a leap year
        (date(2027, 1, 31), date(2027, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),  # leap years
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 3, 31), date(2026, 4, 30)),  # 30-day month
        (date(2026, 12, 15), date(2027, 1, 15)),  # into the next year
    ],
)
def test_one_month_later_by_calendar_arithmetic(start, expected):
    """Months by calendar arithmetic: 31 Jan + 1 month = 28 Feb, or 29 Feb in a leap year."""
    assert add_months(start, 1) == expected


def test_months_back_and_across_years():
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 15), -2) == date(2025, 11, 15)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("start", "expected", "how"),
    [
        (date(2026, 1, 31), date(2026, 3, 2), "28 Feb 2026 is a Saturday → Monday 2 March"),
        (date(2027, 1, 31), date(2027, 3, 1), "28 Feb 2027 is a Sunday → Monday 1 March"),
        (date(2024, 1, 31), date(2024, 2, 29), "29 Feb 2024 is a Thursday: it stands"),
        (date(2028, 1, 31), date(2028, 2, 29), "29 Feb 2028 is a Tuesday: it stands"),
    ],
)
def test_a_month_after_31_january_as_a_due_date(start, expected, how):
    """A due date that falls on a non-working day moves forward to the next working day."""
    assert after(start, MONTH, ENGLAND) == expected, how


def test_six_months_that_land_on_a_sunday_move_to_monday():
    # 31 Aug 2026 + 6 months = 28 Feb 2027 (clamped), a Sunday → Monday 1 March 2027.
    assert after(date(2026, 8, 31), Period(6, Unit.MONTHS), ENGLAND) == date(2027, 3, 1)


def test_weeks_after_that_land_on_a_bank_holiday_move_forward():
    # Mon 27 Apr 2026 + 1 week = Mon 4 May, the Early May bank holiday → Tue 5 May.
    assert after(date(2026, 4, 27), Period(1, Unit.WEEKS), ENGLAND) == date(2026, 5, 5)


def test_back_scheduling_that_lands_on_a_weekend_moves_back():
    """Back-scheduled dates ("1 month before") move back to the previous working day."""
    # Tue 28 Apr 2026 - 1 month = Sat 28 Mar → Fri 27 Mar.
    assert before(date(2026, 4, 28), MONTH, ENGLAND) == date(2026, 3, 27)


def test_back_scheduling_that_lands_on_a_bank_holiday_moves_back():
    """ "5 weeks before" that lands on Easter Monday moves back past Good Friday too."""
    # Mon 11 May 2026 - 5 weeks = Mon 6 Apr (Easter Monday) → back over the weekend and
    # Good Friday (3 Apr) to Thu 2 Apr.
    assert before(date(2026, 5, 11), Period(5, Unit.WEEKS), ENGLAND) == date(2026, 4, 2)


def test_working_days_before_are_counted_not_rolled():
    # 7 working days before Wed 30 Jun 2027: 29, 28, 25, 24, 23, 22, 21 June.
    assert before(date(2027, 6, 30), Period(7), ENGLAND) == date(2027, 6, 21)


def test_periods_read_as_words():
    assert str(Period(1)) == "1 working day"
    assert str(Period(13)) == "13 working days"
    assert str(Period(6, Unit.MONTHS)) == "6 months"
    assert str(Period(1, Unit.WEEKS)) == "1 week"


def test_a_period_cannot_be_negative():
    with pytest.raises(ValueError, match="negative"):
        Period(-1)
