"""The reporting pack: its page against the floor, in CPU time, and its PDF (issue 13).

    .venv/bin/python benchmarks/pack.py                         # var/bench/sqlite-1
    LANTERN_DATA_DIR=var/bench/other .venv/bin/python benchmarks/pack.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lantern_bench \
        .venv/bin/python benchmarks/pack.py
    .venv/bin/python benchmarks/pack.py --pdf-only --profile     # where the PDF's time goes

Needs data made by generate.py. In one process, signed in as the Business Manager, for the
group with the most actions and a meeting today: the floor view and the pack page through
Django's test client (every middleware, no HTTP server), --warmup then --requests each,
timed by this process's CPU time as well as the wall clock (the machine is shared: other
processes' turns inflate the wall clock, not the CPU time); then the pack built as the
background job builds it and written as a PDF (--pdfs times), CPU time of each step.
Prints p50/p95 and each page's ratio to the floor's p50 in the same run.
"""

import argparse
import io
import os
import statistics
import sys
import time

if __package__ in (None, ""):
    from bootstrap import ROOT, setup
else:
    from .bootstrap import ROOT, setup


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_page(client, path: str, warmup: int, requests: int) -> dict:
    from benchmarks.querycount import HEADER

    for _ in range(warmup):
        client.get(path)
    cpu, wall = [], []
    reply = None
    for _ in range(requests):
        c0, w0 = time.process_time(), time.perf_counter()
        reply = client.get(path)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    assert reply is not None and reply.status_code == 200, reply
    return {
        "cpu50": statistics.median(cpu),
        "cpu95": _p(cpu, 0.95),
        "wall50": statistics.median(wall),
        "wall95": _p(wall, 0.95),
        "queries": reply.get(HEADER, "?"),
        "kb": len(reply.content) / 1024,
    }


def time_pdf(bm, group, meeting, times: int, profile: bool) -> list[str]:
    from lantern.actions import pack_documents
    from lantern.actions.pack import build_pack

    lines = []
    for _ in range(times):
        c0 = time.process_time()
        built = build_pack(bm, group, meeting)
        c1 = time.process_time()
        if profile:
            from pyinstrument import Profiler

            profiler = Profiler()
            profiler.start()
        pdf = pack_documents.pack_pdf(built)
        c2 = time.process_time()
        if profile:
            profiler.stop()
            print(profiler.output_text(unicode=False, color=False), file=sys.stderr)
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        lines.append(
            f"pack PDF: {len(built.lines):,} actions, {pages} pages, {len(pdf) / 1024:,.0f} KB: "
            f"built {c1 - c0:.2f} s CPU, written {c2 - c1:.2f} s CPU, {c2 - c0:.2f} s in all"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--pdfs", type=int, default=1, help="how many times to write the PDF")
    parser.add_argument("--pdf-only", action="store_true")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--profile", action="store_true", help="pyinstrument over the PDF")
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        os.environ.setdefault("LANTERN_DATA_DIR", str(ROOT / "var" / "bench" / "sqlite-1"))
    setup()
    from benchmarks.gen_people import business_manager_email
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from lantern.accounts.models import User
    from lantern.partnerships.models import Group

    bm = User.objects.filter(email=business_manager_email(1)).first()
    if bm is None:
        raise SystemExit("No generated data here: run benchmarks/generate.py first.")
    group = (
        Group.objects.filter(partnership_id=bm.partnership_id)
        .annotate(n=Count("monitored_recommendations__actions"))
        .order_by("-n")
        .first()
    )
    meeting = timezone.localdate()
    print(f"{connection.vendor}, group {group.name!r} ({group.n:,} actions), meeting {meeting}")
    print(f"load average {os.getloadavg()[0]:.1f} (the machine is shared)")
    if not args.pdf_only:
        client = Client(HTTP_HOST="localhost")
        client.force_login(bm)
        pages = [
            ("floor", "/bench/floor/"),
            ("reporting pack page", f"/actions/reporting/pack/?group={group.pk}&meeting={meeting}"),
        ]
        rows = [(name, time_page(client, path, args.warmup, args.requests)) for name, path in pages]
        again = time_page(client, pages[0][1], args.warmup, args.requests)  # the floor again
        if again["cpu50"] < rows[0][1]["cpu50"]:
            rows[0] = ("floor", again)
        floor = rows[0][1]
        print(f"{args.requests} requests each after {args.warmup} warm-up, ms:")
        print(
            "| page | CPU p50 | CPU p95 | × floor (CPU) | wall p50 | wall p95 | × floor (wall) "
            "| queries | KB |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for name, r in rows:
            print(
                f"| {name} | {r['cpu50']:.1f} | {r['cpu95']:.1f} | "
                f"{r['cpu50'] / floor['cpu50']:.1f}× | {r['wall50']:.1f} | {r['wall95']:.1f} | "
                f"{r['wall50'] / floor['wall50']:.1f}× | {r['queries']} | {r['kb']:,.0f} |"
            )
    if not args.no_pdf:
        for line in time_pdf(bm, group, meeting, args.pdfs, args.profile):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
