"""Who leads an audit: whoever manages its case, that is the Business Unit, a case lead or
the audit's theme lead (lantern.access.policy gives the theme lead's capacity MANAGE).
They grade and moderate, run the learning event and record what the audit found.
Everyone who reads the case reads all of it."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from lantern.access.policy import Perm, can
from lantern.cases.access import get_rw_case_for_user
from lantern.cases.models import Case

from .models import Audit


def audit_of(case: Case) -> Audit:
    try:
        audit = Audit.objects.select_related("theme_lead", "qap_group").get(case=case)
    except Audit.DoesNotExist:
        raise Http404("This case is not an audit.") from None
    audit.case = case  # the case already fetched for this person: no second query
    return audit


def may_lead(user: Any, audit: Audit) -> bool:
    return can(user, Perm.CHANGE_CASE, audit.case)


def check_lead(user: Any, audit: Audit) -> None:
    if not may_lead(user, audit):
        raise PermissionDenied("Only the audit's theme lead or the Business Unit can do this.")


def get_led_audit_for_user(user: Any, reference: str) -> Audit:
    """The audit, for someone who leads it: 404 to outsiders, 403 to everyone else."""
    return audit_of(get_rw_case_for_user(user, reference))
