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


@dataclass(frozen=True)
class Suggestion:
    theme: Theme
    score: int
    keywords: tuple[str, ...]  # the keywords found, as the theme lists them


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _normal(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_singular(w) for w in words)


_NORMAL_PHRASES = {
    _normal(key): tuple(_normal(w) for w in wordings) for key, wordings in PHRASES.items()
}


def _keyword_counts(text: str, keywords: set[tuple[str, ...]]) -> Counter[tuple[str, ...]]:
    """How often each keyword occurs, reading the text left to right and taking the
    longest keyword at each place, so "self-neglect" counts once, for itself, and not for
    "neglect" too. A run of words that is an acronym or its expansion counts for every
    wording of it."""
    words = _normal(words_of(text))
    longest = max((len(k) for k in keywords), default=0)
    longest = max(longest, LONGEST_PHRASE)
    counts: Counter[tuple[str, ...]] = Counter()
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            span = words[i : i + size]
            found = {span, *_NORMAL_PHRASES.get(span, ())} & keywords
            if found:
                counts.update(found)
                i += size
                break
        else:
            i += 1
    return counts


def theme_suggestions(*, partnership: Partnership, text: str, limit: int = 5) -> list[Suggestion]:
    """The partnership's themes that `text` suggests, most strongly suggested first."""
    themes = list(Theme.objects.for_partnership(partnership.pk).active())
    keywords = {t.pk: t.keyword_list() or [t.name] for t in themes}
    counts = _keyword_counts(
        text, {_normal(words_of(k)) for ks in keywords.values() for k in ks} - {()}
    )
    found: list[Suggestion] = []
    for theme in themes:
        score = 0
        matched: list[str] = []
        for keyword in keywords[theme.pk]:
            hits = counts.get(_normal(words_of(keyword)), 0)
            if hits:
                score += min(hits, PER_KEYWORD)
                matched.append(keyword)
        if score:
            found.append(Suggestion(theme, score, tuple(matched)))
    found.sort(key=lambda s: (-s.score, s.theme.name))
    return found[:limit]
