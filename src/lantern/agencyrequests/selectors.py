"""Reads of requests to agencies that pages, the dashboard and the pathways share."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from lantern.access.policy import (
    Access,
    acting_agencies,
    can_act_for_agency,
    capacity_access,
    membership,
)
from lantern.accounts.models import Role
from lantern.cases.models import Capacity, Case, CaseMembership
from lantern.work.items import WorkItem

from .elsewhere import answer_page
from .models import AgencyRequest, AgencyRequestQuerySet, RequestStatus

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


#: The request list's sorts: order_by() for each `sort` value of RequestFilterForm.
REQUEST_ORDERINGS: dict[str, tuple[Any, ...]] = {
    "due": ("due", "agency__name", "pk"),
    "agency": ("agency__name", "due", "pk"),
    "sent": ("-sent_on", "agency__name", "pk"),
}


def filter_requests(
    requests: AgencyRequestQuerySet, cleaned: Mapping[str, Any], today: datetime.date | None = None
) -> AgencyRequestQuerySet:
    """Narrows a case's requests by the request list's search and filters.

    The status filter asks what the Business Unit asks: who still owes an answer
    (waiting, including a return sent back), who is late, what is in to be reviewed
    (answered) and what is done (accepted)."""
    text = (cleaned.get("q") or "").strip()
    if text:
        requests = requests.filter(Q(agency__name__icontains=text) | Q(title__icontains=text))
    if cleaned.get("kind"):
        requests = requests.filter(kind=cleaned["kind"])
    status = cleaned.get("status")
    if status == "waiting":
        requests = requests.waiting()
    elif status == "overdue":
        requests = requests.overdue(today)
    elif status == "answered":
        requests = requests.filter(status=RequestStatus.SUBMITTED)
    elif status == "accepted":
        requests = requests.filter(status=RequestStatus.ACCEPTED)
    return requests


def late_requests(case: Case, today: datetime.date | None = None) -> AgencyRequestQuerySet:
    """Requests still waiting for their agency after their due date: who is late."""
    return requests_for_case(case).overdue(today)


def requests_for_user(user: Any) -> AgencyRequestQuerySet:
    """Requests waiting for an agency this person answers for. Two queries (their agency
    roles, then the requests).

    They answer for the agency they represent on the case, and what they were asked
    for by name; and, as the policy's
    can_update_action lets them update an action without being on its case, an action
    update reaches the action's owner and its lead agency's safeguarding lead and
    nominated representatives."""
    if not user.is_authenticated or not user.is_active or not user.partnership_id:
        return AgencyRequest.objects.none()
    on_the_case = CaseMembership.objects.filter(
        case=OuterRef("case"), person=user, agency=OuterRef("agency"), capacity__in=ANSWERING
    )
    asked = AgencyRequest.recipients.through.objects.filter(agencyrequest=OuterRef("pk"), user=user)
    updating = Q(action__owner=user) | Q(action__lead_agency__in=acting_agencies(user))
    return (
        AgencyRequest.objects.live()
        .filter(case__partnership_id=user.partnership_id)
        .filter(Q(Exists(on_the_case)) | Q(Exists(asked)) | updating)
        .select_related("case", "agency")
        .order_by("due", "case__reference", "agency__name")
    )


def answers_for_agency(user: Any, request: AgencyRequest, recipients: Iterable[Any]) -> bool:
    """Does this person answer this request for its agency, and so see its answer form?

    They were asked for it (`recipients`, already fetched), or they are on the case for
    that agency in a capacity that answers; and the policy lets them act for the agency
    (so someone since made an observer no longer answers). Whoever runs the case, a
    Business Manager say, may act for any agency but answers only where they were asked
    or represent it: otherwise the Business Unit asks and the agency answers. No query
    beyond the policy's one membership lookup, which it caches."""
    if not can_act_for_agency(user, request.case, request.agency_id):
        return False
    member = membership(user, request.case)
    represents = (
        member is not None
        and member.agency_id == request.agency_id
        and member.capacity in ANSWERING
    )
    return represents or any(person.pk == user.pk for person in recipients)


def latest_batch(case: Case, kind: str) -> AgencyRequest | None:
    """The case's latest request of `kind`: the batch that agencies added later join."""
    return AgencyRequest.objects.filter(case=case, kind=kind).order_by("-created_at", "-pk").first()


def led_agencies(user: Any) -> set[int]:
    """Agencies this person is the safeguarding lead of."""
    if not user.is_authenticated or not user.is_active or not user.partnership_id:
        return set()
    return set(
        user.role_assignments.filter(role=Role.SAFEGUARDING_LEAD, agency__isnull=False).values_list(
            "agency_id", flat=True
        )
    )


def requests_waiting_for(user: Any) -> list[WorkItem]:
    """My work's requests: those waiting for this person's agency that they were asked for
    (or answer for on the case, or as an action's owner), and those of agencies they are
    the safeguarding lead of, so a lead sees what their agency owes. Four queries.

    Each links to where it is answered; a lead who is not asked and not on the case
    gets the request page, which shows them who was asked (views._request_for_user)."""
    today = timezone.localdate()
    mine = list(requests_for_user(user))
    seen = {r.pk for r in mine}
    led = led_agencies(user)
    leading = (
        AgencyRequest.objects.live()
        .filter(case__partnership_id=user.partnership_id, agency_id__in=led)
        .exclude(pk__in=seen)
        .select_related("case", "agency")
        if led
        else AgencyRequest.objects.none()
    )
    items = []
    for request, answering in [*((r, True) for r in mine), *((r, False) for r in leading)]:
        detail = reverse("agencyrequests:detail", args=[request.case.reference, request.pk])
        items.append(
            WorkItem(
                kind="request",
                title=f"{request.agency}: {request.title}",
                url=(answer_page(request) or detail) if answering else detail,
                due=request.due,
                case_reference=request.case.reference,
                case_title=request.case.display_title,
                why=(
                    f"{request.agency} is asked, and you answer for it"
                    if answering
                    else f"You are {request.agency}'s safeguarding lead"
                ),
                overdue=request.due < today,
            )
        )
    return sorted(items, key=lambda i: (i.due or today, i.case_reference, i.title))


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
