"""Fetching chronology records for the person asking, under the one permission policy.

Reading follows the case; changing an agency's rows needs `can_act_for_agency`: the
agency's own representative, or whoever manages the case.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from lantern.access.policy import Access, Perm, can_act_for_agency, case_access
from lantern.cases.access import get_rw_case_for_user
from lantern.cases.models import Case
from lantern.partnerships.models import Agency

from .models import ChronologyEntry, ChronologyImport


def get_rw_case(user: Any, reference: str) -> Case:
    return get_rw_case_for_user(user, reference, Perm.CONTRIBUTE)


def agencies_for(user: Any, case: Case) -> QuerySet[Agency]:
    """The agencies this person may submit a chronology for on this case."""
    agencies = Agency.objects.filter(partnership_id=case.partnership_id, is_active=True)
    level = case_access(user, case)
    if level >= Access.MANAGE:
        return agencies
    if level < Access.CONTRIBUTE:
        return agencies.none()
    return agencies.filter(case_memberships__case=case, case_memberships__person=user).distinct()


def require_agency(user: Any, case: Case, agency: Agency) -> None:
    if not can_act_for_agency(user, case, agency.pk):
        raise PermissionDenied(f"Only {agency}'s representatives can change its chronology.")


def get_agency(user: Any, case: Case, agency_id: int) -> Agency:
    agency = get_object_or_404(Agency, partnership_id=case.partnership_id, pk=agency_id)
    require_agency(user, case, agency)
    return agency


def get_rw_entry(user: Any, case: Case, pk: int) -> ChronologyEntry:
    entry = get_object_or_404(ChronologyEntry.objects.select_related("agency"), case=case, pk=pk)
    entry.case = case
    require_agency(user, case, entry.agency)
    return entry


def get_import(case: Case, pk: int) -> ChronologyImport:
    batch = get_object_or_404(
        ChronologyImport.objects.select_related("agency", "uploaded_by"), case=case, pk=pk
    )
    batch.case = case
    return batch
