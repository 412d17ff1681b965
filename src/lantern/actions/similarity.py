"""Repeat learning: which earlier recommendations and findings a new one resembles.

When a group writes a recommendation, Lantern shows the most similar earlier
recommendations and findings in the partnership, so that the group can link the new
one to the earlier learning instead of writing it again (recommendations that repeat
across reviews and are never implemented are a known national problem).

Pure Python, standard library only: no Django, no numpy. The caller fetches the
candidates (``Candidate(key="rec:12", text=...)``) and shows each ``Match`` with the
candidate's status; this module only scores text.

How it scores:

1. ``terms()`` normalises UK safeguarding English: lowercase, fold typography, replace
   domain synonyms and acronyms by one canonical token (``SYNONYM_GROUPS``), tokenise, drop
   stop words (including the verbs every recommendation uses: "ensure", "should",
   "partnership"...), stem with a light suffix stripper (``stem()``), and add bigrams of
   adjacent kept words.
2. ``SimilarityIndex`` weights each candidate's terms by TF-IDF (sublinear term
   frequency, smoothed inverse document frequency over the candidates) and scores a
   query by cosine similarity, 0..1.

Normalised texts are kept in small in-process LRU caches (``_tf``, ``_words``,
``stem``), so scoring the same candidates again costs a fraction of the first time;
nothing is written anywhere. Lantern itself stores each text's ``term_weights()`` when it
is saved and scores a partnership's learning with lantern.actions.term_index, which gives
the same answers as ``SimilarityIndex`` without weighing every candidate per query.

The measured figures, and how ``DEFAULT_THRESHOLD`` was chosen, are in
docs/repeat-learning.md; ``benchmarks/repeat_learning.py`` reproduces them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_THRESHOLD",
    "Candidate",
    "Match",
    "SimilarityIndex",
    "similar",
    "stem",
    "term_weights",
    "terms",
]

# Matches scoring below this are not shown. Chosen with benchmarks/repeat_learning.py
# on its labelled set (102 items, 40 true repeats): 0.20 gives the best F2 (recall
# weighted twice precision, because a missed repeat costs the partnership more than a
# glance at one extra suggestion): recall 0.78 (31 of 40 repeats shown), precision of
# what is shown 0.60, something shown for 19% of recommendations that repeat nothing
# (mostly same-topic learning), about half a suggestion per query. At 0.15, recall is
# 0.83 but 44% of new learning gets a suggestion; at 0.25 recall falls to 0.58. A
# caller that wants related learning as well as likely repeats passes threshold=0.0
# and marks matches at or above this value as "likely repeat".
DEFAULT_THRESHOLD = 0.20
DEFAULT_LIMIT = 5

# Bigrams ("safe sleep", "return interview") are weighted below single words: they make
# phrase matches count for more, but a paraphrase seldom keeps word order.
BIGRAM_WEIGHT = 0.5


@dataclass(frozen=True)
class Candidate:
    """An earlier recommendation or finding in the partnership."""

    key: str  # e.g. "rec:12" or "finding:5"
    text: str


@dataclass(frozen=True)
class Match:
    key: str
    score: float  # 0..1, cosine of the TF-IDF vectors, rounded to 4 places


# --- Normalisation -------------------------------------------------------------------

# Domain synonyms: each phrase on the right becomes the canonical token on the left
# before tokenising, so that different words for the same practice idea meet. Kept
# modest on purpose: only terms the sector itself treats as interchangeable, each
# group with the reason it is here. Longer phrases are replaced first.
SYNONYM_GROUPS: dict[str, tuple[str, ...]] = {
    # Schools' safeguarding lead goes by the acronym as often as by the title.
    "dsl": ("designated safeguarding lead", "designated safeguarding leads", "dsls"),
    # Reviews say "GP", "general practitioner", "GP practice/surgery" and "general
    # practice" for the same primary-care service. Bare "practice" and "surgery" are
    # left alone: "practice" usually means professional practice.
    "gp": (
        "general practitioners",
        "general practitioner",
        "general practice",
        "gp practices",
        "gp practice",
        "gp surgeries",
        "gp surgery",
        "family doctor",
        "gps",
    ),
    # Education, Health and Care plan: acronym and full name.
    "ehcp": ("education health and care plans", "education health and care plan", "ehcps"),
    # Multi-Agency Safeguarding Hub: acronym and full name.
    "mash": ("multi-agency safeguarding hub", "multi agency safeguarding hub"),
    # The sector moved from "did not attend" (DNA) to "was not brought" for children;
    # reviews use all of them, and "missed appointments", for the same concern.
    "wnb": (
        "was not brought",
        "were not brought",
        "not being brought",
        "not brought",
        "did not attend",
        "dna",
        "dnas",
        "missed appointments",
        "missed appointment",
    ),
    # "Professional curiosity" is the term of art; reviews also say "be curious".
    "curious": ("professional curiosity", "curiosity"),
    # Escalation policies are also called protocols for "resolving professional
    # differences/disagreements" and the act is often called "challenge".
    "escalat": (
        "resolving professional differences",
        "resolution of professional differences",
        "resolving professional disagreements",
        "resolution of professional disagreements",
        "professional differences",
        "professional disagreements",
        "escalation",
        "escalations",
        "escalate",
        "escalated",
        "escalating",
        "challenge",
        "challenged",
        "challenging",
    ),
    # "Think family" and "whole family" approaches are the same idea.
    "thinkfamily": ("think family", "whole family", "whole-family"),
    # The Mental Capacity Act 2005 and capacity assessments under it; in reviews bare
    # "capacity" nearly always means mental capacity.
    "mca": ("mental capacity act", "mental capacity", "capacity"),
    # Spelt with and without the hyphen, and as a verb.
    "selfneglect": (
        "self-neglecting",
        "self-neglects",
        "self-neglected",
        "self-neglect",
        "self neglecting",
        "self neglects",
        "self neglected",
        "self neglect",
    ),
    # Domestic abuse risk assessment: the DASH checklist and MARAC, with full names.
    "dash": ("dash risk assessment", "dash checklist", "dash ric"),
    "marac": ("multi-agency risk assessment conference", "multi agency risk assessment conference"),
    "idva": ("independent domestic violence advisers", "independent domestic violence adviser"),
    # "Domestic violence" is the older term for domestic abuse.
    "domesticabuse": ("domestic abuse", "domestic violence"),
    # Child and Adolescent Mental Health Services: acronym and full name.
    "camhs": ("child and adolescent mental health services", "child and adolescent mental health"),
    # Fabricated or induced illness: acronym and full name.
    "fii": ("fabricated or induced illness", "fabricated and induced illness"),
    # Sudden unexpected death in infancy / sudden infant death (syndrome).
    "sudi": ("sudden unexpected death in infancy", "sudden infant death", "sids"),
}


def _word_set(*groups: str) -> frozenset[str]:
    return frozenset(word for group in groups for word in group.split())


STOP_WORDS = _word_set(
    # Ordinary English function words.
    """a about above after again against all also am an and any are as at be because
    been before being below between both but by can cannot could did do does doing done
    down during each either etc even ever every for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just least
    less may me might more most much my myself no nor not now of off on once one only or
    other others our ours ourselves out over own per same she so some such than that the
    their theirs them themselves then there these they this those through to too under
    until up upon us very via was we were what when where whether which while who whom
    whose why will with within without would yet you your yours eg ie
    """
    # Words every recommendation uses, which say nothing about its learning.
    """ensure ensures ensuring should must need needs needed consider considers considered
    considering partnership partnerships board boards agency agencies multi-agency
    multiagency professional professionals practitioner practitioners staff local
    relevant appropriate appropriately including include includes review reviews learning
    recommendation recommendations finding findings take taken make made use used using
    able clear clearly always all new key""",
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "‑": "-"})
_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _synonym_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    lookup: dict[str, str] = {}
    for canonical, phrases in SYNONYM_GROUPS.items():
        lookup[canonical] = canonical
        for phrase in phrases:
            lookup[phrase] = canonical
    alternatives = sorted(lookup, key=lambda p: (-len(p), p))
    pattern = r"(?<![a-z0-9])(?:" + "|".join(re.escape(p) for p in alternatives) + r")(?![a-z0-9])"
    return re.compile(pattern), lookup


_SYNONYM, _SYNONYM_LOOKUP = _synonym_pattern()
# The canonical tokens are not stemmed further.
_CANONICAL = frozenset(SYNONYM_GROUPS)

# Suffixes the stemmer strips, longest first, with what replaces them.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("isations", "is"),
    ("izations", "iz"),
    ("isation", "is"),
    ("ization", "iz"),
    ("ations", ""),
    ("ation", ""),
    ("ments", ""),
    ("ment", ""),
    ("nesses", ""),
    ("ness", ""),
    ("ances", ""),
    ("ance", ""),
    ("ences", ""),
    ("ence", ""),
    ("ings", ""),
    ("ing", ""),
    ("als", ""),
    ("al", ""),
    ("ed", ""),
)
_VOWELS = frozenset("aeiouy")
_MIN_STEM = 4


# Irregular plurals common in reviews, which no suffix rule reaches.
_IRREGULAR = {"children": "child", "people": "person", "men": "man", "women": "woman"}
# Words ending in "ly" that are not adverbs made from an adjective.
_NOT_ADVERBS = _word_set(
    "family early only likely supply apply reply daily elderly assembly friendly"
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper: "-ly", plurals, then one suffix, then a final "e" or a
    doubled consonant. "assessments" → "assess", "referrals"/"referred"/"referring" →
    "refer", "discharged"/"discharge" → "discharg". Stems stay at least four letters,
    so short words ("need", "safe", "used") are left as they are."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= _MIN_STEM or not word.isalpha():
        return word
    # Adverbs: "safely" meets "safe", "routinely" meets "routine".
    if word.endswith("ly") and len(word) > _MIN_STEM + 1 and word not in _NOT_ADVERBS:
        word = word[:-2]
    # Plurals and third person.
    if word.endswith("ies") and len(word) - 3 >= _MIN_STEM - 1:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    stripped = False
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix):
            base = word[: -len(suffix)] + replacement
            if len(base) >= _MIN_STEM and _VOWELS & set(base):
                word = base
                stripped = True
            break
    if word.endswith("e") and len(word) > _MIN_STEM:
        word = word[:-1]
    elif (
        stripped
        and len(word) > _MIN_STEM
        and word[-1] == word[-2]
        and word[-1] not in _VOWELS
        and word[-1] not in "lsz"
    ):
        word = word[:-1]  # referr(al) → refer, admitt(ed) → admit
    return word


@lru_cache(maxsize=16384)
def _words(text: str) -> tuple[str, ...]:
    lowered = text.lower().translate(_APOSTROPHES)
    lowered = re.sub(r"'s\b", "", lowered)
    lowered = _SYNONYM.sub(lambda m: f" {_SYNONYM_LOOKUP[m.group(0)]} ", lowered)
    kept: list[str] = []
    for token in _TOKEN.findall(lowered):
        if token in STOP_WORDS or token.isdigit():
            continue
        if token in _CANONICAL:
            kept.append(token)
            continue
        # "multi-agency", "co-sleeping": keep the parts, stemmed, as separate words.
        for part in token.split("-"):
            if part and part not in STOP_WORDS and len(part) > 1:
                kept.append(stem(part))
    return tuple(kept)


def terms(text: str, *, bigrams: bool = True) -> Counter[str]:
    """The bag of terms of a text: stems and canonical synonyms, plus (with
    ``bigrams``) pairs of adjacent ones, written "first second"."""
    words = _words(text)
    bag: Counter[str] = Counter(words)
    if bigrams:
        bag.update(f"{a} {b}" for a, b in pairwise(words) if a != b)
    return bag


@lru_cache(maxsize=16384)
def _tf(text: str, bigrams: bool) -> tuple[tuple[str, float], ...]:
    """Sublinear term frequency, 1 + log(count), with bigrams at ``BIGRAM_WEIGHT``."""
    return tuple(
        (term, (1.0 + math.log(count)) * (BIGRAM_WEIGHT if " " in term else 1.0))
        for term, count in terms(text, bigrams=bigrams).items()
    )


def term_weights(text: str) -> tuple[tuple[str, float], ...]:
    """A candidate's weighted terms before IDF, as every index here weighs them: what a
    caller stores per text (lantern.actions.term_index) so that no query normalises it
    again."""
    return _tf(text, True)


# --- Scoring -------------------------------------------------------------------------


class _Corpus:
    """Term frequencies and smoothed inverse document frequencies of the candidates."""

    def __init__(self, candidates: Iterable[Candidate], bigrams: bool) -> None:
        self.bigrams = bigrams
        self.candidates: list[Candidate] = list(candidates)
        self.tfs = [_tf(c.text, bigrams) for c in self.candidates]
        document_frequency: Counter[str] = Counter()
        for tf in self.tfs:
            document_frequency.update(term for term, _ in tf)
        n = len(self.candidates)
        # Smoothed IDF, as in scikit-learn: ln((1 + n) / (1 + df)) + 1. Never zero, so a
        # word every candidate shares still counts a little; a query word no candidate
        # has gets the largest weight and so lowers every score, as it should.
        self.idf = {t: math.log((1 + n) / (1 + df)) + 1.0 for t, df in document_frequency.items()}
        self.unseen_idf = math.log(1 + n) + 1.0

    def query_vector(self, text: str) -> tuple[dict[str, float], float]:
        idf, unseen = self.idf, self.unseen_idf
        vector = {t: w * idf.get(t, unseen) for t, w in _tf(text, self.bigrams)}
        return vector, math.sqrt(sum(w * w for w in vector.values()))


def _best(
    corpus: _Corpus,
    dots: dict[int, float],
    norms: Sequence[float],
    query_norm: float,
    limit: int,
    threshold: float,
) -> list[Match]:
    matches = []
    for position, product in dots.items():
        # Rounded so that equal texts score exactly 1.0 and near-equal scores tie (and
        # are then ordered by key) whatever the order of floating-point additions.
        score = round(min(1.0, product / (query_norm * norms[position])), 4)
        if score > 0.0 and score >= threshold:
            matches.append(Match(corpus.candidates[position].key, score))
    matches.sort(key=lambda m: (-m.score, m.key))
    return matches[:limit]


class SimilarityIndex:
    """TF-IDF vectors of a set of candidates, built once and queried many times.

    For a partnership's few thousand candidates, build one (a fraction of a second) and
    query it for each new text (a few milliseconds); ``similar()`` is the one-off form.
    """

    def __init__(self, candidates: Iterable[Candidate], *, bigrams: bool = True) -> None:
        self._corpus = _Corpus(candidates, bigrams)
        idf = self._corpus.idf
        self._norms: list[float] = []
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for position, tf in enumerate(self._corpus.tfs):
            squares = 0.0
            for term, weight in tf:
                weighted = weight * idf[term]
                squares += weighted * weighted
                self._postings.setdefault(term, []).append((position, weighted))
            self._norms.append(math.sqrt(squares))

    def __len__(self) -> int:
        return len(self._corpus.candidates)

    def query(
        self,
        text: str,
        *,
        limit: int = DEFAULT_LIMIT,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> list[Match]:
        """The candidates most like ``text``: at most ``limit``, each scoring at least
        ``threshold``, best first, ties broken by key. Blank text gives []."""
        if limit <= 0 or not text or not text.strip():
            return []
        vector, query_norm = self._corpus.query_vector(text)
        if query_norm == 0.0:
            return []
        dots: dict[int, float] = {}
        for term, weight in vector.items():
            for position, candidate_weight in self._postings.get(term, ()):
                dots[position] = dots.get(position, 0.0) + weight * candidate_weight
        return _best(self._corpus, dots, self._norms, query_norm, limit, threshold)


def similar(
    text: str,
    candidates: Iterable[Candidate],
    *,
    limit: int = DEFAULT_LIMIT,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Match]:
    """The earlier recommendations and findings most like ``text``: at most ``limit``
    matches scoring at least ``threshold``, best first, ties broken by key. Blank text
    gives []. Scores are TF-IDF cosines over ``candidates``, 0..1."""
    if limit <= 0 or not text or not text.strip():
        return []
    corpus = _Corpus(candidates, bigrams=True)
    vector, query_norm = corpus.query_vector(text)
    if query_norm == 0.0:
        return []
    idf = corpus.idf
    dots: dict[int, float] = {}
    norms: list[float] = []
    # One pass, no postings: each candidate's norm, and its dot product with the query
    # over the terms they share.
    for position, tf in enumerate(corpus.tfs):
        squares = 0.0
        product = 0.0
        for term, weight in tf:
            weighted = weight * idf[term]
            squares += weighted * weighted
            if term in vector:
                product += weighted * vector[term]
        norms.append(math.sqrt(squares))
        if product:
            dots[position] = product
    return _best(corpus, dots, norms, query_norm, limit, threshold)
