"""Loading the demo partnership. Idempotent: what exists already is left as it is."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from lantern.accounts.models import AGENCY_ROLES, GROUP_ROLES, RoleAssignment, User
from lantern.partnerships.models import Agency, Group, Partnership

from . import data


@dataclass
class LoadSummary:
    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, created: bool) -> None:
        bucket = self.created if created else self.existing
        bucket[what] = bucket.get(what, 0) + 1


@transaction.atomic
def demo_load() -> LoadSummary:
    summary = LoadSummary()
    partnership, created = Partnership.objects.get_or_create(
        slug=data.PARTNERSHIP["slug"], defaults=data.PARTNERSHIP
    )
    summary.count("partnership", created)
    groups = {}
    for kind, name, short in data.GROUPS:
        group, created = Group.objects.get_or_create(
            partnership=partnership, name=name, defaults={"kind": kind, "short_name": short}
        )
        groups[name] = group
        summary.count("groups", created)
    agencies = {}
    for name, kind, statutory, side in data.AGENCIES:
        agency, created = Agency.objects.get_or_create(
            partnership=partnership,
            name=name,
            defaults={"kind": kind, "statutory_partner": statutory, "statutory_for": side},
        )
        agencies[name] = agency
        summary.count("agencies", created)
    for email, name, title, agency_name, roles in data.PEOPLE:
        person = User.objects.filter(email=email).first()
        if person is None:
            person = User(
                email=email,
                full_name=name,
                job_title=title,
                partnership=partnership,
                agency=agencies.get(agency_name) if agency_name else None,
            )
            person.set_password(data.DEMO_PASSWORD)
            person.save()
            summary.count("people", True)
            for role, where in roles:
                RoleAssignment.objects.create(
                    person=person,
                    role=role,
                    group=groups[where] if role in GROUP_ROLES else None,
                    agency=agencies[where] if role in AGENCY_ROLES else None,
                )
        else:
            summary.count("people", False)
    from .adults import demo_adults_load
    from .children import demo_children_load

    summary.created["children's cases"] = demo_children_load(partnership)
    summary.created["adults' cases"] = demo_adults_load(partnership)
    from .dhr import demo_dhr_load

    summary.created["domestic homicide reviews"] = demo_dhr_load(partnership)
    from .audits import demo_audits_load

    summary.created["case file audits"] = demo_audits_load(partnership)
    from .actions import demo_actions_load

    summary.created["action plans"] = demo_actions_load(partnership)
    from .publications import demo_publications_load

    summary.created["publications"] = demo_publications_load(partnership)
    from .training import demo_training_load

    summary.created["training sessions"] = demo_training_load(partnership)
    from .year import demo_year_load

    summary.created["SARs concluded in the last financial year"] = demo_year_load(partnership)
    from lantern.learning.sources import library_sync_partnership

    summary.created["library items of local learning"] = library_sync_partnership(partnership)
    summary.created["items of national learning"] = demo_national_learning_load(partnership)
    return summary


#: A dozen items of national learning (the Panel's national reviews, the national SAR
#: analyses, DHR lessons, research), summarised in our own words with their sources: the
#: same JSON Lines `lantern library import` reads.
NATIONAL_LEARNING = Path(__file__).with_name("national_learning.jsonl")


def demo_national_learning_load(partnership: Partnership) -> int:
    """Imports NATIONAL_LEARNING into the demo's library (again: updates, so idempotent)."""
    from lantern.learning.services import library_import

    with NATIONAL_LEARNING.open("rb") as lines:
        result = library_import(partnership=partnership, lines=lines)
    return result.created
