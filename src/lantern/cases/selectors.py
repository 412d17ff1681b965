"""Reads of cases that pages and the API share."""

from typing import Any

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
