"""Local learning enters the library as it is written (issue 14): every finding and
recommendation of a review or audit, and every audit's learning summary.

The services that write those records (lantern.actions.services, lantern.audits.learning)
call these functions in their own transaction, so an item never outlives, or lags, its
record. Each item has a stable ref ("finding-12", "rec-34", "audit-summary-5") and its
case, so only those who may read the case find it (lantern.learning.selectors).

Themes: a person confirms them (the item's page offers Lantern's suggestions to those who
manage the library), so a sync never changes the themes an item has. An audit's summary
starts with the audit's own theme where the taxonomy knows it: the theme lead chose it.

`library_sync_partnership` brings a whole partnership's local learning in (the demo loader,
and a library that predates this module).
"""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from lantern.cases.models import Case
from lantern.partnerships.models import Agency, Partnership

from .models import LibraryItem, Theme
from .services import library_item_delete, library_item_upsert

if TYPE_CHECKING:
    from lantern.actions.models import Finding, Recommendation
    from lantern.audits.models import Audit

#: How much of a finding's or recommendation's text its title carries.
TITLE_WORDS = 16


def finding_ref(finding_id: int) -> str:
    return f"finding-{finding_id}"


def recommendation_ref(recommendation_id: int) -> str:
    return f"rec-{recommendation_id}"


def audit_summary_ref(audit_id: int) -> str:
    return f"audit-summary-{audit_id}"


def _title(prefix: str, text: str) -> str:
    """A one-line title: the prefix and the text's first words."""
    words = text.split()
    shown = " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "")
    return f"{prefix}: {shown}"


def _kept_themes(partnership: Partnership, ref: str) -> list[Theme] | None:
    """None (keep the item's themes) once the item exists; nothing for a new one."""
    exists = LibraryItem.objects.filter(partnership=partnership, ref=ref).exists()
    return None if exists else []


def library_sync_finding(finding: "Finding") -> LibraryItem:
    case = finding.case
    ref = finding_ref(finding.pk)
    return library_item_upsert(
        partnership=case.partnership,
        ref=ref,
        kind="finding",
        title=_title(f"{case.reference} finding {finding.number}", finding.text),
        text=finding.text,
        published_on=timezone.localdate(finding.created_at),
        themes=_kept_themes(case.partnership, ref),
        agencies=None,
        source=finding,
        case=case,
    )


def library_sync_recommendation(recommendation: "Recommendation") -> LibraryItem:
    """The recommendation, its impact measure searchable with it; its agencies are those
    that lead its actions (call again when an action is added or changed)."""
    case = recommendation.case
    ref = recommendation_ref(recommendation.pk)
    text = recommendation.text
    if recommendation.impact_measure.strip():
        text += f"\n\nHow we will know it has made a difference: {recommendation.impact_measure}"
    agencies = list(
        Agency.objects.filter(actions__recommendation=recommendation).distinct().order_by("name")
    )
    return library_item_upsert(
        partnership=case.partnership,
        ref=ref,
        kind="recommendation",
        title=_title(f"{case.reference} recommendation {recommendation.number}", text),
        text=text,
        published_on=timezone.localdate(recommendation.created_at),
        themes=_kept_themes(case.partnership, ref),
        agencies=agencies,
        source=recommendation,
        case=case,
    )


def library_sync_audit_summary(audit: "Audit") -> LibraryItem | None:
    """The audit's learning summary, confidential to the audit's readers (a summary
    flagged for publication reaches the public through lantern.publications, as its own
    item). A summary emptied leaves the library."""
    case = audit.case
    ref = audit_summary_ref(audit.pk)
    if not audit.learning_summary.strip():
        library_item_delete(partnership=case.partnership, ref=ref)
        return None
    existing = LibraryItem.objects.filter(partnership=case.partnership, ref=ref).first()
    themes: list[Theme | str] | None = None
    if existing is None:
        themes = list(
            Theme.objects.for_partnership(case.partnership_id)
            .active()
            .filter(name__iexact=audit.theme.strip())
        )
    return library_item_upsert(
        partnership=case.partnership,
        ref=ref,
        kind="audit",
        title=f"{case.reference}: {audit.theme} (learning summary)",
        text=audit.learning_summary,
        published_on=existing.published_on if existing else timezone.localdate(),
        themes=themes,
        agencies=None,
        source=audit,
        case=case,
    )


def library_sync_case(case: Case) -> int:
    """Every finding and recommendation of the case, and its audit's summary: the number
    of items written."""
    from lantern.actions.models import Finding, Recommendation
    from lantern.audits.models import Audit

    written = 0
    with transaction.atomic():
        for finding in Finding.objects.filter(case=case).select_related("case__partnership"):
            library_sync_finding(finding)
            written += 1
        recommendations = Recommendation.objects.filter(case=case).select_related(
            "case__partnership"
        )
        for recommendation in recommendations:
            library_sync_recommendation(recommendation)
            written += 1
        audit = Audit.objects.filter(case=case).select_related("case__partnership").first()
        if audit is not None and library_sync_audit_summary(audit) is not None:
            written += 1
    return written


def library_sync_partnership(partnership: Partnership) -> int:
    """Every case's local learning in the partnership (idempotent): items written."""
    with transaction.atomic():
        return sum(library_sync_case(case) for case in Case.objects.filter(partnership=partnership))
