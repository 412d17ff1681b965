"""How well repeat learning finds true repeats, and how fast it is.

    .venv/bin/python benchmarks/repeat_learning.py [--json] [--no-bigrams]

Reads the labelled set in benchmarks/data/repeat_learning.json: fictional
recommendations and findings, each with the id of the earlier item it repeats (or
null). Each item is queried, as if it were being written, against every EARLIER item
(ordered by year, then id) with ``lantern.actions.similarity``. An item's correct
answers are the earlier items in its repeat family (the item it repeats, and anything
else that repeats the same learning), so finding an earlier repeat of the original
also counts.

Reports, over the items that have an earlier repeat:
  precision@1   the best match is a true repeat
  recall@5      a true repeat is among the first five matches (no threshold)
  MRR           mean reciprocal rank of the first true repeat (0 when not in the top 5)
and, at the threshold (matches scoring at least it are "shown as a likely repeat"):
  precision     of all matches shown (top 5, at or above the threshold), the share
                that are true repeats
  recall        items with a repeat where a true repeat is shown
  FP rate       items with NO repeat where anything is shown
Then the same at several thresholds, and the time per query against 2,000 synthetic
candidates (built by recombining the labelled texts). Not part of `make test`; the
quality figures are guarded by tests/actions/test_similarity.py.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lantern.actions.similarity import (  # noqa: E402
    DEFAULT_THRESHOLD,
    Candidate,
    SimilarityIndex,
    similar,
)

DATA = Path(__file__).resolve().parent / "data" / "repeat_learning.json"
THRESHOLDS = (0.05, 0.10, 0.125, 0.15, 0.175, 0.20, 0.225, 0.25, 0.30, 0.40)
TOP = 5


@dataclass(frozen=True)
class Item:
    id: str
    source: str
    year: int
    text: str
    repeats: str | None


def load(path: Path = DATA) -> list[Item]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    items = sorted((Item(**row) for row in raw["items"]), key=lambda i: (i.year, i.id))
    seen: set[str] = set()
    for item in items:
        if item.repeats is not None and item.repeats not in seen:
            raise ValueError(f"{item.id} repeats {item.repeats}, which is not earlier")
        seen.add(item.id)
    return items


def families(items: list[Item]) -> dict[str, str]:
    """Each item's repeat family: the id of the original it (transitively) repeats."""
    by_id = {i.id: i for i in items}
    root: dict[str, str] = {}
    for item in items:
        current = item
        while current.repeats is not None:
            current = by_id[current.repeats]
        root[item.id] = current.id
    return root


@dataclass
class Ranked:
    """One query: the item, its true earlier repeats, and the scored earlier items."""

    item: Item
    answers: frozenset[str]
    matches: list[tuple[str, float]]  # every earlier item that scores > 0, best first


def rank_all(items: list[Item], *, bigrams: bool = True) -> list[Ranked]:
    root = families(items)
    ranked = []
    for n, item in enumerate(items):
        earlier = items[:n]
        answers = frozenset(e.id for e in earlier if root[e.id] == root[item.id])
        if not earlier:
            ranked.append(Ranked(item, answers, []))
            continue
        index = SimilarityIndex((Candidate(e.id, e.text) for e in earlier), bigrams=bigrams)
        found = index.query(item.text, limit=len(earlier), threshold=0.0)
        ranked.append(Ranked(item, answers, [(m.key, m.score) for m in found]))
    return ranked


def at_threshold(ranked: list[Ranked], threshold: float) -> dict[str, float]:
    shown = correct_shown = found = flagged_negatives = 0
    positives = [r for r in ranked if r.answers]
    negatives = [r for r in ranked if not r.answers]
    for r in ranked:
        above = [key for key, score in r.matches[:TOP] if score >= threshold]
        shown += len(above)
        correct_shown += sum(1 for key in above if key in r.answers)
        if r.answers and any(key in r.answers for key in above):
            found += 1
        if not r.answers and above:
            flagged_negatives += 1
    precision = correct_shown / shown if shown else 0.0
    recall = found / len(positives) if positives else 0.0
    # F2 weighs recall twice as much as precision: a missed repeat costs the partnership
    # more than a glance at one extra suggestion.
    f2 = 5 * precision * recall / (4 * precision + recall) if precision + recall else 0.0
    return {
        "threshold": threshold,
        "precision": precision,
        "recall": recall,
        "f2": f2,
        "fp_rate": flagged_negatives / len(negatives) if negatives else 0.0,
        "shown_per_query": shown / len(ranked),
    }


def quality(ranked: list[Ranked], threshold: float = DEFAULT_THRESHOLD) -> dict[str, Any]:
    positives = [r for r in ranked if r.answers]
    p_at_1 = sum(1 for r in positives if r.matches and r.matches[0][0] in r.answers)
    r_at_5 = 0
    reciprocal = 0.0
    misses = []
    for r in positives:
        keys = [key for key, _ in r.matches[:TOP]]
        hits = [n for n, key in enumerate(keys, start=1) if key in r.answers]
        if hits:
            r_at_5 += 1
            reciprocal += 1 / hits[0]
        else:
            misses.append(r.item.id)
    return {
        "items": len(ranked),
        "with_repeat": len(positives),
        "without_repeat": len(ranked) - len(positives),
        "precision_at_1": p_at_1 / len(positives),
        "recall_at_5": r_at_5 / len(positives),
        "mrr": reciprocal / len(positives),
        "missed_at_5": misses,
        "at_threshold": at_threshold(ranked, threshold),
        "sweep": [at_threshold(ranked, t) for t in THRESHOLDS],
    }


def synthetic(items: list[Item], count: int, seed: int = 2026) -> list[Candidate]:
    """``count`` candidates made by recombining the labelled texts: the first half of
    one sentence with the second half of another, a few words dropped, some words from a
    third. Realistic in length and vocabulary; none is a copy."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible test data, not security
    words = [i.text.split() for i in items]
    out = []
    for n in range(count):
        a, b, c = rng.choice(words), rng.choice(words), rng.choice(words)
        mixed = a[: len(a) // 2] + b[len(b) // 2 :] + rng.sample(c, min(4, len(c)))
        mixed = [w for w in mixed if rng.random() > 0.1]
        out.append(Candidate(f"syn:{n}", " ".join(mixed)))
    return out


def clear_caches() -> None:
    """Forget every normalised text, so the next call does all the work again."""
    from lantern.actions import similarity

    for cached in (similarity._tf, similarity._words, similarity.stem):
        cached.cache_clear()


def timing(items: list[Item], count: int = 2000, repeat: int = 3) -> dict[str, float]:
    candidates = synthetic(items, count)
    queries = [i.text for i in items]
    # Cold: similar() builds its index from scratch, as one call from a view would; the
    # text cache is cleared so every candidate is normalised again.
    cold = []
    for query in queries[:20]:
        clear_caches()
        began = time.perf_counter()
        similar(query, candidates)
        cold.append(time.perf_counter() - began)
    # Warm: the same partnership's texts again (the caches hold their normalised words).
    warm_similar = []
    for query in queries[:20]:
        began = time.perf_counter()
        similar(query, candidates)
        warm_similar.append(time.perf_counter() - began)
    clear_caches()
    began = time.perf_counter()
    index = SimilarityIndex(candidates)
    build = time.perf_counter() - began
    warm = []
    for _ in range(repeat):
        for query in queries:
            began = time.perf_counter()
            index.query(query)
            warm.append(time.perf_counter() - began)
    return {
        "candidates": count,
        "similar_cold_ms": 1000 * statistics.median(cold),
        "similar_warm_ms": 1000 * statistics.median(warm_similar),
        "index_build_ms": 1000 * build,
        "index_query_ms": 1000 * statistics.median(warm),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--no-bigrams", action="store_true", help="single words only")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--verbose", action="store_true", help="list each repeat's rank")
    args = parser.parse_args(argv)

    items = load()
    ranked = rank_all(items, bigrams=not args.no_bigrams)
    figures = quality(ranked, args.threshold)
    figures["timing"] = timing(items, args.candidates)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0

    q, t, th = figures, figures["timing"], figures["at_threshold"]
    print(
        f"Labelled set: {q['items']} items, {q['with_repeat']} with an earlier repeat, "
        f"{q['without_repeat']} without"
    )
    print()
    print(f"{'measure':<44} {'value':>8}")
    print(f"{'-' * 44} {'-' * 8}")
    rows = [
        ("precision@1 (best match is a true repeat)", q["precision_at_1"]),
        ("recall@5 (a true repeat in the top 5)", q["recall_at_5"]),
        ("mean reciprocal rank (top 5)", q["mrr"]),
        (f"precision of 'likely repeat' at {th['threshold']:.3g}", th["precision"]),
        (f"recall of 'likely repeat' at {th['threshold']:.3g}", th["recall"]),
        (f"false-positive rate (no repeat) at {th['threshold']:.3g}", th["fp_rate"]),
    ]
    for label, value in rows:
        print(f"{label:<44} {value:8.3f}")
    print(
        f"{'similar() per query, ' + str(t['candidates']) + ' candidates (ms)':<44} "
        f"{t['similar_cold_ms']:8.1f}"
    )
    print(f"{'  same, texts already normalised (ms)':<44} {t['similar_warm_ms']:8.1f}")
    print(f"{'  index build, once (ms)':<44} {t['index_build_ms']:8.1f}")
    print(f"{'  query on a built index (ms)':<44} {t['index_query_ms']:8.2f}")
    print()
    print("threshold  precision  recall  FP rate     F2  shown/query")
    for row in q["sweep"]:
        print(
            f"{row['threshold']:9.3f}  {row['precision']:9.3f}  {row['recall']:6.3f}  "
            f"{row['fp_rate']:7.3f}  {row['f2']:5.3f}  {row['shown_per_query']:11.2f}"
        )
    best = max(q["sweep"], key=lambda row: (row["f2"], -row["threshold"]))
    print(
        f"Best F2 at threshold {best['threshold']:.3g} (DEFAULT_THRESHOLD is "
        f"{DEFAULT_THRESHOLD:.3g})"
    )
    print()
    print("Repeats not in the top 5:", ", ".join(q["missed_at_5"]) or "none")
    if args.verbose:
        for r in ranked:
            if not r.answers:
                top = r.matches[0] if r.matches else ("-", 0.0)
                print(f"  {r.item.id:<8} (no repeat) top {top[0]} {top[1]:.3f}")
                continue
            keys = [k for k, _ in r.matches]
            rank = next((n for n, k in enumerate(keys, 1) if k in r.answers), None)
            score = next((s for k, s in r.matches if k in r.answers), 0.0)
            top = r.matches[0] if r.matches else ("-", 0.0)
            print(
                f"  {r.item.id:<8} repeats {r.item.repeats:<8} rank {rank} score {score:.3f}"
                f"  (top {top[0]} {top[1]:.3f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
