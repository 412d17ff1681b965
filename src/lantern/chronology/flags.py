"""Likely duplicates and contradictions between agencies' entries. Pure Python.

The rule, as a reviewer would explain it:

- Two entries **may describe the same event** when they come from different agencies,
  fall on the same date, are no more than TIME_WINDOW apart if both give a time, and
  their event text shares at least SIMILARITY of its meaningful words (Jaccard
  similarity of the two sets of words, ignoring small common words, numbers and
  negations), or both name the same source record.
- Such a pair is a **contradiction** when the key facts differ: one account is negated
  ("not", "no", "never", "denied", ...) and the other is not, or both give numbers and
  the numbers differ (e.g. "2 bruises" and "5 bruises"). Otherwise it is a **likely
  duplicate**.

Entries are grouped by date, so the work is linear in the number of entries, with
only the entries of one day compared with each other.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

SIMILARITY = 0.5
TIME_WINDOW = datetime.timedelta(hours=2)

DUPLICATE = "duplicate"
CONTRADICTION = "contradiction"

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NEGATIONS = frozenset(
    {"not", "no", "never", "none", "nothing", "denied", "without", "neither", "nor"}
)
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "him",
        "his",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "she",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "were",
        "with",
        "who",
    ]
)


class Entry(Protocol):
    pk: int | None
    agency_id: int
    happened_on: datetime.date
    happened_at: datetime.time | None
    event: str
    source_record: str


@dataclass(frozen=True)
class Flag:
    kind: str  # DUPLICATE or CONTRADICTION
    other_pk: int
    other_agency_id: int
    reason: str


@dataclass(frozen=True)
class Facts:
    words: frozenset[str]
    negated: bool
    numbers: frozenset[str]
    record: str


def facts(event: str, source_record: str = "") -> Facts:
    tokens = _tokens(event)
    negations = {t for t in tokens if t in _NEGATIONS or t.endswith("n't")}
    numbers = frozenset(t for t in tokens if t.isdigit())
    words = frozenset(
        t for t in tokens if t not in _STOPWORDS and t not in negations and not t.isdigit()
    )
    return Facts(words, bool(negations), numbers, " ".join(source_record.lower().split()))


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _close_in_time(a: Entry, b: Entry) -> bool:
    if a.happened_at is None or b.happened_at is None:
        return True
    day = a.happened_on
    gap = datetime.datetime.combine(day, a.happened_at) - datetime.datetime.combine(
        day, b.happened_at
    )
    return abs(gap) <= TIME_WINDOW


def compare(a: Entry, fa: Facts, b: Entry, fb: Facts) -> tuple[str, str] | None:
    """(kind, reason) if the two entries look like one event, else None."""
    if a.agency_id == b.agency_id or not _close_in_time(a, b):
        return None
    same_record = bool(fa.record) and fa.record == fb.record
    score = similarity(fa.words, fb.words)
    if not same_record and score < SIMILARITY:
        return None
    why = "the same source record" if same_record else f"{score:.0%} of the same words"
    if fa.negated != fb.negated:
        return CONTRADICTION, f"Same day and {why}, but only one account says it did not happen"
    if fa.numbers and fb.numbers and fa.numbers != fb.numbers:
        return CONTRADICTION, f"Same day and {why}, but the numbers differ"
    return DUPLICATE, f"Same day and {why}"


def flag_entries(entries: Iterable[Entry]) -> dict[int, list[Flag]]:
    """Every flagged entry's flags, by entry pk. Entries without a pk are ignored."""
    by_day: dict[datetime.date, list[tuple[Entry, Facts]]] = defaultdict(list)
    for entry in entries:
        if entry.pk is not None:
            by_day[entry.happened_on].append((entry, facts(entry.event, entry.source_record)))
    flags: dict[int, list[Flag]] = defaultdict(list)
    for day in by_day.values():
        if len({e.agency_id for e, _ in day}) < 2:
            continue
        for i, (a, fa) in enumerate(day):
            for b, fb in day[i + 1 :]:
                found = compare(a, fa, b, fb)
                if found is None:
                    continue
                kind, reason = found
                assert a.pk is not None and b.pk is not None
                flags[a.pk].append(Flag(kind, b.pk, b.agency_id, reason))
                flags[b.pk].append(Flag(kind, a.pk, a.agency_id, reason))
    return dict(flags)
