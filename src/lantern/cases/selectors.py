"""Reads of cases that pages and the API share."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from lantern.access.policy import Perm, has_perm

from .models import Case, CaseQuerySet


def cases_for_user(user: Any) -> CaseQuerySet:
    """Every case this person may read: all of the partnership's, or those they are on."""
    if not user.is_authenticated or not user.partnership_id:
        return Case.objects.none()
    cases = Case.objects.in_partnership(user.partnership_id)
    if not has_perm(user, Perm.VIEW_ALL_CASES):
        cases = cases.with_member(user.pk)
    return cases


def my_cases(user: Any) -> CaseQuerySet:
    """Open cases the person is a member of: the 'my work' list."""
    if not user.is_authenticated or not user.partnership_id:
        return Case.objects.none()
    return Case.objects.in_partnership(user.partnership_id).open().with_member(user.pk)


def with_next_due(cases: CaseQuerySet, *, today: datetime.date | None = None) -> CaseQuerySet:
    """Each case with `next_due` (its soonest step not done and not paused) and `overdue`
    (such a step is past its due date), as subqueries of the one query: no query per row."""
    from lantern.clock.models import CaseStep  # clock builds on cases, not the reverse

    today = today or timezone.localdate()
    running = CaseStep.objects.filter(
        case=OuterRef("pk"), done_on__isnull=True, paused_on__isnull=True
    )
    return cases.annotate(
        next_due=Subquery(running.order_by("due").values("due")[:1]),
        overdue=Exists(running.filter(due__lt=today)),
    )


#: The case list's sorts: order_by() for each `sort` value of CaseFilterForm.
CASE_ORDERINGS: dict[str, tuple[Any, ...]] = {
    "opened": ("-opened_on", "reference", "pk"),
    "reference": ("reference", "pk"),
    # Cases with nothing due (closed, or every step done) go last.
    "next_due": (F("next_due").asc(nulls_last=True), "reference", "pk"),
}


def filter_cases(cases: CaseQuerySet, cleaned: Mapping[str, Any]) -> CaseQuerySet:
    """Narrows `cases` (annotated by with_next_due) by the case list's search and filters.

    The search looks in the reference, the pseudonym and the working title, never in
    the subject's name: the list must not become a way to look a child up by name."""
    text = (cleaned.get("q") or "").strip()
    if text:
        cases = cases.filter(
            Q(reference__icontains=text) | Q(pseudonym__icontains=text) | Q(title__icontains=text)
        )
    for name in ("pathway", "stage", "status"):
        if cleaned.get(name):
            cases = cases.filter(**{name: cleaned[name]})
    if cleaned.get("overdue"):
        cases = cases.filter(**{"overdue": True})  # the annotation of with_next_due
    return cases
