"""The repeat-learning index of a partnership, kept up to date when its learning changes
(issue 13), so that a query does not normalise and weigh 6,000+ texts on every visit.

- Each recommendation's and finding's term weights are stored (``LearningTerms``) when it
  is saved, and dropped when it is deleted.
- Each such save or delete bumps the partnership's ``LearningVersion``, a row in the
  database, so every app process learns of the change with one query per request.
- Each process keeps the partnership's ``TermIndex`` (document frequencies, postings and
  norms) built from the stored weights, under the version it was built at, and builds it
  again when the version has moved on. Answers cached in Django's cache carry the version
  in their key, so they are never read after a change.

Writes that skip ``save()`` must say so: after ``bulk_create``, call ``refresh()``
(weighs and stores the new texts, bumps the version); after ``QuerySet.update()`` of a
text, delete those items' ``LearningTerms`` rows, then call ``refresh()``. Deletes, even
``QuerySet.delete()``, send the signals this module listens to.
"""

import uuid
from collections import OrderedDict
from threading import Lock
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.signals import post_delete, post_save

from lantern.cases.models import Case

from .models import Finding, LearningTerms, LearningVersion, Recommendation
from .similarity import term_weights
from .term_index import TermIndex, columns

#: How many partnerships' indexes a process keeps (about 15 MB each at 6,000 items, 100 MB
#: at 60,000).
KEPT = 4
BATCH = 2000

_indexes: "OrderedDict[int, tuple[str, TermIndex]]" = OrderedDict()
_lock = Lock()


def recommendation_key(pk: int) -> str:
    return f"rec:{pk}"


def finding_key(pk: int) -> str:
    return f"finding:{pk}"


def version_of(partnership_id: int) -> str | None:
    """The name of the partnership's learning version (one query); None until its
    learning first changes, when nothing built is kept."""
    found = (
        LearningVersion.objects.filter(partnership_id=partnership_id)
        .values_list("version", "stamp")
        .first()
    )
    return None if found is None else f"{found[0]}-{found[1].hex}"


def learning_changed(partnership_id: int) -> None:
    """Marks the partnership's learning as changed: every process's index and every
    cached answer of the partnership is out of date from the next request."""
    rows = LearningVersion.objects.filter(partnership_id=partnership_id)
    if rows.update(version=F("version") + 1, stamp=uuid.uuid4()):
        return
    with transaction.atomic():
        _row, created = LearningVersion.objects.select_for_update().get_or_create(
            partnership_id=partnership_id, defaults={"version": 1}
        )
        if not created:
            rows.update(version=F("version") + 1, stamp=uuid.uuid4())


def index_for(partnership_id: int, version: str | None) -> TermIndex:
    """The partnership's index at ``version``: this process's copy, or built again."""
    if version is None:
        return build(partnership_id)
    with _lock:
        kept = _indexes.get(partnership_id)
        if kept is not None and kept[0] == version:
            _indexes.move_to_end(partnership_id)
            return kept[1]
    index = build(partnership_id)
    with _lock:
        _indexes[partnership_id] = (version, index)
        _indexes.move_to_end(partnership_id)
        while len(_indexes) > KEPT:
            _indexes.popitem(last=False)
    return index


def forget() -> None:
    """Drops this process's indexes (tests and benchmarks measuring a first visit)."""
    with _lock:
        _indexes.clear()


def build(partnership_id: int) -> TermIndex:
    """The index of every recommendation and finding of the partnership, from the stored
    weights; texts without them are weighed now and stored, stale rows are dropped."""
    stored = dict(
        LearningTerms.objects.filter(partnership_id=partnership_id).values_list("key", "terms")
    )
    recommendations = Recommendation.objects.filter(partnership_id=partnership_id)
    findings = Finding.objects.filter(case__partnership_id=partnership_id)
    kinds = recommendations.annotate(kind=Value("rec")).values_list("kind", "pk").order_by()
    kinds = kinds.union(
        findings.annotate(kind=Value("finding")).values_list("kind", "pk").order_by(), all=True
    )
    keys = [f"{kind}:{pk}" for kind, pk in kinds]
    missing = [key for key in keys if key not in stored]
    if missing:
        stored.update(_weigh(partnership_id, missing, recommendations, findings))
    stale = set(stored) - set(keys)
    if stale:
        LearningTerms.objects.filter(partnership_id=partnership_id, key__in=stale).delete()
    return TermIndex((key, stored[key]["terms"], stored[key]["weights"]) for key in keys)


def refresh(partnership_id: int) -> None:
    """Stores the weights of texts inserted in bulk and marks the learning changed."""
    build(partnership_id)
    learning_changed(partnership_id)


def _weigh(
    partnership_id: int, keys: list[str], recommendations: Any, findings: Any
) -> dict[str, dict[str, list[Any]]]:
    wanted: dict[str, list[int]] = {"rec": [], "finding": []}
    for key in keys:
        kind, pk = key.split(":", 1)
        wanted[kind].append(int(pk))
    weighed: dict[str, dict[str, list[Any]]] = {}
    for kind, queryset in (("rec", recommendations), ("finding", findings)):
        for start in range(0, len(wanted[kind]), BATCH):
            chunk = wanted[kind][start : start + BATCH]
            for pk, text in queryset.filter(pk__in=chunk).values_list("pk", "text"):
                weighed[f"{kind}:{pk}"] = _as_json(term_weights(text))
    LearningTerms.objects.bulk_create(
        [LearningTerms(partnership_id=partnership_id, key=k, terms=t) for k, t in weighed.items()],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return weighed


def _as_json(weights: tuple[tuple[str, float], ...]) -> dict[str, list[Any]]:
    terms, values = columns(weights)
    return {"terms": terms, "weights": values}


def _store(partnership_id: int, key: str, text: str) -> None:
    LearningTerms.objects.update_or_create(
        key=key,
        defaults={"partnership_id": partnership_id, "terms": _as_json(term_weights(text))},
    )
    learning_changed(partnership_id)


def _drop(key: str, partnership_id: int | None) -> None:
    if partnership_id is None:
        # A finding deleted with its case may have no case to ask any more.
        partnership_id = (
            LearningTerms.objects.filter(key=key).values_list("partnership_id", flat=True).first()
        )
    LearningTerms.objects.filter(key=key).delete()
    if partnership_id is not None:
        learning_changed(partnership_id)


def _finding_partnership(finding: Finding) -> int | None:
    if Finding.case.is_cached(finding):
        return finding.case.partnership_id
    return Case.objects.filter(pk=finding.case_id).values_list("partnership_id", flat=True).first()


def _recommendation_saved(sender: Any, instance: Recommendation, raw: bool, **kwargs: Any) -> None:
    if not raw:
        _store(instance.partnership_id, recommendation_key(instance.pk), instance.text)


def _finding_saved(sender: Any, instance: Finding, raw: bool, **kwargs: Any) -> None:
    partnership_id = _finding_partnership(instance)
    if not raw and partnership_id is not None:
        _store(partnership_id, finding_key(instance.pk), instance.text)


def _recommendation_deleted(sender: Any, instance: Recommendation, **kwargs: Any) -> None:
    _drop(recommendation_key(instance.pk), instance.partnership_id)


def _finding_deleted(sender: Any, instance: Finding, **kwargs: Any) -> None:
    _drop(finding_key(instance.pk), _finding_partnership(instance))


def connect() -> None:
    post_save.connect(_recommendation_saved, sender=Recommendation, dispatch_uid="learning_rec")
    post_save.connect(_finding_saved, sender=Finding, dispatch_uid="learning_finding")
    post_delete.connect(
        _recommendation_deleted, sender=Recommendation, dispatch_uid="learning_rec_del"
    )
    post_delete.connect(_finding_deleted, sender=Finding, dispatch_uid="learning_finding_del")
