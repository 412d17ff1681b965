"""Working days on known dates: weekends, England & Wales bank holidays, closure days."""

from datetime import date

import pytest

from lantern.clock.engine import ENGLAND, WorkingCalendar, bank_holidays


def test_bank_holidays_2026_are_the_weekday_ones_with_the_boxing_day_substitute():
    """Bank holidays: subdivision ENG, weekdays only; a substitute day is a holiday."""
    assert bank_holidays(2026) == {
        date(2026, 1, 1),  # New Year's Day, Thursday
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 4),  # Early May bank holiday
        date(2026, 5, 25),  # Spring bank holiday
        date(2026, 8, 31),  # Summer bank holiday
        date(2026, 12, 25),  # Christmas Day, Friday
        date(2026, 12, 28),  # Monday: substitute for Boxing Day on Saturday 26th
    }
    assert date(2026, 12, 26) not in bank_holidays(2026)  # a Saturday: not a weekday


def test_holiday_sets_are_cached_per_year():
    """Working calendar: each year's holiday set is worked out once."""
    assert bank_holidays(2027) is bank_holidays(2027)


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2026, 4, 3), "a bank holiday"),  # Good Friday
        (date(2026, 4, 6), "a bank holiday"),  # Easter Monday
        (date(2026, 12, 28), "a bank holiday"),  # Boxing Day substitute
        (date(2027, 12, 27), "a bank holiday"),  # Christmas Day substitute (25th a Saturday)
        (date(2027, 12, 28), "a bank holiday"),  # Boxing Day substitute (26th a Sunday)
        (date(2022, 1, 3), "a bank holiday"),  # New Year substitute
        (date(2022, 9, 19), "a bank holiday"),  # one-off: the Queen's state funeral
        (date(2026, 12, 26), "Saturday"),
        (date(2026, 12, 27), "Sunday"),
    ],
)
def test_days_that_do_not_count(day, why):
    """Working days exclude Saturdays, Sundays and England & Wales bank holidays."""
    assert not ENGLAND.is_working_day(day)
    assert ENGLAND.why_not_working(day) == why


def test_an_ordinary_tuesday_counts():
    assert ENGLAND.is_working_day(date(2026, 12, 29))
    assert ENGLAND.why_not_working(date(2026, 12, 29)) == ""


@pytest.mark.parametrize(
    ("start", "count", "expected", "how"),
    [
        (date(2026, 12, 21), 1, date(2026, 12, 22), "Mon → Tue: the start never counts"),
        (date(2026, 12, 24), 1, date(2026, 12, 29), "Christmas: skip Fri 25, weekend, Mon 28"),
        (date(2026, 4, 2), 1, date(2026, 4, 7), "Easter: skip Good Friday to Easter Monday"),
        (date(2026, 4, 2), 2, date(2026, 4, 8), "Easter, 2 working days"),
        (date(2026, 5, 1), 1, date(2026, 5, 5), "Early May: skip weekend and Mon 4 May"),
        (date(2026, 1, 10), 1, date(2026, 1, 12), "Saturday start: Monday is day 1"),
        (date(2026, 1, 10), 5, date(2026, 1, 16), "Saturday start: 5 working days is Friday"),
        (date(2026, 4, 3), 1, date(2026, 4, 7), "Good Friday start: Tuesday is day 1"),
        (date(2026, 12, 25), 2, date(2026, 12, 30), "Christmas Day start: Tue 29 is day 1"),
        (date(2026, 12, 21), 0, date(2026, 12, 21), "0 working days: the date itself"),
    ],
)
def test_n_working_days_after(start, count, expected, how):
    """N working days after D is the N-th working day after D; D itself never counts, and
    if D is not a working day the first working day after it is day 1."""
    assert ENGLAND.add_working_days(start, count) == expected, how


def test_n_working_days_before_counts_back_the_same_way():
    """N working days before D: the N-th working day before D, D never counting."""
    # 7 before Mon 4 Jan 2027: Thu 31 Dec (1), Wed 30 (2), Tue 29 (3), Thu 24 (4),
    # Wed 23 (5), Tue 22 (6), Mon 21 Dec (7). Fri 1 Jan, 28, 25 Dec and weekends skipped.
    assert ENGLAND.add_working_days(date(2027, 1, 4), -7) == date(2026, 12, 21)


def test_rolling_to_a_working_day_forward_and_back():
    """A date on a non-working day moves forward (due) or back (back-scheduled)."""
    assert ENGLAND.next_working_day(date(2026, 12, 25)) == date(2026, 12, 29)
    assert ENGLAND.previous_working_day(date(2026, 12, 28)) == date(2026, 12, 24)
    assert ENGLAND.next_working_day(date(2026, 12, 29)) == date(2026, 12, 29)


def test_working_days_between_counts_the_first_day_not_the_last():
    # Mon 21 Dec 2026 up to Mon 4 Jan 2027: 21, 22, 23, 24, 29, 30, 31 Dec = 7.
    assert ENGLAND.working_days_between(date(2026, 12, 21), date(2027, 1, 4)) == 7
    assert ENGLAND.working_days_between(date(2026, 12, 21), date(2026, 12, 21)) == 0


def test_a_partnership_closure_day_does_not_count():
    """Working days also exclude the closure days a partnership adds."""
    closed = WorkingCalendar.with_closures([date(2026, 12, 29)])
    assert not closed.is_working_day(date(2026, 12, 29))
    assert closed.why_not_working(date(2026, 12, 29)) == "a closure day"
    assert closed.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 30)
    assert ENGLAND.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
