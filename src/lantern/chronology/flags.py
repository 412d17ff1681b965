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

The flags are stored (issue 13): `flag_pairs` finds the pairs that some changed entries
make with the other entries of their days, looking up each entry's words in an index of
the changed entries' words instead of comparing every pair, and `flag_entries`, which
compares every pair of a day, stays the reference it must agree with.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple, Protocol

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


class Dated(Protocol):
    agency_id: int
    happened_on: datetime.date
    happened_at: datetime.time | None


class Entry(Dated, Protocol):
    pk: int | None
    event: str
    source_record: str


@dataclass(frozen=True)
class Flag:
    kind: str  # DUPLICATE or CONTRADICTION
    other_pk: int
    other_agency_id: int
    reason: str


class Facts(NamedTuple):
    words: frozenset[str]
    negated: bool
    numbers: frozenset[str]
    record: str


def facts(event: str, source_record: str = "") -> Facts:
    lowered = event.lower().replace("\u2019", "'")
    tokens = set(_WORD.findall(lowered))
    negations = tokens & _NEGATIONS
    if "n't" in lowered:
        negations |= {t for t in tokens if t.endswith("n't")}
    numbers = {t for t in tokens if t.isdigit()}
    words = frozenset(tokens.difference(_STOPWORDS, negations, numbers))
    record = " ".join(source_record.lower().split())
    return Facts(words, bool(negations), frozenset(numbers), record)


def encode(found: Facts) -> str:
    """Facts as one line of text to store with the entry: words and numbers cannot hold
    "|", so the record, which may, comes last."""
    return "|".join(
        (
            "!" if found.negated else "",
            " ".join(sorted(found.numbers)),
            " ".join(sorted(found.words)),
            found.record,
        )
    )


def decode(text: str) -> Facts:
    negated, numbers, words, record = text.split("|", 3)
    return Facts(frozenset(words.split()), negated == "!", frozenset(numbers.split()), record)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _close_in_time(a: Dated, b: Dated) -> bool:
    if a.happened_at is None or b.happened_at is None:
        return True
    day = a.happened_on
    gap = datetime.datetime.combine(day, a.happened_at) - datetime.datetime.combine(
        day, b.happened_at
    )
    return abs(gap) <= TIME_WINDOW


def compare(a: Dated, fa: Facts, b: Dated, fb: Facts) -> tuple[str, str] | None:
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


class Item(NamedTuple):
    """An entry as the stored flags are worked out from it (issue 13)."""

    pk: int
    agency_id: int
    happened_on: datetime.date
    happened_at: datetime.time | None
    facts: Facts


def flag_pairs(
    changed: Iterable[Item], others: Iterable[Item]
) -> Iterator[tuple[Item, Item, str, str]]:
    """(entry, other, kind, reason) for every pair, found once, that a changed entry makes
    with another changed entry or with one of `others` (which must not repeat a changed
    one) of the same day: exactly the pairs `flag_entries` would flag among them all
    that involve a changed entry (issue 13).

    The changed entries' words are indexed by day, so each other entry counts the words
    it shares with each changed one; only a pair sharing enough words (or its record) is
    compared, by `compare`, the one rule.
    """
    days, among = _indexed(changed)
    yield from among
    for item in others:
        day = days.get(item.happened_on)
        if day is not None:
            yield from day.pairs(item, day.candidates(item.facts.words, item.facts.record))


#: A stored entry as a database driver may give it: pk, agency id, date and time (or their
#: ISO text), facts text.
Stored = tuple[int, int, "datetime.date | str", "datetime.time | str | None", str]


def flag_pairs_stored(
    changed: Iterable[Item], others: Iterable[Stored]
) -> Iterator[tuple[Item, Item, str, str]]:
    """`flag_pairs`, the others given as stored: each is read only as far as finding its
    candidates needs, and made an Item only when it has some (most have none). A date
    given as ISO text is looked up as it is, not converted (issue 13)."""
    days, among = _indexed(changed)
    yield from among
    by_text: dict[object, _Day] = {day.isoformat(): index for day, index in days.items()}
    by_text.update(days)
    factor = SIMILARITY / (1 + SIMILARITY)
    for pk, agency_id, happened_on, happened_at, text in others:
        day = by_text.get(happened_on)
        if day is None:
            continue
        negated, numbers, words, record = text.split("|", 3)
        split = words.split()
        # day.candidates() inlined for its first test, which most entries fail: too few
        # words in common with the day's changed entries, and not one of their records.
        common = day.vocabulary.intersection(split)
        if (not common or len(common) < factor * (len(split) + day.smallest) - 1e-9) and (
            not record or record not in day.by_record
        ):
            continue
        found = day.candidates(split, record)
        if found:
            if isinstance(happened_on, str):
                happened_on = datetime.date.fromisoformat(happened_on)
            if isinstance(happened_at, str):
                happened_at = datetime.time.fromisoformat(happened_at)
            item = Item(pk, agency_id, happened_on, happened_at,
                        Facts(frozenset(split), negated == "!",
                              frozenset(numbers.split()), record))  # fmt: skip
            yield from day.pairs(item, found)


def _indexed(changed: Iterable[Item]) -> tuple[dict[datetime.date, "_Day"], list]:
    days: dict[datetime.date, _Day] = defaultdict(_Day)
    among = []
    for item in changed:
        day = days[item.happened_on]
        if day.agencies - {item.agency_id}:  # one agency's entries are never compared
            among.extend(day.pairs(item, day.candidates(item.facts.words, item.facts.record)))
        day.add(item)
    return dict(days), among


class _Day:
    """The changed entries of one day, indexed by word and by source record."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.sizes: list[int] = []
        self.smallest = 0
        self.agencies: set[int] = set()
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.vocabulary: set[str] = set()
        self.by_record: dict[str, list[int]] = defaultdict(list)

    def add(self, item: Item) -> None:
        index = len(self.items)
        self.items.append(item)
        self.agencies.add(item.agency_id)
        size = len(item.facts.words)
        self.smallest = min(self.smallest, size) if self.sizes else size
        self.sizes.append(size)
        for word in item.facts.words:
            self.by_word[word].append(index)
        self.vocabulary.update(item.facts.words)
        if item.facts.record:
            self.by_record[item.facts.record].append(index)

    def candidates(self, words: Collection[str], record: str) -> set[int]:
        """The changed entries sharing enough of `words` to pass similarity(), or `record`."""
        found: set[int] = set()
        common = self.vocabulary.intersection(words)
        size = len(words)
        # No changed entry can share more than `common` words: when that is too few for
        # the smallest, none passes, and most entries of a day stop here.
        if common and len(common) * (1 + SIMILARITY) >= SIMILARITY * (size + self.smallest) - 1e-9:
            shared: dict[int, int] = {}
            by_word = self.by_word
            for word in common:
                for index in by_word[word]:
                    shared[index] = shared.get(index, 0) + 1
            sizes = self.sizes
            found = {i for i, n in shared.items() if n / (size + sizes[i] - n) >= SIMILARITY}
        if record and record in self.by_record:
            found.update(self.by_record[record])
        return found

    def pairs(self, item: Item, candidates: set[int]) -> Iterator[tuple[Item, Item, str, str]]:
        for index in sorted(candidates):
            mine = self.items[index]
            found = compare(mine, mine.facts, item, item.facts)
            if found is not None:
                yield mine, item, found[0], found[1]
