"""How long the multi-agency chronology takes for 20 agencies x 2,000 rows.

    .venv/bin/python benchmarks/chronology_merge.py [--agencies 20] [--rows 2000]

Times, in memory: building the CSV files, parsing and checking every row, and
flagging likely duplicates and contradictions across all 40,000 entries. Then,
through the import service into a throwaway SQLite database: importing each agency's
file (delete + bulk insert + one audit event), re-importing one agency (a replacement),
and building the integrated timeline (one query, flags, filters) as the page does.
Not part of `make test`; prints one line per step.
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
    began = time.perf_counter()
    yield
    results[label] = time.perf_counter() - began
    print(f"{label:<58} {results[label]:8.2f} s", flush=True)


def in_memory(files: dict[str, bytes], results: dict[str, float]) -> None:
    from lantern.chronology.flags import flag_entries
    from lantern.chronology.parsing import parse_chronology

    rows: list[Row] = []
    with timed("parse + validate every row (in memory)", results):
        parsed = {a: parse_chronology(f"{a}.csv", d, agency_name=a) for a, d in files.items()}
    assert all(p.ok for p in parsed.values())
    for agency_id, result in enumerate(parsed.values()):
        for r in result.rows:
            rows.append(Row(len(rows) + 1, agency_id, r.happened_on, r.happened_at, r.event,
                            r.source_record))  # fmt: skip
    with timed("merge + flag duplicates and contradictions (in memory)", results):
        rows.sort(key=lambda r: (r.happened_on, r.happened_at or datetime.time.min))
        flags = flag_entries(rows)
    print(f"  {len(rows):,} entries, {len(flags):,} flagged")


def through_the_database(files: dict[str, bytes], results: dict[str, float]) -> None:
    import django

    os.environ.setdefault("LANTERN_DEBUG", "true")
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.settings")
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from lantern.cases.models import Case
    from lantern.chronology.selectors import Filters, timeline
    from lantern.chronology.services import chronology_import
    from lantern.partnerships.models import Agency, Partnership

    call_command("migrate", verbosity=0)
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

    with timed("import every agency through the service (SQLite)", results):
        batches = [upload(name) for name in files]
    assert all(b.status == "imported" for b in batches), batches[0].errors
    first = next(iter(files))
    with timed("re-import one agency (replace 2,000 rows, SQLite)", results):
        upload(first)
    with timed("integrated timeline: load + flag + filter (SQLite)", results):
        whole = timeline(case, Filters())
    print(f"  {whole.total:,} entries, {whole.duplicate_count:,} likely duplicates, "
          f"{whole.contradiction_count:,} possible contradictions")  # fmt: skip


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=20)
    parser.add_argument("--rows", type=int, default=2000)
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
    through_the_database(files, results)
    return results


if __name__ == "__main__":
    main()
