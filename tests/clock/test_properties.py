"""Property-based tests of the working-day arithmetic against numpy's business-day
functions, an independent implementation, over 2020–2035.

numpy's oracle is given the same holidays (England & Wales bank holidays on weekdays,
plus closure days) and its default Monday–Friday week.
"""

from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.clock.engine import ENGLAND, Period, Unit, WorkingCalendar, add_months, after, before
from lantern.clock.engine.workdays import bank_holidays

FIRST, LAST = date(2020, 1, 1), date(2035, 12, 31)
# The results of counting from 2035 reach into 2037; counting back from 2020 (104 weeks
# before 27 March 2020 is Good Friday 2018), into 2018.
BANK_HOLIDAYS = sorted(d for year in range(2018, 2038) for d in bank_holidays(year))

days = st.dates(min_value=FIRST, max_value=LAST)
counts = st.integers(min_value=1, max_value=80)
closures = st.sets(st.dates(min_value=FIRST, max_value=LAST), max_size=20)
# Bounded so the suite stays fast; no example database is written.
fast = settings(max_examples=100, deadline=None, database=None)


def oracle(extra: set[date] | frozenset[date] = frozenset()) -> np.busdaycalendar:
    return np.busdaycalendar(holidays=np.array(sorted(set(BANK_HOLIDAYS) | set(extra)), "M8[D]"))


ENGLAND_ORACLE = oracle()


def as_date(value: np.datetime64) -> date:
    return value.astype(object)


@fast
@given(days, counts)
def test_n_working_days_after_matches_busday_offset(start, n):
    """N working days after D is numpy's busday_offset(D, N) after rolling D *back* to a
    working day: so D never counts, and for a D that is not a working day the first
    working day after it is day 1."""
    ours = ENGLAND.add_working_days(start, n)
    assert ours == as_date(np.busday_offset(start, n, roll="backward", busdaycal=ENGLAND_ORACLE))


@fast
@given(days, counts)
def test_rolling_forward_agrees_once_a_non_working_start_is_day_1(start, n):
    """With roll="forward", numpy counts a non-working D's next working day as day 0; in
    Lantern that day is already day 1. So they agree on N for a working D, N-1 otherwise."""
    ours = ENGLAND.add_working_days(start, n)
    offset = n if ENGLAND.is_working_day(start) else n - 1
    assert ours == as_date(
        np.busday_offset(start, offset, roll="forward", busdaycal=ENGLAND_ORACLE)
    )


@fast
@given(days, counts, closures)
def test_closure_days_count_like_holidays(start, n, closed):
    """Closure days a partnership adds are not working days either."""
    calendar = WorkingCalendar.with_closures(closed)
    expected = np.busday_offset(start, n, roll="backward", busdaycal=oracle(closed))
    assert calendar.add_working_days(start, n) == as_date(expected)


@fast
@given(days, counts)
def test_n_working_days_before_matches_busday_offset(start, n):
    """N working days before D: D never counts, counting back."""
    expected = np.busday_offset(start, -n, roll="forward", busdaycal=ENGLAND_ORACLE)
    assert ENGLAND.add_working_days(start, -n) == as_date(expected)


@fast
@given(days, counts)
def test_the_result_is_the_nth_working_day(start, n):
    """The result is a working day after D, with exactly N-1 working days in between."""
    result = ENGLAND.add_working_days(start, n)
    assert result > start
    assert ENGLAND.is_working_day(result)
    assert ENGLAND.working_days_between(start + timedelta(days=1), result) == n - 1


@fast
@given(days, days)
def test_working_days_between_matches_busday_count(a, b):
    start, end = min(a, b), max(a, b)
    if (end - start).days > 400:
        end = start + timedelta(days=400)
    expected = int(np.busday_count(start, end, busdaycal=ENGLAND_ORACLE))
    assert ENGLAND.working_days_between(start, end) == expected


@fast
@given(days)
def test_rolling_matches_busday_offset_zero(day):
    """Due dates roll forward to a working day; back-scheduled dates roll back."""
    forward = np.busday_offset(day, 0, roll="forward", busdaycal=ENGLAND_ORACLE)
    backward = np.busday_offset(day, 0, roll="backward", busdaycal=ENGLAND_ORACLE)
    assert ENGLAND.next_working_day(day) == as_date(forward)
    assert ENGLAND.previous_working_day(day) == as_date(backward)


@fast
@given(days, st.integers(min_value=1, max_value=104))
def test_weeks_after_and_before(day, weeks):
    """Calendar periods: D plus the period, rolled forward; minus, rolled back."""
    later = np.busday_offset(
        day + timedelta(weeks=weeks), 0, roll="forward", busdaycal=ENGLAND_ORACLE
    )
    earlier = np.busday_offset(
        day - timedelta(weeks=weeks), 0, roll="backward", busdaycal=ENGLAND_ORACLE
    )
    assert after(day, Period(weeks, Unit.WEEKS), ENGLAND) == as_date(later)
    assert before(day, Period(weeks, Unit.WEEKS), ENGLAND) == as_date(earlier)


@fast
@given(days, st.integers(min_value=-24, max_value=24))
def test_months_match_numpy_month_arithmetic_clamped_to_the_month_end(day, months):
    """Months by calendar arithmetic: the same day of the month, or the month's last day."""
    month = np.datetime64(day, "M") + months
    last_day = as_date((month + 1).astype("M8[D]") - 1)
    expected = last_day.replace(day=min(day.day, last_day.day))
    assert add_months(day, months) == expected
