"""My work and the action tracker against the floor, in-process (issue 13).

    DJANGO_SETTINGS_MODULE=benchmarks.settings LANTERN_DATA_DIR=... \\
        .venv/bin/python benchmarks/my_work.py [--requests 30] [--profile PAGE] [--as EMAIL]

Signs in with Django's test client (through all of Lantern's middleware, no server) as the
generated Business Manager and as an ordinary agency member, and prints, for the floor,
My work and the tracker: p50 and p95 ms over --requests requests, the ratio to the floor
and the query count (X-Bench-Queries). --profile prints cProfile's top functions for one
page. Quicker to run than pages.py while changing a page; pages.py, with gunicorn, is the
measure of record.

It signs in and requests pages, which writes sessions and audit events: point it at a
copy of the bench data, never at the database another run measures.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
os.environ.setdefault("LANTERN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

import django  # noqa: E402

django.setup()

from benchmarks.querycount import HEADER  # noqa: E402
from django.test import Client  # noqa: E402

PAGES = [("floor", "/bench/floor/"), ("My work", "/"), ("tracker", "/actions/")]


def ordinary_member() -> str:
    """A nominated representative of an agency with the most actions: the tracker and My
    work of someone who sees part of the partnership."""
    from django.db.models import Count

    from lantern.accounts.models import Role, RoleAssignment
    from lantern.actions.models import Action

    busiest = (
        Action.objects.values("lead_agency")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_agency")
        .first()
    )
    assignment = (
        RoleAssignment.objects.filter(
            role=Role.NOMINATED_REPRESENTATIVE, agency_id=busiest["lead_agency"]
        )
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return assignment.person.email


def signed_in(email: str) -> Client:
    """Signed in as the sign-in page would (the partnership asks for no second factor)."""
    from lantern.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def timed(client: Client, path: str, n: int, cold: bool = False) -> dict:
    from django.core.cache import cache

    for _ in range(3):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(n):
        if cold:  # nothing kept: as the first visit after a change
            cache.clear()
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "queries": response[HEADER],
        "kb": len(response.content) / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--profile", help="a page's path to profile, e.g. /")
    parser.add_argument("--as", dest="who", help="an e-mail to sign in as (default: both)")
    parser.add_argument("--also", nargs="*", default=[], help="more paths to time")
    parser.add_argument(
        "--cold", action="store_true", help="empty the cache before each request (clears it!)"
    )
    args = parser.parse_args()

    from lantern.accounts.models import User

    manager = User.objects.filter(email__startswith="business.manager@").order_by("pk").first()
    people = [args.who] if args.who else [manager.email, ordinary_member()]
    for email in people:
        client = signed_in(email)
        if args.profile:
            client.get(args.profile)
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(5):
                client.get(args.profile)
            profile.disable()
            print(f"## {email} {args.profile} (5 requests)")
            pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
            continue
        pages = [*PAGES, *((path, path) for path in args.also)]
        rows = [(name, path, timed(client, path, args.requests, args.cold)) for name, path in pages]
        floor = rows[0][2]["p50"]
        cold = ", the cache emptied before each" if args.cold else ""
        print(f"\n{email}: {args.requests} requests each{cold}")
        print("| page | p50 ms | p95 ms | × floor | queries | KB |")
        print("|---|---|---|---|---|---|")
        for name, path, r in rows:
            print(
                f"| {name} `{path}` | {r['p50']:.1f} | {r['p95']:.1f} | "
                f"{r['p50'] / floor:.1f}× | {r['queries']} | {r['kb']:.0f} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
