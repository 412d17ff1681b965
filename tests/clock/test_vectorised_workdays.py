"""Issue 13: working-day arithmetic on numpy's business-day functions gives what counting
one day at a time gave (tests/clock/reference.py), for one date and for arrays of dates.

Over the whole calendar (1800–2299, bank holidays included), closure days near the
dates counted, counts both ways up to years long, and dates and counts that leave the
calendar: the same dates, or DateOutOfRange with the same message.
"""

import contextlib
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.clock.engine import DateOutOfRange, WorkingCalendar
from lantern.clock.engine.workdays import FIRST_DAY, LAST_DAY

from .reference import (
    reference_add_working_days,
    reference_is_working_day,
    reference_next_working_day,
    reference_previous_working_day,
    reference_working_days_between,
)

EDGE = timedelta(days=120)
# Anywhere in the calendar; near its two ends, inside and out; anywhere a date can be.
days = st.one_of(
    st.dates(min_value=FIRST_DAY, max_value=LAST_DAY),
    st.dates(min_value=FIRST_DAY - EDGE, max_value=FIRST_DAY + EDGE),
    st.dates(min_value=LAST_DAY - EDGE, max_value=LAST_DAY + EDGE),
    st.sampled_from([date.min, date(1, 1, 3), date(1066, 10, 14), date(9999, 12, 30), date.max]),
)
counts = st.one_of(st.integers(-40, 40), st.integers(-3000, 3000))
# Closure days a partnership adds, near the date counted so they matter.
nearby = st.lists(st.integers(-90, 90), max_size=12)
# Bounded so the suite stays fast; no example database is written.
fast = settings(max_examples=200, deadline=None, database=None)
fast_batch = settings(max_examples=80, deadline=None, database=None)


def calendar_near(day: date, offsets: list[int]) -> WorkingCalendar:
    closures = set()
    for offset in offsets:
        with contextlib.suppress(OverflowError):  # near date.min or date.max
            closures.add(day + timedelta(days=offset))
    return WorkingCalendar.with_closures(closures)


def outcome(count, *args):  # type: ignore[no-untyped-def]
    """What a call gives: its result, or the DateOutOfRange it raises and its message."""
    try:
        return count(*args)
    except DateOutOfRange as refused:
        return ("refused", str(refused))


@fast
@given(days, counts, nearby)
def test_n_working_days_after_or_before_one_date_is_the_old_count(day, n, offsets):
    """Issue 13: add_working_days: the start never counts, 0 returns it, either direction."""
    cal = calendar_near(day, offsets)
    assert outcome(cal.add_working_days, day, n) == outcome(
        reference_add_working_days, cal.closures, day, n
    )


@fast
@given(days, nearby)
def test_rolling_one_date_forward_and_back_is_the_old_walk(day, offsets):
    cal = calendar_near(day, offsets)
    assert outcome(cal.next_working_day, day) == outcome(
        reference_next_working_day, cal.closures, day
    )
    assert outcome(cal.previous_working_day, day) == outcome(
        reference_previous_working_day, cal.closures, day
    )


@fast
@given(days, st.integers(-4000, 4000), nearby)
def test_working_days_between_two_dates_is_the_old_count(start, span, offsets):
    """Counted from the start up to the end (not counted); 0 when the end is not later."""
    cal = calendar_near(start, offsets)
    try:
        end = start + timedelta(days=span)
    except OverflowError:
        end = date.max if span > 0 else date.min
    assert outcome(cal.working_days_between, start, end) == outcome(
        reference_working_days_between, cal.closures, start, end
    )


@settings(max_examples=60, deadline=None, database=None)
@given(st.integers(0, 100), st.integers(1, 10**15), st.booleans())
def test_a_count_beyond_the_calendar_stops_at_its_edge(days_in, n, forward):
    """However large the count, the first day past either end is named, as before."""
    day = LAST_DAY - timedelta(days=days_in) if forward else FIRST_DAY + timedelta(days=days_in)
    n = n if forward else -n
    ours, old = (
        outcome(WorkingCalendar().add_working_days, day, n),
        outcome(reference_add_working_days, frozenset(), day, n),
    )
    assert ours == old
    many = outcome(WorkingCalendar().add_working_days_many, [day], n)
    assert (many == old) if isinstance(old, tuple) else (many.tolist() == [old])


def test_every_day_of_the_calendar_is_a_working_day_or_not_as_before():
    """Issue 13: is_working_day_many, next and previous working day, on all 182,622 days."""
    cal = WorkingCalendar()
    every = np.arange(np.datetime64(FIRST_DAY), np.datetime64(LAST_DAY) + 1)
    listed = every.tolist()
    assert cal.is_working_day_many(every).tolist() == [
        reference_is_working_day(frozenset(), day) for day in listed
    ]
    assert [cal.is_working_day(day) for day in listed] == cal.is_working_day_many(listed).tolist()
    # 30 and 31 December 2299 are a weekend: rolling forward from them leaves the calendar.
    inside = every[:-2]
    assert cal.next_working_day_many(inside).tolist() == [
        reference_next_working_day(frozenset(), day) for day in listed[:-2]
    ]
    assert outcome(cal.next_working_day_many, every[-2:]) == outcome(
        reference_next_working_day, frozenset(), listed[-1]
    )
    assert cal.previous_working_day_many(every).tolist() == [
        reference_previous_working_day(frozenset(), day) for day in listed
    ]


def _first_refusal(results: list) -> tuple | None:  # type: ignore[type-arg]
    return next((r for r in results if isinstance(r, tuple)), None)


batches = st.lists(st.tuples(days, counts), min_size=1, max_size=40)


@fast_batch
@given(batches, nearby)
def test_adding_working_days_to_many_dates_is_the_old_count_on_each(pairs, offsets):
    """Issue 13: add_working_days_many: each item as the old loop gives it; a batch with a
    date outside the calendar is refused naming the first bad start, else the first count
    that leaves it."""
    cal = calendar_near(pairs[0][0], offsets)
    starts, ns = [p[0] for p in pairs], [p[1] for p in pairs]
    old = [outcome(reference_add_working_days, cal.closures, d, n) for d, n in pairs]
    ours = outcome(cal.add_working_days_many, starts, ns)
    bad_start = next((d for d in starts if not FIRST_DAY <= d <= LAST_DAY), None)
    if bad_start is not None:
        assert ours == outcome(reference_add_working_days, cal.closures, bad_start, 0)
    elif _first_refusal(old):
        assert ours == _first_refusal(old)
    else:
        assert ours.dtype == np.dtype("M8[D]")
        assert ours.tolist() == old


@fast_batch
@given(st.lists(days, min_size=1, max_size=40), nearby)
def test_rolling_many_dates_is_the_old_walk_on_each(dates, offsets):
    cal = calendar_near(dates[0], offsets)
    bad_start = next((d for d in dates if not FIRST_DAY <= d <= LAST_DAY), None)
    for ours_many, old_one in [
        (cal.next_working_day_many, reference_next_working_day),
        (cal.previous_working_day_many, reference_previous_working_day),
    ]:
        old = [outcome(old_one, cal.closures, d) for d in dates]
        ours = outcome(ours_many, dates)
        if bad_start is not None:
            assert ours == outcome(old_one, cal.closures, bad_start)
        elif _first_refusal(old):
            assert ours == _first_refusal(old)
        else:
            assert ours.tolist() == old


@fast_batch
@given(st.lists(st.tuples(days, st.integers(-4000, 4000)), min_size=1, max_size=40), nearby)
def test_working_days_between_many_pairs_is_the_old_count_on_each(pairs, offsets):
    cal = calendar_near(pairs[0][0], offsets)
    starts = [d for d, _ in pairs]
    ends = []
    for d, span in pairs:
        try:
            ends.append(d + timedelta(days=span))
        except OverflowError:
            ends.append(d)
    old = [
        outcome(reference_working_days_between, cal.closures, s, e)
        for s, e in zip(starts, ends, strict=True)
    ]
    ours = outcome(cal.working_days_between_many, starts, ends)
    if _first_refusal(old):
        assert ours == _first_refusal(old)
    else:
        assert ours.tolist() == old


@fast_batch
@given(st.lists(days, min_size=1, max_size=40), nearby)
def test_is_working_day_many_is_the_old_answer_inside_the_calendar_and_out(dates, offsets):
    cal = calendar_near(dates[0], offsets)
    assert cal.is_working_day_many(dates).tolist() == [
        reference_is_working_day(cal.closures, d) for d in dates
    ]


def test_the_batch_takes_lists_or_arrays_and_one_count_or_one_per_date():
    cal = WorkingCalendar()
    christmas = [date(2026, 12, 24), date(2026, 12, 25)]
    as_array = np.array(christmas, "M8[D]")
    assert cal.add_working_days_many(christmas, 1).tolist() == [date(2026, 12, 29)] * 2
    assert cal.add_working_days_many(as_array, [1, -1]).tolist() == [
        date(2026, 12, 29),
        date(2026, 12, 24),
    ]
    assert cal.working_days_between_many(as_array, date(2027, 1, 4)).tolist() == [4, 3]


def test_a_batch_with_a_missing_date_is_refused_naming_it():
    """Bad input gets a clear message: NaT is no date, whichever function is given it."""
    cal = WorkingCalendar()
    with_gap = np.array(["2026-12-21", "NaT"], "M8[D]")
    for call in [
        lambda: cal.add_working_days_many(with_gap, 1),
        lambda: cal.next_working_day_many(with_gap),
        lambda: cal.is_working_day_many(with_gap),
        lambda: cal.working_days_between_many(with_gap, date(2027, 1, 4)),
    ]:
        with pytest.raises(DateOutOfRange, match="Item 1 has no date"):
            call()
