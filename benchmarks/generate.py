"""Generates a large partnership's ten years of data (issue 13) into Lantern's database.

    .venv/bin/python benchmarks/generate.py --scale 1                  # ~520 cases, 0.5 M events
    .venv/bin/python benchmarks/generate.py --scale 10                 # ten times that
    .venv/bin/python benchmarks/generate.py --scale 1 --partnerships 150 --other-scale 0.05

The database is the one Lantern's settings name (LANTERN_DATA_DIR for SQLite,
DATABASE_URL for PostgreSQL); it is migrated first and must not hold bench data already.
Counts at scale 1 (each partnership): 40 agencies, 600 people, ~520 cases of every pathway,
6,000 recommendations, 9,000 actions, ~500,000 audit events and one review with a
40,000-row chronology. See benchmarks/README.md.
"""

import argparse
import datetime
import random
import sys
import time
from collections import Counter

if __package__ in (None, ""):
    from bootstrap import setup  # run as a file: benchmarks/ is on the path
else:
    from .bootstrap import setup

SCALES = ("0.002", "0.01", "0.05", "1", "10")


def generate(
    scale: float, partnerships: int = 1, other_scale: float | None = None, seed: int = 2026
) -> Counter:
    """Builds `partnerships` partnerships (the first at `scale`, the others at `other_scale`)
    and returns how many of each thing it made."""
    from benchmarks.gen_audit import Made, build_audit_trail
    from benchmarks.gen_cases import build_cases, build_details, build_memberships, build_steps
    from benchmarks.gen_learning import build_chronologies, build_learning
    from benchmarks.gen_people import build_skeleton, partnership_slug, password_hash
    from django.db import transaction
    from django.utils import timezone

    from lantern.partnerships.models import Partnership

    if Partnership.objects.filter(slug=partnership_slug(1)).exists():
        raise SystemExit(
            "This database already holds generated data (partnership bench-001). "
            "Point LANTERN_DATA_DIR or DATABASE_URL at an empty database and run again."
        )
    today = timezone.localdate()
    hashed = password_hash()
    counts: Counter = Counter()
    for index in range(1, partnerships + 1):
        this_scale = scale if index == 1 or other_scale is None else other_scale
        rng = random.Random(seed * 1000 + index)  # noqa: S311 (repeatable data, not secrets)
        started = time.monotonic()
        with transaction.atomic():
            sk = build_skeleton(index, this_scale, rng, hashed)
            cases = build_cases(sk, this_scale, rng, today)
            counts.update(build_details(sk, cases, rng))
            counts["case memberships"] += build_memberships(sk, cases, rng)
            steps = build_steps(cases, rng, today)
            learning = build_learning(sk, cases, this_scale, rng, today)
            entries = build_chronologies(sk, cases, this_scale, rng)
        made = Made(
            cases,
            steps,
            learning["recommendations"],
            learning["actions"],
            learning["updates"],
        )
        n_events = round(500_000 * this_scale)
        events = build_audit_trail(
            sk.partnership.pk, made, sk.people, sk.business_manager, n_events, rng, today
        )
        counts.update(
            {
                "partnerships": 1,
                "groups": len(sk.groups),
                "agencies": len(sk.agencies),
                "people": len(sk.people),
                "cases": len(cases),
                "case steps": len(steps),
                "findings": len(learning["findings"]),
                "recommendations": len(learning["recommendations"]),
                "actions": len(learning["actions"]),
                "action updates": len(learning["updates"]),
                "chronology entries": entries,
                "audit events": events,
            }
        )
        if partnerships > 1:
            print(
                f"  partnership {index}/{partnerships}: {time.monotonic() - started:.1f} s",
                flush=True,
            )
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", required=True, help=f"one of {', '.join(SCALES)}")
    parser.add_argument("--partnerships", type=int, default=1, help="how many (default 1)")
    parser.add_argument("--other-scale", help="scale of partnerships 2..N (default: --scale)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.scale not in SCALES or (args.other_scale and args.other_scale not in SCALES):
        parser.error(f"--scale and --other-scale must be one of {', '.join(SCALES)}.")
    if not 1 <= args.partnerships <= 500:
        parser.error("--partnerships must be between 1 and 500.")
    setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    call_command("migrate", verbosity=0)
    started = time.monotonic()
    counts = generate(
        float(args.scale),
        args.partnerships,
        float(args.other_scale) if args.other_scale else None,
        args.seed,
    )
    for what, n in counts.items():
        print(f"{what:>22}: {n:,}")
    print(f"Made in {time.monotonic() - started:.0f} s on {datetime.date.today():%Y-%m-%d}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
