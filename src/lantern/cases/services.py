"""Writes to cases and their membership. Each validates first, then writes in one transaction."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.partnerships.models import Partnership
from lantern.web.versioning import save_versioned

from .models import Capacity, Case, CaseMembership, Subject
from .pathways import PATHWAYS

REFERENCE_PREFIXES = {
    "rapid-review": "RR",
    "cspr": "CSPR",
    "sar": "SAR",
    "dhr": "DHR",
    "macfa": "MACFA",
    "national": "NAT",
}


def next_reference(*, partnership: Partnership, pathway: str, year: int) -> str:
    prefix = f"{REFERENCE_PREFIXES[pathway]}-{year}-"
    taken = Case.objects.filter(partnership=partnership, reference__startswith=prefix).count()
    return f"{prefix}{taken + 1:03d}"


@transaction.atomic
def case_open(
    *,
    partnership: Partnership,
    pathway: str,
    title: str,
    pseudonym: str = "",
    subject_name: str = "",
    subject_date_of_birth: datetime.date | None = None,
    opened_on: datetime.date | None = None,
    reference: str = "",
) -> Case:
    if pathway not in PATHWAYS:
        raise ValidationError({"pathway": f"Lantern has no pathway called {pathway!r}."})
    definition = PATHWAYS[pathway]
    if definition.subject_kind and not subject_name.strip():
        raise ValidationError({"subject_name": "Enter the name of the person the review is about."})
    opened_on = opened_on or timezone.localdate()
    subject = None
    if definition.subject_kind:
        subject = Subject.objects.create(
            partnership=partnership,
            kind=definition.subject_kind,
            full_name=subject_name.strip(),
            date_of_birth=subject_date_of_birth,
        )
    case = Case(
        partnership=partnership,
        pathway=pathway,
        stage=definition.first_stage,
        reference=reference
        or next_reference(partnership=partnership, pathway=pathway, year=opened_on.year),
        title=title.strip(),
        pseudonym=pseudonym.strip(),
        subject=subject,
        opened_on=opened_on,
    )
    case.full_clean()
    case.save()
    return case


def case_update(
    *,
    case: Case,
    version: int | None = None,
    seen: dict[str, str] | None = None,
    **fields: Any,
) -> Case:
    """Change a case's details. `version` is the version the change was made from: if
    someone saved since, lantern.web.versioning.EditConflict is raised and nothing saved
    (issue 12, item 12). Only the fields given are written."""
    allowed = {"title", "pseudonym", "confidentiality"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(case, name, value)
    case.full_clean()
    save_versioned(case, list(fields), version=version, seen=seen)
    return case


def case_member_add(
    *, case: Case, person: Any, capacity: str, agency_id: int | None = None
) -> CaseMembership:
    errors: dict[str, str] = {}
    if person.partnership_id != case.partnership_id:
        errors["person"] = "Choose someone from this partnership."
    elif CaseMembership.objects.filter(case=case, person=person).exists():
        errors["person"] = f"{person} is already on this case."
    if capacity == Capacity.AGENCY_REPRESENTATIVE and not agency_id:
        errors["agency"] = "Choose the agency this person represents on the case."
    if errors:
        raise ValidationError(errors)
    membership = CaseMembership(case=case, person=person, capacity=capacity, agency_id=agency_id)
    membership.full_clean()
    with transaction.atomic():
        membership.save()
    return membership


def case_member_remove(*, membership: CaseMembership) -> None:
    with transaction.atomic():
        membership.delete()
