"""Issue 13: `schedule_many` works out many cases of a timetable at once and gives each
case the dates `schedule` gives it, which are the dates the old one-day-at-a-time clock
gave (tests/clock/reference.py).

Every timetable, every anchor, with and without its conditions and a partnership's own
timescales; cases with steps done, dates held and pauses; closure days; start dates
across the calendar and at its ends.
"""

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from lantern.clock.engine import (
    ENGLAND,
    TIMETABLES,
    DateOutOfRange,
    Override,
    Period,
    Unit,
    WorkingCalendar,
    add_months,
    after,
    before,
    schedule,
    schedule_many,
)
from lantern.clock.engine.batch import add_months_many, after_many, before_many
from lantern.clock.engine.workdays import FIRST_DAY, LAST_DAY

from .reference import ReferenceCalendar

EDGE = timedelta(days=400)
anywhere = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
near_the_ends = st.one_of(
    st.dates(min_value=FIRST_DAY - EDGE, max_value=FIRST_DAY + EDGE),
    st.dates(min_value=LAST_DAY - EDGE, max_value=LAST_DAY + EDGE),
)


def _on(day: date, offset: int) -> date:
    try:
        return day + timedelta(days=offset)
    except OverflowError:
        return day


@st.composite
def cases(draw):  # type: ignore[no-untyped-def]
    """A timetable (perhaps with local timescales), its anchor and conditions, and cases."""
    timetable = TIMETABLES[draw(st.sampled_from(sorted(TIMETABLES)))]
    overrides = {}
    for step in timetable.steps:
        if step.statutory or not draw(st.booleans()):
            continue
        low, high = step.period.unit.bounds
        amount = draw(st.integers(low, high))
        try:
            step.with_amounts(amount)
        except ValueError:  # a window that would open after it closes
            continue
        overrides[step.id] = Override(amount)
    timetable = timetable.localised(overrides)
    anchor = draw(st.sampled_from([key for key, _ in timetable.anchor_choices]))
    conditions = draw(st.sets(st.sampled_from([key for key, _ in timetable.conditions] or [""])))
    ids = [s.id for s in timetable.steps]
    many = []
    # Most batches lie inside the calendar; some test its ends (and are often refused).
    starts = near_the_ends if draw(st.integers(0, 4)) == 0 else anywhere
    for _ in range(draw(st.integers(1, 10))):
        start = draw(starts)
        done = {
            i: _on(start, draw(st.integers(-30, 200))) for i in draw(st.sets(st.sampled_from(ids)))
        }
        fixed = {}
        for i in draw(st.sets(st.sampled_from(ids), max_size=2)):
            due = _on(start, draw(st.integers(0, 300)))
            fixed[i] = (due, draw(st.none() | st.just(_on(due, -5))))
        shifts = {i: draw(st.integers(0, 40)) for i in draw(st.sets(st.sampled_from(ids)))}
        many.append((start, done, fixed, shifts))
    closures = {_on(many[0][0], o) for o in draw(st.lists(st.integers(-30, 300), max_size=15))}
    return timetable, anchor, frozenset(conditions), many, frozenset(closures)


def _column(values):  # type: ignore[no-untyped-def]
    return np.array([np.datetime64("NaT") if v is None else v for v in values], "M8[D]")


@settings(max_examples=120, deadline=None, database=None)
@given(cases())
def test_many_cases_at_once_get_the_dates_each_gets_alone(drawn):
    """Issue 13: schedule_many == schedule == the old clock, case by case; a case the old
    clock refused (a date outside the calendar) refuses the batch."""
    timetable, anchor, conditions, many, closures = drawn
    old, refused = [], False
    for start, done, fixed, shifts in many:
        options = dict(anchor=anchor, conditions=conditions, done=done, fixed=fixed, shifts=shifts)
        try:
            planned = schedule(timetable, start, calendar=ReferenceCalendar(closures), **options)
        except DateOutOfRange:
            refused = True
            with pytest.raises(DateOutOfRange):
                schedule(timetable, start, calendar=WorkingCalendar(closures), **options)
            continue
        # The one-case clock, now numpy's, gives the old plan: dates and their bases.
        assert schedule(timetable, start, calendar=WorkingCalendar(closures), **options) == planned
        old.append(planned)
    ids = [s.id for s in timetable.steps]
    batch = dict(
        calendar=WorkingCalendar(closures),
        anchor=anchor,
        conditions=conditions,
        done={i: [c[1].get(i) for c in many] for i in ids},
        fixed={
            i: (
                _column(c[2][i][0] if i in c[2] else None for c in many),
                _column(c[2][i][1] if i in c[2] else None for c in many),
            )
            for i in ids
        },
        shifts={i: [c[3].get(i, 0) for c in many] for i in ids},
    )
    event("refused" if refused else "dated")
    if refused:
        with pytest.raises(DateOutOfRange):
            schedule_many(timetable, [c[0] for c in many], **batch)
        return
    dates = schedule_many(timetable, [c[0] for c in many], **batch)
    assert list(dates) == [p.id for p in old[0]]
    for n, planned in enumerate(old):
        for p in planned:
            assert dates[p.id].due[n].item() == p.due, (n, p.id)
            assert dates[p.id].earliest[n].item() == p.earliest, (n, p.id)


def test_a_rapid_review_over_christmas_for_three_referrals_at_once():
    """The named dates of test_scheduling, for Mon 21 Dec 2026, Sat 10 Jan and Good Friday."""
    starts = [date(2026, 12, 21), date(2026, 1, 10), date(2026, 4, 3)]
    dates = schedule_many(TIMETABLES["rapid-review"], starts)
    assert dates["complete"].due.tolist() == [
        date(2027, 1, 14),
        date(2026, 1, 30),
        date(2026, 4, 27),
    ]
    assert dates["meeting"].earliest.tolist() == [
        date(2027, 1, 4),
        date(2026, 1, 20),
        date(2026, 4, 15),
    ]
    assert np.isnat(dates["complete"].earliest).all()


def test_a_done_step_moves_only_its_own_cases_dependents():
    starts = [date(2026, 12, 21), date(2026, 12, 21)]
    done = {"scoping-sent": [date(2027, 1, 8), None]}
    dates = schedule_many(TIMETABLES["rapid-review"], starts, done=done)
    # 5 working days after 8 Jan 2027 (done late), or after the due 23 Dec 2026.
    assert dates["scoping-returned"].due.tolist() == [date(2027, 1, 15), date(2027, 1, 4)]


def test_bad_batches_are_refused_with_a_clear_message():
    """Bad input gets a clear message: the anchor, the shape, a missing start date."""
    rr = TIMETABLES["rapid-review"]
    with pytest.raises(ValueError, match="cannot count from 'nowhere'"):
        schedule_many(rr, [date(2026, 12, 21)], anchor="nowhere")
    with pytest.raises(ValueError, match="has 2 dates for 1 cases"):
        schedule_many(rr, [date(2026, 12, 21)], done={"meeting": [None, None]})
    with pytest.raises(DateOutOfRange, match="Item 1 has no date"):
        schedule_many(rr, np.array(["2026-12-21", "NaT"], "M8[D]"))
    with pytest.raises(DateOutOfRange, match="2300-01-01 is outside"):
        schedule_many(rr, [date(2026, 12, 21), date(2299, 12, 20)])


month_ends = st.builds(
    lambda year, month, back: add_months(date(year, month, 1), 1) - timedelta(days=back),
    st.integers(FIRST_DAY.year, LAST_DAY.year - 1),
    st.integers(1, 12),
    st.integers(1, 4),
)


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(month_ends | anywhere, min_size=1, max_size=30), st.integers(-24, 24))
def test_calendar_months_for_many_dates_are_the_months_for_each(days, months):
    """Issue 13: 31 Jan + 1 month is 28 or 29 Feb for each date of a batch, as for one."""
    assert add_months_many(days, months).tolist() == [add_months(d, months) for d in days]


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.lists(month_ends | anywhere, min_size=1, max_size=30),
    st.integers(0, 104),
    st.sampled_from(list(Unit)),
)
def test_periods_after_and_before_many_dates_are_the_old_periods(days, amount, unit):
    """Weeks and months roll forward after, back before; working days count either way."""
    period = Period(amount, unit)
    old = ReferenceCalendar()
    for ours, theirs in [(after_many, after), (before_many, before)]:
        try:
            expected = [theirs(d, period, old) for d in days]
        except DateOutOfRange:  # a date near an end of the calendar counted past it
            with pytest.raises(DateOutOfRange):
                ours(days, period, ENGLAND)
            continue
        assert ours(days, period, ENGLAND).tolist() == expected
