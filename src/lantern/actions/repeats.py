"""Repeat learning: which earlier recommendations and findings of the partnership a
recommendation resembles, among those the person may see.

Recommendations that repeat across reviews and are never implemented are a known
national problem. Before a recommendation is saved (and on its page afterwards) Lantern
shows the most similar earlier learning with its source and where it stands, so that the
writer can link the new one to it ("This repeats …") instead of writing it again.
lantern.actions.similarity scores the text; this module chooses the candidates under the
policy and dresses the matches for the page.
"""

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lantern.access.policy import Perm, has_perm
from lantern.cases.models import Case, CaseMembership

from . import learning_index
from .display import progress_of, source_label
from .models import Finding, Recommendation
from .selectors import recommendations_for_user

LIMIT = 5
#: An answer is kept this long at most; a change to the learning retires it at once.
CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class SimilarLearning:
    """An earlier recommendation or finding like the text, with what the page shows."""

    key: str
    score: float
    recommendation: Recommendation | None = None
    finding: Finding | None = None
    status: str = ""

    @property
    def case(self) -> Case:
        item = self.recommendation or self.finding
        assert item is not None
        return item.case

    @property
    def label(self) -> str:
        if self.recommendation is not None:
            return self.recommendation.label
        assert self.finding is not None
        return f"{self.finding.case.reference} finding {self.finding.number}"

    @property
    def text(self) -> str:
        item = self.recommendation or self.finding
        assert item is not None
        return item.text

    @property
    def source(self) -> str:
        return f"{source_label(self.case.pathway)}: {self.case.get_pathway_display()}"

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def findings_for_user(user: Any) -> QuerySet[Finding]:
    """The findings of the partnership this person may see: those of the cases they read,
    and those answered by a recommendation they may see."""
    # The policy refuses deactivated people everything, as recommendations_for_user does.
    if not user.is_authenticated or not user.is_active or not user.partnership_id:
        return Finding.objects.none()
    findings = Finding.objects.filter(case__partnership_id=user.partnership_id)
    if has_perm(user, Perm.VIEW_ALL_CASES):
        return findings
    member = CaseMembership.objects.filter(case=OuterRef("case"), person=user)
    answered = recommendations_for_user(user).filter(finding=OuterRef("pk"))
    return findings.filter(Q(Exists(member)) | Q(Exists(answered)))


def similar_learning(
    user: Any,
    text: str,
    *,
    exclude: Recommendation | None = None,
    case: Case | None = None,
    limit: int = LIMIT,
    today: datetime.date | None = None,
) -> list[SimilarLearning]:
    """The earlier learning most like `text`, best first: recommendations and findings of
    the person's partnership that they may see, except `exclude` (the recommendation
    being written or shown) and the findings of its own `case` (which it answers).

    Scored on the partnership's stored index (lantern.actions.learning_index) over the
    candidates the policy gives the person, by id; the matches are cached under the
    partnership's learning version, so a revisit costs a few queries."""
    if not text.strip() or not user.is_authenticated or not user.partnership_id:
        return []
    today = today or timezone.localdate()
    recommendations = recommendations_for_user(user)
    findings = findings_for_user(user)
    if exclude is not None and exclude.pk:
        recommendations = recommendations.exclude(pk=exclude.pk)
    if case is not None:
        findings = findings.exclude(case=case)
    partnership_id = user.partnership_id
    version = learning_index.version_of(partnership_id)
    candidates: list[str] | None = None
    left_out: list[str] = []
    if has_perm(user, Perm.VIEW_ALL_CASES):
        # Whoever reads every case may see all the partnership's learning: only what is
        # left out is listed.
        if exclude is not None and exclude.pk:
            left_out.append(learning_index.recommendation_key(exclude.pk))
        if case is not None:
            left_out += [
                learning_index.finding_key(pk)
                for pk in Finding.objects.filter(case=case).values_list("pk", flat=True)
            ]
    else:
        # The others are given what the policy's lists hold, ids only.
        candidates = [
            learning_index.recommendation_key(pk)
            for pk in recommendations.values_list("pk", flat=True)
        ] + [learning_index.finding_key(pk) for pk in findings.values_list("pk", flat=True)]
    cache_key = _cache_key(partnership_id, version, text, limit, candidates, left_out)
    found = None if cache_key is None else cache.get(cache_key)
    if found is None:
        index = learning_index.index_for(partnership_id, version)
        matches = index.query(text, candidates=candidates, exclude=left_out, limit=limit)
        found = [(m.key, m.score) for m in matches]
        if cache_key is not None:
            cache.set(cache_key, found, CACHE_SECONDS)
    if not found:
        return []
    wanted = {key for key, _ in found}
    found_recommendations = {
        f"rec:{r.pk}": r
        for r in recommendations.filter(pk__in=_ids(wanted, "rec")).prefetch_related("actions")
    }
    found_findings = {
        f"finding:{f.pk}": f
        for f in findings.filter(pk__in=_ids(wanted, "finding"))
        .select_related("case")
        .prefetch_related("recommendations")
    }
    results = []
    for key, score in found:
        if key in found_recommendations:
            recommendation = found_recommendations[key]
            status = progress_of(recommendation.actions.all(), today)
            results.append(
                SimilarLearning(key, score, recommendation=recommendation, status=status)
            )
        elif key in found_findings:
            earlier = found_findings[key]
            count = len(earlier.recommendations.all())
            status = f"{count} recommendation{'s' if count != 1 else ''}"
            results.append(SimilarLearning(key, score, finding=earlier, status=status))
    return results


def _cache_key(
    partnership_id: int,
    version: str | None,
    text: str,
    limit: int,
    candidates: list[str] | None,
    left_out: list[str],
) -> str | None:
    """The answer's key: the learning's version, and everything the answer depends on,
    the reader's candidates among them (so no one is given another person's answer)."""
    if version is None:
        return None
    digest = hashlib.sha256()
    for part in (text, str(limit), "all" if candidates is None else ",".join(sorted(candidates))):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(",".join(sorted(left_out)).encode())
    return f"lantern:learning:{partnership_id}:{version}:{digest.hexdigest()}"


def _ids(keys: set[str], prefix: str) -> list[int]:
    return [int(k.split(":", 1)[1]) for k in keys if k.startswith(f"{prefix}:")]
