"""Who a request to an agency goes to. Nothing is ever sent to nobody.

For each agency, in this order:
1. its people on the case who answer for it (nominated representatives and the like);
2. a person the sender names for it (one of the agency's active people);
3. for an action update, the action's owner (the policy lets them answer off the case);
4. failing all of those, the agency's safeguarding lead(s).
Whoever is asked and is not yet on the case is added to it as the agency's representative,
so that they can open the case and the request. An agency nobody can be asked for is
refused, with a message asking the sender to name a person.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from lantern.access.policy import Access, capacity_access
from lantern.accounts.models import AGENCY_ROLES, Role, RoleAssignment, User
from lantern.cases.models import Capacity, Case, CaseMembership
from lantern.partnerships.models import Agency

from .selectors import ANSWERING

if TYPE_CHECKING:
    from lantern.actions.models import Action

    from .models import AgencyRequest


def name_field(agency_id: int) -> str:
    """The send forms' field naming a person for an agency; the service's errors use it."""
    return f"name_{agency_id}"


@dataclass
class Reach:
    """Who a request to one agency on one case goes to."""

    agency: Agency
    people: list[Any] = field(default_factory=list)
    #: Of `people`, those to add to the case as the agency's representative.
    joining: list[Any] = field(default_factory=list)


def agency_leads(agency_ids: Iterable[int]) -> dict[int, list[Any]]:
    """Agency id → its active safeguarding leads, by name. One query."""
    found: dict[int, list[Any]] = defaultdict(list)
    assignments = (
        RoleAssignment.objects.filter(
            role=Role.SAFEGUARDING_LEAD, agency_id__in=list(agency_ids), person__is_active=True
        )
        .select_related("person")
        .order_by("person__full_name", "pk")
    )
    for assignment in assignments:
        leads = found[assignment.agency_id or 0]  # always set: filtered on the agency
        if assignment.person not in leads:
            leads.append(assignment.person)
    return found


def agency_people(agency_ids: Iterable[int]) -> dict[int, list[Any]]:
    """Agency id → its active people (who work for it, or hold its lead or representative
    role), whom a sender may name as its representative on a case. Two queries."""
    ids = list(agency_ids)
    found: dict[int, dict[int, Any]] = defaultdict(dict)
    people = (
        User.objects.filter(is_active=True)
        .filter(
            Q(agency_id__in=ids)
            | Q(role_assignments__role__in=AGENCY_ROLES, role_assignments__agency_id__in=ids)
        )
        .prefetch_related("role_assignments")
        .order_by("full_name")
    )
    for person in people.distinct():
        agencies: set[int | None] = {person.agency_id} | {
            a.agency_id for a in person.role_assignments.all() if a.role in AGENCY_ROLES
        }
        for agency_id in {i for i in ids if i in agencies}:
            found[agency_id][person.pk] = person
    return {agency_id: list(people.values()) for agency_id, people in found.items()}


#: On a case only to read it (the referrer, an observer): asked for their agency, they
#: become its representative on the case. Found on a walk: a school's safeguarding lead
#: who referred the child was the school's only person, and the scoping could not be sent.
PROMOTABLE = {Capacity.REFERRER.value, Capacity.OBSERVER.value}


def _promoted(member: CaseMembership | None, agency_id: int) -> bool:
    return (
        member is not None
        and member.capacity in PROMOTABLE
        and member.agency_id in (None, agency_id)
    )


def _may_answer(member: CaseMembership | None, agency_id: int) -> bool:
    """Can this membership (or none: they will be added) answer for the agency?"""
    if member is None or _promoted(member, agency_id):
        return True
    if capacity_access(member.capacity) >= Access.MANAGE:
        return True  # whoever runs the case may answer for any agency
    return member.agency_id == agency_id and member.capacity in ANSWERING


def _joins(case: Case, person: Any, agency: Agency) -> CaseMembership:
    """The membership `person` will have (unsaved): one person represents one agency on a
    case, so a lead of two agencies is asked for the first only."""
    return CaseMembership(
        case=case, person=person, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=agency
    )


def request_reach(
    *,
    case: Case,
    agencies: list[Agency],
    named: Mapping[int, Any] | None = None,
    action: "Action | None" = None,
) -> tuple[dict[int, Reach], dict[str, str]]:
    """Agency id → who is asked, and errors by field (name_field(agency id)) for each
    agency nobody can be asked for or whose named person cannot be. Two queries (and
    two more when people are named)."""
    named = {k: v for k, v in (named or {}).items() if v is not None}
    ids = [a.pk for a in agencies]
    members = {
        m.person_id: m for m in CaseMembership.objects.filter(case=case).select_related("person")
    }
    leads = agency_leads(ids)
    allowed = agency_people(named) if named else {}
    reaches: dict[int, Reach] = {}
    errors: dict[str, str] = {}
    for agency in agencies:
        reach = Reach(agency)
        on_case = [
            m.person
            for m in members.values()
            if m.agency_id == agency.pk and m.capacity in ANSWERING and m.person.is_active
        ]
        reach.people += sorted(on_case, key=lambda p: p.full_name)
        person = named.get(agency.pk)
        if person is not None:
            member = members.get(person.pk)
            if person.pk not in {p.pk for p in allowed.get(agency.pk, [])}:
                errors[name_field(agency.pk)] = f"Choose one of {agency}'s active people."
            elif not _may_answer(member, agency.pk):
                assert member is not None
                errors[name_field(agency.pk)] = (
                    f"{person} is on this case as {member.get_capacity_display().lower()} and "
                    f"cannot answer for {agency}: choose someone else."
                )
            elif person not in reach.people:
                reach.people.append(person)
                if member is None or _promoted(member, agency.pk):
                    reach.joining.append(person)
                    members[person.pk] = _joins(case, person, agency)
        owner = action.owner if action is not None and action.lead_agency_id == agency.pk else None
        if owner is not None and owner.is_active and owner not in reach.people:
            reach.people.append(owner)  # answers for the action, on the case or not
        if not reach.people:
            usable = [
                p for p in leads.get(agency.pk, []) if _may_answer(members.get(p.pk), agency.pk)
            ]
            reach.people += usable
            for lead in usable:
                if lead.pk not in members or _promoted(members[lead.pk], agency.pk):
                    reach.joining.append(lead)
                    members[lead.pk] = _joins(case, lead, agency)
        if not reach.people and name_field(agency.pk) not in errors:
            taken = ", ".join(str(p) for p in leads.get(agency.pk, []))
            why = (
                f"its safeguarding lead ({taken}) is on this case in another role"
                if taken
                else "it has no representative on this case and no safeguarding lead"
            )
            errors[name_field(agency.pk)] = (
                f"Nobody can be asked for {agency}: {why}. "
                f"Name a person to represent {agency} on this case."
            )
        reaches[agency.pk] = reach
    return reaches, errors


def describe(person: Any) -> str:
    return f"{person.full_name} ({person.email})"


def sent_to_summary(requests: Iterable["AgencyRequest"]) -> str:
    """Who was asked, per agency: "Police: Pat Rep (pat@…); ICB: Ian Lead (ian@…)"."""
    parts = []
    for request in requests:
        people = getattr(request, "asked", None)
        if people is None:
            people = list(request.recipients.all())
        parts.append(f"{request.agency}: {', '.join(describe(p) for p in people)}")
    return "; ".join(parts)
