"""Themes Lantern proposes for a new item, from its text (issue 14). A person confirms
them: nothing here writes.

Each theme's keywords (one phrase a line) are looked for in the text as whole words,
after the same reading as the search: lower case, punctuation dropped, a plural "s"
dropped, and an acronym standing for its expansion (so "MCA" in a text counts for the
keyword "mental capacity", and "deprivation of liberty" for "DoLS"). A theme scores one
point for each time one of its keywords appears, up to three per keyword, so one word
repeated does not outweigh several different signs of the theme.
"""

from collections import Counter
from dataclasses import dataclass

from lantern.partnerships.models import Partnership

from .models import Theme
from .vocabulary import LONGEST_PHRASE, PHRASES, words_of

PER_KEYWORD = 3
MAX_KEYWORD_WORDS = 6


@dataclass(frozen=True)
class Suggestion:
    theme: Theme
    score: int
    keywords: tuple[str, ...]  # the keywords found, as the theme lists them


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _normal(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_singular(w) for w in words)


def _phrase_counts(text: str) -> Counter[tuple[str, ...]]:
    """How often each run of up to six words occurs, acronyms counted as their
    expansions and the reverse."""
    words = _normal(words_of(text))
    counts: Counter[tuple[str, ...]] = Counter()
    for size in range(1, max(LONGEST_PHRASE, MAX_KEYWORD_WORDS) + 1):
        for i in range(len(words) - size + 1):
            counts[words[i : i + size]] += 1
    for wording in [w for w in counts if w in _NORMAL_PHRASES]:
        for other in _NORMAL_PHRASES[wording]:
            if other != wording:
                counts[other] += counts[wording]
    return counts


_NORMAL_PHRASES = {
    _normal(key): tuple(_normal(w) for w in wordings) for key, wordings in PHRASES.items()
}


def theme_suggestions(*, partnership: Partnership, text: str, limit: int = 5) -> list[Suggestion]:
    """The partnership's themes that `text` suggests, most strongly suggested first."""
    counts = _phrase_counts(text)
    found: list[Suggestion] = []
    for theme in Theme.objects.for_partnership(partnership.pk).active():
        score = 0
        matched: list[str] = []
        for keyword in theme.keyword_list() or [theme.name]:
            hits = counts.get(_normal(words_of(keyword)), 0)
            if hits:
                score += min(hits, PER_KEYWORD)
                matched.append(keyword)
        if score:
            found.append(Suggestion(theme, score, tuple(matched)))
    found.sort(key=lambda s: (-s.score, s.theme.name))
    return found[:limit]
