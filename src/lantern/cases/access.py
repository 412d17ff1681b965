"""Fetching a case for the person asking: the only way views and the API get one.

Outsiders (another partnership, or not on the case) get 404 so they cannot learn
that the case exists; a member who may only read gets 403 on anything that writes.
Every successful fetch is a read of a confidential record, and is logged.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from lantern.access.policy import Access, Perm, can, case_access
from lantern.audit.recorder import record_read

from .models import Case


def _find(user: Any, reference: str) -> Case:
    case = (
        Case.objects.select_related("partnership", "subject")
        .filter(partnership_id=user.partnership_id, reference=reference)
        .first()
    )
    if case is None or case_access(user, case) is Access.NONE:
        raise Http404("No such case.")
    return case


def get_case_for_user(user: Any, reference: str, *, what: str = "case") -> Case:
    case = _find(user, reference)
    record_read(case, what=what)
    return case


def get_rw_case_for_user(user: Any, reference: str, perm: Perm = Perm.CHANGE_CASE) -> Case:
    case = _find(user, reference)
    if not can(user, perm, case):
        raise PermissionDenied("You can read this case but not change it.")
    return case
