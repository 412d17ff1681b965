"""A person's search, read once into groups of alternative wordings, then written in
each database's own query language (issue 14).

"MCA assessment behavior" reads as three groups:
  (mca | "mental capacity act" | "mental capacity")  (assessment)  (behavior | behaviour)
An item matches if it matches any group; the database ranks items that match more of
them, and rarer ones, higher (FTS5's bm25; PostgreSQL's cover density). Words in double
quotes are one phrase. Common English words are dropped (PostgreSQL drops them too;
FTS5 has no stop list).

Only letters and digits ever reach the database's query parser: a query cannot be
malformed, whatever is typed.

Pure Python: no Django.
"""

import re
from dataclasses import dataclass

from .vocabulary import LONGEST_PHRASE, PHRASES, WORD_LIKE, spelling_variants, words_of

Phrase = tuple[str, ...]

STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    you your yours""".split()  # noqa: SIM905 (a paragraph reads better than a list)
)

#: A query longer than this is cut: nobody types more, and each group costs a lookup.
MAX_GROUPS = 32


@dataclass(frozen=True)
class Query:
    groups: tuple[tuple[Phrase, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.groups)

    def fts5(self, *, every_group: bool = False) -> str:
        """SQLite FTS5: every wording a quoted string (a phrase), alternatives joined by
        OR, groups by OR (or by AND, with `every_group`)."""
        return (" AND " if every_group else " OR ").join(
            "(" + " OR ".join('"' + " ".join(phrase) + '"' for phrase in group) + ")"
            for group in self.groups
        )

    def tsquery(self, *, every_group: bool = False) -> str:
        """PostgreSQL to_tsquery(): words of a phrase joined by <-> (followed by),
        alternatives by |, groups by | (or by &, with `every_group`)."""
        return (" & " if every_group else " | ").join(
            "(" + " | ".join(" <-> ".join(phrase) for phrase in group) + ")"
            for group in self.groups
        )


_QUOTED = re.compile(r'"([^"]*)"')
_TYPED_WORD = re.compile(r"[A-Za-z0-9]+")


def _capitalised(raw: str) -> set[str]:
    """Words typed with a capital after the first letter ("DASH", "DoLS"): acronyms."""
    return {w.lower() for w in _TYPED_WORD.findall(raw) if any(c.isupper() for c in w[1:])}


def _alternatives(words: Phrase) -> tuple[Phrase, ...]:
    out: list[Phrase] = [words]
    if len(words) == 1:
        out += [(v,) for v in spelling_variants(words[0])]
    return tuple(out)


def _read_words(words: Phrase, capitals: set[str]) -> list[tuple[Phrase, ...]]:
    groups: list[tuple[Phrase, ...]] = []
    i = 0
    while i < len(words):
        for size in range(min(LONGEST_PHRASE, len(words) - i), 0, -1):
            span = words[i : i + size]
            if span in PHRASES and (size > 1 or span[0] not in WORD_LIKE or span[0] in capitals):
                groups.append(PHRASES[span])
                i += size
                break
        else:
            word = words[i]
            i += 1
            if word not in STOP_WORDS:
                groups.append(_alternatives((word,)))
    return groups


def parse(raw: str) -> Query:
    """The groups of a typed query; an empty Query when nothing searchable is left."""
    raw = raw.replace("\x00", " ")
    capitals = _capitalised(raw)
    groups: list[tuple[Phrase, ...]] = []
    for i, part in enumerate(_QUOTED.split(raw)):
        words = words_of(part)
        if not words:
            continue
        if i % 2:  # inside quotes: one phrase, stop words kept
            groups.append(PHRASES.get(words, (words,)))
        else:
            groups += _read_words(words, capitals)
    unique = list(dict.fromkeys(groups))
    return Query(tuple(unique[:MAX_GROUPS]))
