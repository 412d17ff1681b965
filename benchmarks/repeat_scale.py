"""Repeat learning at a partnership's scale: one query against 6,000 and 60,000 candidates,
before and after the stored index (issue 13).

    .venv/bin/python benchmarks/repeat_scale.py [--sizes 6000 60000] [--queries 30]

Candidates are recombined texts of the labelled set (benchmarks/repeat_learning.py's
``synthetic``); queries are the labelled texts. No database: this times the scoring that
``similar_learning`` does per visit.

before   ``similar()`` over every candidate's text, as each visit did: the text caches
         cleared (at 60,000 texts the 16,384-entry caches never hold a partnership's
         learning, so every visit is cold), then again with them warm (6,000 only).
after    ``TermIndex`` from the stored weights (JSON, as read from LearningTerms): built
         once per change of the learning in each process, then queried by whoever reads
         every case (all but the recommendation and its case's findings left out) and by
         someone who may see a tenth, and half, of the learning.

Times are CPU time of the process (the machine is shared). Every "after" answer is
checked against ``SimilarityIndex`` over the same candidates.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.repeat_learning import clear_caches, load, synthetic  # noqa: E402

from lantern.actions.similarity import SimilarityIndex, similar, term_weights  # noqa: E402
from lantern.actions.term_index import TermIndex, columns  # noqa: E402


def _ms(seconds: list[float]) -> float:
    return 1000 * statistics.median(seconds)


def _timed(call) -> tuple[float, object]:
    # CPU time of this process: the machine is shared, and wall time would count the
    # other processes' turns.
    began = time.process_time()
    result = call()
    return time.process_time() - began, result


def measure(size: int, queries: int, seed: int = 2026) -> dict[str, float]:
    items = load()
    candidates = synthetic(items, size, seed=seed)
    rng = random.Random(seed)  # noqa: S311 -- reproducible, not security
    asked = [i.text for i in rng.sample(items, min(queries, len(items)))]
    row: dict[str, float] = {"candidates": size}

    cold = []
    for text in asked[: 3 if size > 10000 else 10]:
        clear_caches()
        cold.append(_timed(lambda text=text: similar(text, candidates))[0])
    row["before_cold_ms"] = _ms(cold)
    if size <= 16384:
        warm = [_timed(lambda text=text: similar(text, candidates))[0] for text in asked[:10]]
        row["before_warm_ms"] = _ms(warm)

    # The stored weights, as LearningTerms holds them (JSON), weighed once at save time.
    clear_caches()
    stored = [(c.key, json.dumps(columns(term_weights(c.text)))) for c in candidates]
    clear_caches()
    build, index = _timed(lambda: TermIndex((key, *json.loads(raw)) for key, raw in stored))
    row["build_ms"] = 1000 * build

    keys = [c.key for c in candidates]
    left_out = set(rng.sample(keys, 4))  # the recommendation itself and its case's findings
    everyone = [_timed(lambda text=text: index.query(text, exclude=left_out))[0] for text in asked]
    row["after_all_ms"] = _ms(everyone)
    for share, name in ((0.1, "after_tenth_ms"), (0.5, "after_half_ms")):
        some = set(rng.sample(keys, int(size * share)))
        times = [
            _timed(lambda text=text, some=some: index.query(text, candidates=some))[0]
            for text in asked
        ]
        row[name] = _ms(times)

    # Same answers as an index built over exactly those candidates.
    fresh = SimilarityIndex(c for c in candidates if c.key not in left_out)
    for text in asked[:5]:
        assert index.query(text, exclude=left_out) == fresh.query(text), text
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[6000, 60000])
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = [measure(size, args.queries) for size in args.sizes]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print("candidates  before cold  before warm  after: build  all but 4  a tenth   half")
    for row in rows:
        warm = f"{row['before_warm_ms']:11.1f}" if "before_warm_ms" in row else f"{'-':>11}"
        print(
            f"{row['candidates']:10d}  {row['before_cold_ms']:11.1f}  {warm}  "
            f"{row['build_ms']:12.1f}  {row['after_all_ms']:9.2f}  {row['after_tenth_ms']:7.2f}"
            f"  {row['after_half_ms']:5.2f}"
        )
    print("milliseconds per query (p50); build: once per change of the learning, per process")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
