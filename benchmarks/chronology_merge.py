"""How long the multi-agency chronology takes for 20 agencies x 2,000 rows (issue 13).

    .venv/bin/python benchmarks/chronology_merge.py [--agencies 20] [--rows 2000]
        [--database-url postgres://postgres@127.0.0.1:5432/lantern_bench]

Times, in memory: building the CSV files, parsing and checking every row, and
flagging likely duplicates and contradictions across all 40,000 entries, both by
comparing every pair of a day (the reference, `flag_entries`) and as the import does
(`flag_pairs`). Then, through the import service into a throwaway SQLite database (or
the empty PostgreSQL database named, e.g. made with `createdb lantern_bench`):
importing each agency's file (delete + bulk insert + flags against the other agencies'
entries of the same days + one audit event), re-importing one agency (a replacement),
and building one page of the timeline as the view does (counts, one page of entries,
their stored flags, the table rendered), median of
several. Not part of `make test`; prints one line per step.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

EVENTS = [
    "Home visit by {who}: mother and child seen together, home conditions poor",
    "Child brought to A&E with {n} bruises on the arm, explanation inconsistent",
    "Strategy discussion held with police, health and children's social care",
    "School reported child absent for {n} days without explanation",
    "GP appointment missed, letter sent to mother",
    "Police called to the address after a neighbour heard shouting",
    "Referral received from the health visitor about neglect concerns",
    "Child protection conference: plan under the category of neglect",
]
WHO = ["the health visitor", "the social worker", "the school nurse", "a police officer"]


def build_csv(agency: str, rows: int, rng: random.Random) -> bytes:
    start = datetime.date(2023, 1, 1)
    lines = ["Date,Time,Agency,Source record,Event,Action taken,Practitioner role"]
    for n in range(rows):
        day = start + datetime.timedelta(days=rng.randrange(900))
        at = f"{rng.randrange(8, 20):02d}:{rng.randrange(60):02d}" if rng.random() < 0.6 else ""
        event = rng.choice(EVENTS).format(who=rng.choice(WHO), n=rng.randrange(1, 6))
        # Details that make most events their own, as in real records.
        event += " " + " ".join(f"detail{rng.randrange(400)}" for _ in range(4))
        lines.append(f'{day:%d/%m/%Y},{at},{agency},REC-{n},"{event}",Recorded,Practitioner')
    return ("\n".join(lines) + "\n").encode()


@dataclass
class Row:
    pk: int
    agency_id: int
    happened_on: datetime.date
    happened_at: datetime.time | None
    event: str
    source_record: str


@contextmanager
def timed(label: str, results: dict[str, float]):
    """Wall clock, and this process's CPU time: on a shared machine the wall clock counts
    the other processes' turns too."""
    began, cpu = time.perf_counter(), time.process_time()
    yield
    results[label] = time.perf_counter() - began
    results[f"{label} (CPU)"] = time.process_time() - cpu
    print(f"{label:<62} {results[label]:7.2f} s wall {results[f'{label} (CPU)']:7.2f} s CPU",
          flush=True)  # fmt: skip


def in_memory(files: dict[str, bytes], results: dict[str, float]) -> None:
    from lantern.chronology.flags import Item, facts, flag_entries, flag_pairs
    from lantern.chronology.parsing import parse_chronology

    rows: list[Row] = []
    with timed("parse + validate every row (in memory)", results):
        parsed = {a: parse_chronology(f"{a}.csv", d, agency_name=a) for a, d in files.items()}
    assert all(p.ok for p in parsed.values())
    for agency_id, result in enumerate(parsed.values()):
        for r in result.rows:
            rows.append(Row(len(rows) + 1, agency_id, r.happened_on, r.happened_at, r.event,
                            r.source_record))  # fmt: skip
    with timed("merge + flag, every pair of a day (in memory, the reference)", results):
        rows.sort(key=lambda r: (r.happened_on, r.happened_at or datetime.time.min))
        flags = flag_entries(rows)
    print(f"  {len(rows):,} entries, {len(flags):,} flagged")
    with timed("merge + flag, indexed words as stored (in memory)", results):
        items = [Item(r.pk, r.agency_id, r.happened_on, r.happened_at,
                      facts(r.event, r.source_record)) for r in rows]  # fmt: skip
        flagged = {p for a, b, _kind, _why in flag_pairs(items, ()) for p in (a.pk, b.pk)}
    assert flagged == set(flags), "flag_pairs disagrees with flag_entries"


def through_the_database(
    files: dict[str, bytes], results: dict[str, float], database_url: str
) -> None:
    import django

    os.environ.setdefault("LANTERN_DEBUG", "true")
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.settings")
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection

    from lantern.cases.models import Case
    from lantern.chronology.services import chronology_import
    from lantern.partnerships.models import Agency, Partnership

    call_command("migrate", verbosity=0)
    if Case.objects.exists():  # the audit trail's triggers refuse a flush: start afresh
        raise SystemExit(f"{database_url} is not empty: give a new database (createdb).")
    where = connection.vendor
    partnership = Partnership.objects.create(name="Bench", short_name="B", slug="bench")
    case = Case.objects.create(
        partnership=partnership, reference="SAR-1", pathway="sar", stage="x", title="Bench"
    )
    agencies = {
        name: Agency.objects.create(partnership=partnership, name=name, kind="other")
        for name in files
    }

    def upload(name: str) -> Any:
        file = SimpleUploadedFile(f"{name}.csv", files[name])
        return chronology_import(case=case, agency=agencies[name], user=None, file=file)

    with timed(f"import + flag every agency through the service ({where})", results):
        batches = [upload(name) for name in files]
    assert all(b.status == "imported" for b in batches), batches[0].errors
    first = next(iter(files))
    with timed(f"re-import one agency (replace {len(batches[0].entries.all()):,} rows, {where})",
               results):  # fmt: skip
        upload(first)
    with connection.cursor() as cursor:  # what autovacuum would have done by now
        cursor.execute("VACUUM ANALYZE" if where == "postgresql" else "ANALYZE")
    page_of_timeline(case, where, results)


def page_of_timeline(case: Any, where: str, results: dict[str, float]) -> None:
    """One page of the timeline as the view builds it (its counts, its entries and their
    flags, and its table rendered), median of 15, for three asks."""
    import statistics

    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext

    from lantern.chronology.selectors import (
        Filters,
        TimelinePaginator,
        entries,
        lines_of,
        summary,
    )
    from lantern.chronology.views import PAGE_SIZE, entries_url

    def one_page(filters: Filters, number: int) -> tuple[Any, list[Any]]:
        whole = summary(case)
        page = TimelinePaginator(entries(case, filters), PAGE_SIZE).get_page(number)
        lines = lines_of(page.object_list, whole.agency_names)
        agencies = sorted(whole.agency_names.items(), key=lambda item: item[1])
        context = {"case": case, "lines": lines, "filters": filters, "agencies": agencies,
                   "entries_url": entries_url(case)}  # fmt: skip
        render_to_string(
            "chronology/_table.html",
            {**context, "editable": set(), "may_mark": True, "csrf_token": "bench"},
        )
        return whole, lines

    asks = [
        ("page 1", Filters(), 1),
        ("page 100", Filters(), 100),
        ("flagged only, page 2", Filters(flagged_only=True), 2),
    ]
    for label, filters, number in asks:
        walls, cpus = [], []
        for _ in range(15):
            began, cpu = time.perf_counter(), time.process_time()
            whole, lines = one_page(filters, number)
            walls.append(time.perf_counter() - began)
            cpus.append(time.process_time() - cpu)
        with CaptureQueriesContext(connection) as queries:
            one_page(filters, number)
        results[label] = statistics.median(walls)
        results[f"{label} (CPU)"] = statistics.median(cpus)
        print(f"{'one page of the timeline: ' + label + f' ({where})':<62} "
              f"{results[label] * 1000:6.1f} ms wall {statistics.median(cpus) * 1000:6.1f} ms CPU"
              f"  ({len(queries.captured_queries)} queries)", flush=True)  # fmt: skip
    print(f"  {whole.total:,} entries, {whole.duplicate_count:,} likely duplicates, "
          f"{whole.contradiction_count:,} possible contradictions, "
          f"{len(lines)} lines a page")  # fmt: skip


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=20)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database")
    args = parser.parse_args(argv)
    rng = random.Random(2026)  # noqa: S311 - synthetic data, not secrets
    results: dict[str, float] = {}
    print(f"{args.agencies} agencies x {args.rows:,} rows", flush=True)
    build: Callable[[], dict[str, bytes]] = lambda: {  # noqa: E731
        f"Agency {n:02d}": build_csv(f"Agency {n:02d}", args.rows, rng)
        for n in range(args.agencies)
    }
    with timed("build the CSV files", results):
        files = build()
    in_memory(files, results)
    through_the_database(files, results, args.database_url)
    return results


if __name__ == "__main__":
    main()
