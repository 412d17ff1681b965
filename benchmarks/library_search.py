"""How well, and how fast, the learning library's search finds learning (issue 14).

    .venv/bin/python benchmarks/library_search.py [--items 10000] [--rounds 5] [--json]
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/library_search.py

Needs the `bench` extra (pip install -e '.[bench]'): bm25s and PyStemmer.

Quality. benchmarks/data/library_corpus.jsonl holds 50 learning summaries: 35 written in
our own words from public sources (national panel reviews, Safeguarding Adults Reviews,
seven-minute briefings, domestic homicide review analyses; each line's `url` names its
source) and 15 fictional "Demoshire" items (no url) in the style of a partnership's own
reviews, audits and briefings. benchmarks/data/library_queries.json holds 32 queries
with graded relevance (2: about it, 1: useful on it), written before either engine ran.
The corpus is imported with `library_import` (as `lantern library import` does) into a
fresh database, each query is run through `library_search` (the function the API, the
command and the pages call), and the same texts (title and text) are indexed by bm25s
(Snowball English stemmer and English stop words, its documented set-up; and without a
stemmer). Reported: nDCG@10 (gain 2^grade - 1), MRR (first result graded 1 or 2) and
recall@10 (share of graded items in the first ten), averaged over the queries.

Speed. The library is then filled to --items with synthetic items (sentences of the
corpus recombined, seeded), PostgreSQL's statistics are refreshed (ANALYZE, as
autovacuum would), and every query is timed --rounds times through library_search,
fetching the items and their themes as a page would: p50, p95 and max in milliseconds.

The database is the one the environment names (SQLite under LANTERN_DATA_DIR by default,
PostgreSQL with DATABASE_URL); the script works in a throwaway test database
(test_<name>) that it creates and drops. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bootstrap

bootstrap.setup()

from django.db import connection  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "library_corpus.jsonl"
QUERIES = DATA / "library_queries.json"
K = 10


def ndcg(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    dcg = sum((2 ** grades.get(ref, 0) - 1) / math.log2(i + 2) for i, ref in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def mrr(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    for i, ref in enumerate(ranked[:k]):
        if grades.get(ref, 0) > 0:
            return 1 / (i + 1)
    return 0.0


def recall(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    wanted = {ref for ref, g in grades.items() if g > 0}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


def scores(runs: dict[str, list[str]], queries: list[dict[str, Any]]) -> dict[str, float]:
    return {
        "ndcg@10": statistics.mean(ndcg(runs[q["query"]], q["relevant"]) for q in queries),
        "mrr": statistics.mean(mrr(runs[q["query"]], q["relevant"]) for q in queries),
        "recall@10": statistics.mean(recall(runs[q["query"]], q["relevant"]) for q in queries),
    }


def bm25s_runs(
    docs: list[dict[str, Any]], queries: list[dict[str, Any]], *, stem: bool
) -> dict[str, list[str]]:
    import bm25s

    stemmer = None
    if stem:
        import Stemmer

        stemmer = Stemmer.Stemmer("english")
    texts = [f"{d['title']}\n{d['text']}" for d in docs]
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False),
        show_progress=False,
    )
    runs: dict[str, list[str]] = {}
    for q in queries:
        tokens = bm25s.tokenize([q["query"]], stopwords="en", stemmer=stemmer, show_progress=False)
        if not tokens.vocab:
            runs[q["query"]] = []
            continue
        results, found = retriever.retrieve(tokens, k=min(K, len(docs)), show_progress=False)
        runs[q["query"]] = [
            docs[i]["ref"] for i, s in zip(results[0], found[0], strict=True) if s > 0
        ]
    return runs


def synthetic(docs: list[dict[str, Any]], count: int, seed: int = 14) -> list[dict[str, Any]]:
    """Items made of the corpus's sentences recombined: realistic words and lengths."""
    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    sentences = [s.strip() + "." for d in docs for s in d["text"].split(". ") if s.strip()]
    titles = [d["title"] for d in docs]
    kinds = ["cspr", "sar", "dhr", "audit", "briefing", "national"]
    out = []
    for n in range(count):
        out.append(
            {
                "ref": f"synthetic-{n:05d}",
                "kind": rng.choice(kinds),
                "title": f"{rng.choice(titles)} ({n})",
                "text": " ".join(rng.sample(sentences, rng.randint(4, 12))),
            }
        )
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def run(items: int, rounds: int) -> dict[str, Any]:
    from lantern.learning.models import LibraryItem
    from lantern.learning.selectors import library_search
    from lantern.learning.services import library_import
    from lantern.partnerships.models import Partnership

    docs = [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]
    queries = json.loads(QUERIES.read_text())["queries"]
    partnership = Partnership.objects.create(name="Bench", short_name="B", slug="bench")
    library_import(partnership=partnership, lines=CORPUS.read_text().splitlines())

    def lantern_runs() -> dict[str, list[str]]:
        return {
            q["query"]: [
                h.item.ref
                for h in library_search(
                    partnership=partnership, query=q["query"], confidential=True, limit=K
                )
            ]
            for q in queries
        }

    lantern = lantern_runs()
    quality = {
        "lantern": scores(lantern, queries),
        "bm25s (stemmed)": scores(bm25s_runs(docs, queries, stem=True), queries),
        "bm25s (no stemmer)": scores(bm25s_runs(docs, queries, stem=False), queries),
    }
    per_query = {q["query"]: round(ndcg(lantern[q["query"]], q["relevant"]), 3) for q in queries}

    extra = synthetic(docs, max(0, items - len(docs)))
    LibraryItem.objects.bulk_create(
        [LibraryItem(partnership=partnership, **d) for d in extra], batch_size=1000
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE learning_libraryitem")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    total = LibraryItem.objects.filter(partnership=partnership).count()
    lantern_runs()  # warm the caches, as a running server has them
    timings: list[float] = []
    for _ in range(rounds):
        for q in queries:
            start = time.perf_counter()
            hits = library_search(
                partnership=partnership, query=q["query"], confidential=True, limit=K
            )
            [h.item.themes.all() for h in hits]  # what a results page reads
            timings.append((time.perf_counter() - start) * 1000)
    return {
        "database": connection.vendor,
        "corpus": len(docs),
        "queries": len(queries),
        "quality": quality,
        "lantern_ndcg_by_query": per_query,
        "items": total,
        "timed_searches": len(timings),
        "ms": {
            "p50": round(statistics.median(timings), 2),
            "p95": round(percentile(timings, 0.95), 2),
            "max": round(max(timings), 2),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    scratch = None
    if connection.vendor == "sqlite":
        # A file, not the in-memory database Django's tests use: measured as deployed.
        scratch = tempfile.TemporaryDirectory()
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(
            Path(scratch.name) / "library.sqlite3"
        )
    creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        result = run(args.items, args.rounds)
    finally:
        creation.destroy_test_db(old_name, verbosity=0)
        if scratch is not None:
            scratch.cleanup()
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"Database: {result['database']}; {result['corpus']} items, {result['queries']} queries")
    print(f"{'engine':<22}{'nDCG@10':>9}{'MRR':>8}{'R@10':>8}")
    for engine, s in result["quality"].items():
        print(f"{engine:<22}{s['ndcg@10']:>9.3f}{s['mrr']:>8.3f}{s['recall@10']:>8.3f}")
    weak = {q: v for q, v in result["lantern_ndcg_by_query"].items() if v < 0.6}
    if weak:
        print("Lantern's weakest queries (nDCG@10 < 0.6):")
        for q, v in sorted(weak.items(), key=lambda kv: kv[1]):
            print(f"  {v:.3f}  {q}")
    ms = result["ms"]
    print(
        f"At {result['items']:,} items, {result['timed_searches']} searches: "
        f"p50 {ms['p50']} ms, p95 {ms['p95']} ms, max {ms['max']} ms"
    )


if __name__ == "__main__":
    main()
