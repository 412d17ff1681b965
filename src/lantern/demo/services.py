"""Loading the demo partnership. Idempotent: what exists already is left as it is."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from lantern.accounts.models import AGENCY_ROLES, GROUP_ROLES, RoleAssignment, User
from lantern.partnerships.models import Agency, Group, Partnership

from . import data

SARS_IN_YEAR = "SARs concluded in the last financial year"
RAPID_REVIEWS_IN_YEAR = "rapid reviews received in the last financial year"
SAR_REFERRALS_IN_YEAR = "SAR referrals received in the last financial year"
AUDITS_IN_YEAR = "case file audits presented in the last financial year"
TRAINING_REPORTS_IN_YEAR = "training evaluations reported in the last financial year"
LIBRARY_LOCAL = "library items of local learning"
LIBRARY_NATIONAL = "items of national learning"
#: What `lantern demo` prints, in order.
SUMMARY_KEYS = (
    "partnership", "groups", "agencies", "people", "children's cases", "adults' cases",
    "domestic homicide reviews", "case file audits", "action plans", "publications",
    "training sessions", SARS_IN_YEAR, RAPID_REVIEWS_IN_YEAR, SAR_REFERRALS_IN_YEAR,
    AUDITS_IN_YEAR, TRAINING_REPORTS_IN_YEAR, LIBRARY_LOCAL, LIBRARY_NATIONAL,
)  # fmt: skip


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

    summary.created[SARS_IN_YEAR] = demo_year_load(partnership)
    _demo_year_more_load(partnership, summary)
    from lantern.learning.sources import library_sync_partnership

    summary.created[LIBRARY_LOCAL] = library_sync_partnership(partnership)
    summary.created[LIBRARY_NATIONAL] = demo_national_learning_load(partnership)
    return summary


def _demo_year_more_load(partnership: Partnership, summary: LoadSummary) -> None:
    """The rest of the last complete financial year's activity (issue 16)."""
    from django.utils import timezone

    from lantern.reports.period import last_complete_financial_year

    from .year_children import demo_year_children_load
    from .year_more import (
        demo_year_audits_load,
        demo_year_sar_referrals_load,
        demo_year_training_report_load,
    )

    year = last_complete_financial_year(timezone.localdate())
    added = summary.created
    added[RAPID_REVIEWS_IN_YEAR] = demo_year_children_load(partnership, year)
    added[SAR_REFERRALS_IN_YEAR] = demo_year_sar_referrals_load(partnership, year)
    added[AUDITS_IN_YEAR] = demo_year_audits_load(partnership, year)
    added[TRAINING_REPORTS_IN_YEAR] = demo_year_training_report_load(partnership, year)


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
