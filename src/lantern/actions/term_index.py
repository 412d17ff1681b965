"""Repeat learning's scoring over stored term weights (issue 13): a partnership's whole
learning indexed once per change, and queried with any subset of it as the candidates.

Each answer is ``SimilarityIndex`` built over that subset (IDF over the candidates only,
so learning a person may not see never weighs their scores), to the same keys and the
same rounded scores, without weighing every candidate on each query:

- document frequencies of the subset are the whole's, less those of the items left out
  (or, when few items are candidates, counted over those few);
- dot products come from the postings of the query's terms, in numpy;
- an item's squared norm at corpus size n is A²·s0 − 2A·s1 + s2, with A = ln(1 + n) + 1
  and s0, s1, s2 its squared weights summed plain, times ln(1 + df) and times ln(1 + df)²;
  stored for the whole, they are corrected only for the terms of the items left out.

No Django: lantern.actions.learning_index keeps the weights and builds the index.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import chain

import numpy as np

from .similarity import DEFAULT_LIMIT, DEFAULT_THRESHOLD, Match, term_weights

# Left out of every item, this many or fewer are subtracted from the whole's counts; else
# this many or fewer candidates are scored one by one; else every weight is counted in numpy.
FEW_LEFT_OUT = 500
FEW_CANDIDATES = 1500
# A rounded score (4 places) can equal one whose unrounded value is up to this much higher.
_ROUNDING = 1e-4


def columns(weights: Iterable[tuple[str, float]]) -> tuple[list[str], list[float]]:
    """A text's ``term_weights()`` as two lists, the form they are stored and indexed in
    (two lists per item, not a pair per term: far fewer objects to load and collect)."""
    terms: list[str] = []
    values: list[float] = []
    for term, weight in weights:
        terms.append(term)
        values.append(weight)
    return terms, values


class TermIndex:
    """The postings, document frequencies and norm sums of ``(key, weights)`` items."""

    def __init__(self, items: Iterable[tuple[str, Sequence[str], Sequence[float]]]) -> None:
        """``items``: each item's key, terms and their weights (``columns()``). Only
        numbers are kept per item: a partnership's texts' terms are not held as strings."""
        self.keys: list[str] = []
        terms: list[Sequence[str]] = []
        weights: list[Sequence[float]] = []
        for key, item_terms, item_weights in items:
            self.keys.append(key)
            terms.append(item_terms)
            weights.append(item_weights)
        self.positions: dict[str, int] = {key: n for n, key in enumerate(self.keys)}
        size = len(self.keys)
        # Every (item, term, weight), item by item in each item's term order.
        ids: dict[str, int] = {}
        self._entry_term = np.array(
            [ids.setdefault(term, len(ids)) for term in chain.from_iterable(terms)],
            dtype=np.int64,
        )
        self._entry_weight = np.fromiter(chain.from_iterable(weights), dtype=np.float64)
        lengths = [len(item_terms) for item_terms in terms]
        del terms, weights
        self._entry_item = np.repeat(np.arange(size, dtype=np.int64), lengths)
        self._offsets: list[int] = [0, *np.cumsum(lengths, dtype=np.int64).tolist()]
        self._term_ids = ids
        self._term_count = len(ids)
        # An item holds each term once, so a term's entries are its document frequency.
        counts = np.bincount(self._entry_term, minlength=len(ids))
        self._counts: list[int] = counts.tolist()
        logs = np.log(1.0 + counts)[self._entry_term]
        squares = self._entry_weight * self._entry_weight
        self._s0 = np.bincount(self._entry_item, weights=squares, minlength=size)
        self._s1 = np.bincount(self._entry_item, weights=squares * logs, minlength=size)
        self._s2 = np.bincount(self._entry_item, weights=squares * logs * logs, minlength=size)
        # Postings, by term id: the entries grouped by term, each term's in item order.
        order = np.argsort(self._entry_term, kind="stable")
        items_by_term = self._entry_item[order]
        weights_by_term = self._entry_weight[order]
        bounds = [0, *np.cumsum(counts).tolist()]
        self._postings: list[tuple[np.ndarray, np.ndarray]] = [
            (
                items_by_term[bounds[number] : bounds[number + 1]],
                weights_by_term[bounds[number] : bounds[number + 1]],
            )
            for number in range(len(ids))
        ]

    def __len__(self) -> int:
        return len(self.keys)

    def df(self, term: str) -> int:
        """How many items hold ``term``."""
        number = self._term_ids.get(term)
        return 0 if number is None else self._counts[number]

    def _item(self, position: int) -> tuple[list[int], list[float]]:
        start, end = self._offsets[position], self._offsets[position + 1]
        return self._entry_term[start:end].tolist(), self._entry_weight[start:end].tolist()

    def query(
        self,
        text: str,
        *,
        candidates: Iterable[str] | None = None,
        exclude: Iterable[str] = (),
        limit: int = DEFAULT_LIMIT,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> list[Match]:
        """As ``SimilarityIndex(those items).query(text)``, over the items whose keys
        are in ``candidates`` (every item when None) and not in ``exclude``. Keys the
        index does not hold are ignored."""
        if limit <= 0 or not text or not text.strip():
            return []
        left_out = {self.positions[k] for k in exclude if k in self.positions}
        if candidates is None:
            if len(left_out) <= FEW_LEFT_OUT:
                return self._query_most(text, left_out, limit, threshold)
            inside = set(range(len(self.keys))) - left_out
        else:
            inside = {self.positions[k] for k in candidates if k in self.positions} - left_out
        # The cheapest way to count: the few left out, the few candidates, or everything
        # in numpy.
        if len(self.keys) - len(inside) <= FEW_LEFT_OUT:
            return self._query_most(text, set(range(len(self.keys))) - inside, limit, threshold)
        if len(inside) <= FEW_CANDIDATES:
            return self._query_few(text, sorted(inside), limit, threshold)
        return self._query_many(text, inside, limit, threshold)

    def _query_vector(
        self, text: str, idf: Callable[[str], float]
    ) -> tuple[dict[int, float], float]:
        """The query's weights by term id (terms no item holds match nothing, but count
        in its norm, as SimilarityIndex counts them), and its norm."""
        ids = self._term_ids
        vector: dict[int, float] = {}
        squares = []
        for term, weight in term_weights(text):
            weighted = weight * idf(term)
            squares.append(weighted * weighted)
            if term in ids:
                vector[ids[term]] = weighted
        return vector, math.sqrt(sum(squares))

    def _query_few(self, text: str, inside: list[int], limit: int, threshold: float) -> list[Match]:
        """``similarity.similar()`` over the stored weights of a few candidates."""
        items = [self._item(position) for position in inside]
        df: Counter[int] = Counter()
        for item_terms, _ in items:
            df.update(item_terms)
        n = len(inside)
        idf = {t: math.log((1 + n) / (1 + count)) + 1.0 for t, count in df.items()}
        unseen = math.log(1 + n) + 1.0
        ids = self._term_ids
        vector, query_norm = self._query_vector(
            text, lambda term: idf.get(ids.get(term, -1), unseen)
        )
        if query_norm == 0.0:
            return []
        scored: list[tuple[str, float]] = []
        for position, (item_terms, item_weights) in zip(inside, items, strict=True):
            squares = 0.0
            product = 0.0
            for term, weight in zip(item_terms, item_weights, strict=True):
                weighted = weight * idf[term]
                squares += weighted * weighted
                if term in vector:
                    product += weighted * vector[term]
            if product:
                scored.append((self.keys[position], product / (query_norm * math.sqrt(squares))))
        return _ranked(scored, limit, threshold)

    def _query_many(self, text: str, inside: set[int], limit: int, threshold: float) -> list[Match]:
        """Many candidates and many left out: document frequencies and norms counted
        over every stored weight of the candidates, in numpy."""
        n = len(inside)
        mask = np.zeros(len(self.keys), dtype=bool)
        mask[np.fromiter(inside, dtype=np.int64, count=n)] = True
        chosen = mask[self._entry_item]
        terms = self._entry_term[chosen]
        counts = np.bincount(terms, minlength=self._term_count)
        idf_of = np.log((1 + n) / (1 + counts)) + 1.0
        weighted = self._entry_weight[chosen] * idf_of[terms]
        norms = np.sqrt(
            np.bincount(
                self._entry_item[chosen], weights=weighted * weighted, minlength=len(self.keys)
            )
        )
        unseen = math.log(1 + n) + 1.0
        ids = self._term_ids

        def idf_by_id(number: int) -> float:
            count = int(counts[number])
            return math.log((1 + n) / (1 + count)) + 1.0 if count > 0 else unseen

        vector, query_norm = self._query_vector(
            text, lambda term: idf_by_id(ids[term]) if term in ids else unseen
        )
        if query_norm == 0.0:
            return []
        dots = self._dots(vector, idf_by_id)
        dots[~mask] = 0.0
        touched = np.flatnonzero(dots)
        return self._shown(touched, dots[touched], norms[touched], query_norm, limit, threshold)

    def _dots(self, vector: dict[int, float], idf: Callable[[int], float]) -> np.ndarray:
        # Added term by term in the query's order, as SimilarityIndex.query adds them.
        dots = np.zeros(len(self.keys))
        for number, weight in vector.items():
            positions, weights = self._postings[number]
            dots[positions] += weight * (weights * idf(number))
        return dots

    def _query_most(
        self, text: str, left_out: set[int], limit: int, threshold: float
    ) -> list[Match]:
        """Every item but ``left_out``."""
        removed: Counter[int] = Counter()
        for position in left_out:
            removed.update(self._item(position)[0])
        n = len(self.keys) - len(left_out)
        if n <= 0:
            return []
        counts = self._counts
        unseen = math.log(1 + n) + 1.0

        def idf_of(number: int) -> float:
            count = counts[number] - removed.get(number, 0)
            return math.log((1 + n) / (1 + count)) + 1.0 if count > 0 else unseen

        ids = self._term_ids
        vector, query_norm = self._query_vector(
            text, lambda term: idf_of(ids[term]) if term in ids else unseen
        )
        if query_norm == 0.0:
            return []
        dots = self._dots(vector, idf_of)
        if left_out:
            dots[np.fromiter(left_out, dtype=np.int64, count=len(left_out))] = 0.0
        touched = np.flatnonzero(dots)
        if not len(touched):
            return []
        s1, s2 = self._s1.copy(), self._s2.copy()
        for number, count in removed.items():
            positions, weights = self._postings[number]
            old = math.log(1 + counts[number])
            new = math.log(1 + counts[number] - count)
            squares = weights * weights
            s1[positions] += squares * (new - old)
            s2[positions] += squares * (new * new - old * old)
        norms = unseen * unseen * self._s0[touched] - 2 * unseen * s1[touched] + s2[touched]
        norms = np.sqrt(np.maximum(norms, 0.0))
        return self._shown(touched, dots[touched], norms, query_norm, limit, threshold)

    def _shown(
        self,
        touched: np.ndarray,
        products: np.ndarray,
        norms: np.ndarray,
        query_norm: float,
        limit: int,
        threshold: float,
    ) -> list[Match]:
        if not len(touched):
            return []
        with np.errstate(divide="ignore", invalid="ignore"):
            raw = np.where(norms > 0.0, products / (query_norm * norms), 0.0)
        # Only those that could round to a shown score go on to be rounded: at or above
        # the threshold, and as high as the limit-th best.
        floor = threshold
        if len(raw) > limit:
            floor = max(floor, float(np.partition(raw, len(raw) - limit)[len(raw) - limit]))
        floor -= _ROUNDING
        chosen = np.flatnonzero(raw >= floor)
        scored = [(self.keys[int(touched[i])], float(raw[i])) for i in chosen]
        return _ranked(scored, limit, threshold)


def _ranked(scored: list[tuple[str, float]], limit: int, threshold: float) -> list[Match]:
    matches = []
    for key, raw in scored:
        # Rounded as SimilarityIndex rounds, so that near-equal scores tie the same way.
        score = round(min(1.0, raw), 4)
        if score > 0.0 and score >= threshold:
            matches.append(Match(key, score))
    matches.sort(key=lambda m: (-m.score, m.key))
    return matches[:limit]
