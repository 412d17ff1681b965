"""How long the statutory clock takes for 2,000,000 step dates (issue 13).

    .venv/bin/python benchmarks/clock.py [--steps 2000000] [--old 100000] [--seed 13]

Cases of every timetable, with start dates spread over 1900–2100 and every condition
on (so every step counts), enough of them for `--steps` due dates. Times, in one run:

1. the engine's batch form (`schedule_many`), one call per timetable;
2. the floor: plain `numpy.busday_offset`, one call per step, on the same base dates
   and with the same calendar (calendar weeks and months added beforehand, untimed),
   and checks that it gives the engine's dates;
3. the one-case `schedule()` on `--old` of those step dates, with today's calendar and
   with the old one-day-at-a-time calendar (tests/clock/reference.py), scaled up to
   `--steps` and checked against the batch;
4. working-day arithmetic alone: `--steps` (date, n) pairs, n from -20 to 20, through
   `add_working_days_many` and through `numpy.busday_offset`; then one call at a time
   (`add_working_days`, new and old) on `--old` of them, scaled up.

Prints seconds and ratios; not part of `make test`.
"""

import argparse
import math
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.clock.reference import ReferenceCalendar  # noqa: E402

from lantern.clock.engine import ENGLAND, TIMETABLES, Unit, schedule, schedule_many  # noqa: E402
from lantern.clock.engine.batch import add_months_many  # noqa: E402
from lantern.clock.engine.rules import START  # noqa: E402

FIRST, LAST = np.datetime64("1900-01-01"), np.datetime64("2100-12-31")


def timed(work):  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    result = work()
    return time.perf_counter() - began, result


def all_conditions(timetable) -> frozenset[str]:  # type: ignore[no-untyped-def]
    return frozenset(key for key, _ in timetable.conditions)


def make_cases(steps: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """The same number of cases of each timetable, enough for `steps` due dates."""
    per_set = sum(len(t.steps_for(all_conditions(t))) for t in TIMETABLES.values())
    count = math.ceil(steps / per_set)
    span = int((LAST - FIRST) // np.timedelta64(1, "D")) + 1
    return {key: FIRST + rng.integers(0, span, count) for key in TIMETABLES}


def engine(cases: dict[str, np.ndarray]):  # type: ignore[no-untyped-def]
    return {
        key: schedule_many(TIMETABLES[key], starts, conditions=all_conditions(TIMETABLES[key]))
        for key, starts in cases.items()
    }


def floor_inputs(cases, planned):  # type: ignore[no-untyped-def]
    """For each step, the date numpy counts from, the count and the roll (untimed)."""
    cal = ENGLAND.busdaycalendar
    inputs = []
    for key, starts in cases.items():
        timetable = TIMETABLES[key]
        for dates in planned[key].values():
            step = dates.step
            base_id = timetable.base_of(step, START)
            base = starts if base_id == START else planned[key][base_id].due
            sign = -1 if step.before else 1
            period = step.period
            if period.unit is Unit.WORKING_DAYS:
                roll = "forward" if step.before else "backward"
                inputs.append((base, sign * period.amount, roll, dates.due))
                continue
            if period.unit is Unit.WEEKS:
                shifted = base + np.timedelta64(7 * sign * period.amount, "D")
            else:
                shifted = add_months_many(base, sign * period.amount)
            roll = "backward" if step.before else "forward"
            inputs.append((shifted, 0, roll, dates.due))
    return cal, inputs


def floor(cal, inputs):  # type: ignore[no-untyped-def]
    return [np.busday_offset(days, n, roll=roll, busdaycal=cal) for days, n, roll, _ in inputs]


def one_at_a_time(cases, planned, sample: int, calendar) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """schedule() case by case on about `sample` step dates; checks them against the batch."""
    began, counted = time.perf_counter(), 0
    per_timetable = math.ceil(sample / sum(len(p) for p in planned.values()))
    for key, starts in cases.items():
        timetable = TIMETABLES[key]
        for n, start in enumerate(starts[:per_timetable].tolist()):
            result = schedule(
                timetable, start, calendar=calendar, conditions=all_conditions(timetable)
            )
            counted += len(result)
            for p in result:
                assert p.due == planned[key][p.id].due[n].item(), (key, start, p.id)
    return time.perf_counter() - began, counted


def arithmetic(steps: int, sample: int, rng: np.random.Generator) -> None:
    span = int((LAST - FIRST) // np.timedelta64(1, "D")) + 1
    starts = FIRST + rng.integers(0, span, steps)
    counts = rng.integers(-20, 21, steps)
    ours, dates = timed(lambda: ENGLAND.add_working_days_many(starts, counts))
    cal = ENGLAND.busdaycalendar

    def plain():  # type: ignore[no-untyped-def]
        forward, back = counts > 0, counts < 0
        out = starts.copy()
        out[forward] = np.busday_offset(
            starts[forward], counts[forward], roll="backward", busdaycal=cal
        )
        out[back] = np.busday_offset(starts[back], counts[back], roll="forward", busdaycal=cal)
        return out

    numpy_s, expected = timed(plain)
    assert (dates == expected).all()
    print(f"working days, {steps:,} (date, n) pairs, n in -20..20:")
    print(f"  add_working_days_many   {ours:8.2f} s")
    print(f"  numpy busday_offset     {numpy_s:8.2f} s   (floor)")
    print(f"  ratio                   {ours / numpy_s:8.2f} ×")
    pairs = list(zip(starts[:sample].tolist(), counts[:sample].tolist(), strict=True))
    new_s, new = timed(lambda: [ENGLAND.add_working_days(d, n) for d, n in pairs])
    old_calendar = ReferenceCalendar()
    old_s, old = timed(lambda: [old_calendar.add_working_days(d, n) for d, n in pairs])
    assert new == old == dates[:sample].tolist()
    scale = steps / sample
    print(
        f"  one call at a time, new {new_s * scale:8.2f} s   ({new_s / sample * 1e6:.2f} µs a call)"
    )
    print(
        f"  one call at a time, old {old_s * scale:8.2f} s   ({old_s / sample * 1e6:.2f} µs a call)"
    )
    print(f"  old / numpy             {old_s * scale / numpy_s:8.0f} ×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=2_000_000)
    parser.add_argument("--old", type=int, default=100_000, help="step dates for schedule()")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)

    cases = make_cases(args.steps, rng)
    ENGLAND.add_working_days(date(2026, 12, 21), 1)  # builds the holiday calendar, untimed
    engine_s, planned = timed(lambda: engine(cases))
    steps = sum(d.due.size for p in planned.values() for d in p.values())
    cal, inputs = floor_inputs(cases, planned)
    floor_s, floors = timed(lambda: floor(cal, inputs))
    for got, (_, _, _, due) in zip(floors, inputs, strict=True):
        assert (got == due).all()
    cases_count = sum(s.size for s in cases.values())
    print(f"clock, {steps:,} step dates ({cases_count:,} cases of {len(cases)} timetables):")
    print(f"  schedule_many           {engine_s:8.2f} s")
    print(f"  numpy busday_offset     {floor_s:8.2f} s   (floor; identical dates)")
    print(f"  ratio                   {engine_s / floor_s:8.2f} ×")
    new_s, counted = one_at_a_time(cases, planned, args.old, ENGLAND)
    old_s, _ = one_at_a_time(cases, planned, args.old, ReferenceCalendar())
    scale = steps / counted
    for name, seconds in [("new", new_s), ("old", old_s)]:
        each = seconds / counted * 1e6
        print(f"  schedule(), {name}, 1 by 1 {seconds * scale:8.2f} s   ({each:.1f} µs a step)")
    print(f"  old / numpy             {old_s * scale / floor_s:8.0f} ×")
    arithmetic(args.steps, args.old, rng)
    print(
        f"target: 2,000,000 step dates <= 5 s: {'met' if engine_s <= 5 else 'NOT met'}"
        f" ({engine_s:.2f} s at {steps:,})"
    )


if __name__ == "__main__":
    main()
