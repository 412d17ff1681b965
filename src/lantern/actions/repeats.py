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
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lantern.access.policy import Perm, has_perm
from lantern.cases.models import Case, CaseMembership

from .display import progress_of, source_label
from .models import Finding, Recommendation
from .selectors import recommendations_for_user
from .similarity import Candidate, similar

LIMIT = 5


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
    if not user.is_authenticated or not user.partnership_id:
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
    being written or shown) and the findings of its own `case` (which it answers)."""
    if not text.strip():
        return []
    today = today or timezone.localdate()
    recommendations = recommendations_for_user(user)
    if exclude is not None and exclude.pk:
        recommendations = recommendations.exclude(pk=exclude.pk)
    findings = findings_for_user(user)
    if case is not None:
        findings = findings.exclude(case=case)
    candidates = [
        Candidate(f"rec:{pk}", body) for pk, body in recommendations.values_list("pk", "text")
    ] + [Candidate(f"finding:{pk}", body) for pk, body in findings.values_list("pk", "text")]
    matches = similar(text, candidates, limit=limit)
    if not matches:
        return []
    wanted = {m.key for m in matches}
    found_recommendations = {
        f"rec:{r.pk}": r
        for r in recommendations.filter(pk__in=_ids(wanted, "rec")).prefetch_related("actions")
    }
    found_findings = {
        f"finding:{f.pk}": f
        for f in Finding.objects.filter(pk__in=_ids(wanted, "finding"))
        .select_related("case")
        .prefetch_related("recommendations")
    }
    results = []
    for match in matches:
        if match.key in found_recommendations:
            recommendation = found_recommendations[match.key]
            status = progress_of(recommendation.actions.all(), today)
            results.append(
                SimilarLearning(
                    match.key, match.score, recommendation=recommendation, status=status
                )
            )
        elif match.key in found_findings:
            earlier = found_findings[match.key]
            count = len(earlier.recommendations.all())
            status = f"{count} recommendation{'s' if count != 1 else ''}"
            results.append(SimilarLearning(match.key, match.score, finding=earlier, status=status))
    return results


def _ids(keys: set[str], prefix: str) -> list[int]:
    return [int(k.split(":", 1)[1]) for k in keys if k.startswith(f"{prefix}:")]
