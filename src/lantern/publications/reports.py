"""A pathway's report, published through the kernel (lantern.workflow.publication
.report_publish), becomes a publication on the partnership's public site.

The pathway's own steps are its approval (a CSPR's safeguarding partners, a SAR's SAB
sign-off, a DHR's Home Office panel), so the publication goes out at once, unless its
text fails a check: then it waits as a draft, with a note saying why, for the Business
Unit to put right and the L&I sub-group to approve like any other.
"""

import datetime
from typing import Any

from django.utils import timezone

from lantern.cases.models import TITLE_PATHWAY_NAMES, Case

from . import public
from .library import library_enter
from .models import PUBLIC_STATUSES, Kind, Publication, Status, VersionChange
from .services import public_problems, write_version

PATHWAY_KINDS = {"cspr": Kind.CSPR_FULL, "sar": Kind.SAR_FULL, "dhr": Kind.DHR_OVERVIEW}


def _kind(case: Case) -> str:
    if case.pathway == "sar":
        sar = getattr(case, "sar", None)
        if sar is not None and getattr(sar, "publication", "") == "summary":
            return Kind.SAR_SUMMARY
    return PATHWAY_KINDS.get(case.pathway, Kind.BRIEFING)


def _findings(case: Case) -> list[str]:
    from lantern.actions.models import Finding

    return list(Finding.objects.filter(case=case).order_by("number").values_list("text", flat=True))


def publication_from_report(
    *, case: Case, url: str, on: datetime.date, user: Any = None
) -> Publication:
    """Creates (or brings up to date) the case's publication for its published report."""
    pathway = TITLE_PATHWAY_NAMES.get(case.pathway, case.pathway_def.name)
    who = case.pseudonym.strip() or case.title
    content = {
        "kind": _kind(case),
        "title": case.display_title,
        "pseudonym": case.pseudonym.strip(),
        "summary": (
            f"The {pathway} about {who}. The partnership published its report on {on:%-d %B %Y}."
        ),
        "key_findings": _findings(case),
        "external_url": url,
    }
    publication = Publication.objects.filter(case=case).order_by("pk").first()
    if publication is None:
        publication = Publication(
            partnership_id=case.partnership_id, case=case, created_by=user, show_actions=True
        )
    elif publication.status in PUBLIC_STATUSES and all(
        getattr(publication, name) == value for name, value in content.items()
    ):
        return publication  # published again, saying the same: nothing changes
    for name, value in content.items():
        setattr(publication, name, value)
    problems = public_problems(publication)
    if problems:
        note = (
            "Lantern drafted this from the published report, but it cannot go on the public "
            "site until this is put right: " + " ".join(problems)
        )
        if publication.pk and publication.status in PUBLIC_STATUSES:
            publication.refresh_from_db()  # what is public stays as it was
        else:
            publication.status = Status.DRAFT
        publication.note = note
        publication.save()
        return publication
    first = publication.pk is None or not publication.versions.exists()
    publication.status = Status.PUBLISHED if first else Status.AMENDED
    publication.approved_by = user
    publication.approved_at = timezone.now()
    publication.approved_as = f"The {pathway}'s own sign-off, before its report was published"
    publication.note = ""
    publication.save()
    version = write_version(
        publication,
        user=user,
        change=VersionChange.PUBLISHED if first else VersionChange.AMENDED,
        public_from=timezone.now(),
        reason="" if first else "The report was published again.",
        published_on=on if first else None,
    )
    library_enter(version)
    public.site_changed(publication.partnership_id)
    return publication
