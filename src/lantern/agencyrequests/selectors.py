"""Reads of requests to agencies that pages, the dashboard and the pathways share."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, QuerySet

from lantern.access.policy import Access, capacity_access
from lantern.cases.models import Capacity, Case, CaseMembership, CaseStatus

from .models import AgencyRequest, AgencyRequestQuerySet

#: Capacities that may answer for their agency (an observer with an agency may not).
ANSWERING = [c.value for c in Capacity if capacity_access(c) >= Access.CONTRIBUTE]
#: Who hears that a return came in, or that one is overdue.
CASE_LEADS = [Capacity.LEAD.value, Capacity.CHAIR.value]


def requests_for_case(case: Case) -> AgencyRequestQuerySet:
    """Every request on the case with its agency, soonest due first. One query."""
    return (
        AgencyRequest.objects.filter(case=case)
        .select_related("case", "agency")
        .order_by("due", "agency__name", "pk")
    )


def late_requests(case: Case, today: datetime.date | None = None) -> AgencyRequestQuerySet:
    """Requests still waiting for their agency after their due date: who is late."""
    return requests_for_case(case).overdue(today)


def requests_for_user(user: Any) -> AgencyRequestQuerySet:
    """Requests waiting for an agency this person answers for on an open case. One query."""
    if not user.is_authenticated or not user.is_active or not user.partnership_id:
        return AgencyRequest.objects.none()
    return (
        AgencyRequest.objects.waiting()
        .filter(
            case__partnership_id=user.partnership_id,
            case__status=CaseStatus.OPEN,
            # One filter() call: the same membership row is the person's and the agency's.
            case__memberships__person=user,
            case__memberships__agency_id=F("agency_id"),
            case__memberships__capacity__in=ANSWERING,
        )
        .select_related("case", "agency")
        .order_by("due", "case__reference", "agency__name")
    )


def answering_memberships(case_ids: Iterable[int]) -> QuerySet[CaseMembership]:
    """Active people on these cases who answer for an agency, or lead the case."""
    return (
        CaseMembership.objects.filter(case_id__in=list(case_ids), person__is_active=True)
        .filter(capacity__in={*ANSWERING, *CASE_LEADS})
        .select_related("person")
        .order_by("person__full_name")
    )


@dataclass
class CaseContacts:
    """Who to tell on one case: each agency's people, and the case's leads."""

    by_agency: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    leads: list[Any] = field(default_factory=list)

    def for_agency(self, agency_id: int) -> list[Any]:
        return list(self.by_agency.get(agency_id, []))


def case_contacts(case_ids: Iterable[int]) -> dict[int, CaseContacts]:
    """Case id → its contacts, for any number of cases in one query."""
    found: dict[int, CaseContacts] = defaultdict(CaseContacts)
    for member in answering_memberships(case_ids):
        contacts = found[member.case_id]
        if member.agency_id and member.capacity in ANSWERING:
            contacts.by_agency[member.agency_id].append(member.person)
        if member.capacity in CASE_LEADS:
            contacts.leads.append(member.person)
    return found


def representatives_by_agency(case: Case) -> dict[int, list[Any]]:
    """The people answering for each agency on the case (agency id → people). One query."""
    return dict(case_contacts([case.pk])[case.pk].by_agency)
