"""Every published version enters the partnership's learning library (lantern.learning),
and a withdrawn one leaves it. The library's item is keyed `publication-<id>`, so an
amendment updates it. Themes the library's taxonomy knows (by name or slug) are linked;
free-text themes it does not know stay on the public page only."""

from django.conf import settings
from django.utils import timezone

from .models import Kind, PublicationVersion

LIBRARY_KINDS = {
    Kind.CSPR_FULL: "cspr",
    Kind.CSPR_SUMMARY: "cspr",
    Kind.SAR_FULL: "sar",
    Kind.SAR_SUMMARY: "sar",
    Kind.DHR_OVERVIEW: "dhr",
    Kind.AUDIT_SUMMARY: "audit",
    Kind.BRIEFING: "briefing",
}


def library_ref(publication_id: int) -> str:
    return f"publication-{publication_id}"


def library_enter(version: PublicationVersion) -> None:
    if "lantern.learning" not in settings.INSTALLED_APPS:
        return
    from lantern.learning.models import Theme
    from lantern.learning.services import library_item_delete, library_item_upsert

    partnership = version.partnership
    ref = library_ref(version.publication_id)
    if version.withdrawn:
        library_item_delete(partnership=partnership, ref=ref)
        return
    known: dict[str, Theme] = {}
    for theme in Theme.objects.for_partnership(partnership.pk).active():
        known[theme.slug.casefold()] = theme
        known.setdefault(theme.name.casefold(), theme)
    themes = [known[t.casefold()] for t in version.themes if t.casefold() in known]
    text = "\n\n".join(
        part for part in [version.summary, *version.key_findings, version.body] if part.strip()
    )
    library_item_upsert(
        partnership=partnership,
        ref=ref,
        kind=LIBRARY_KINDS[Kind(version.kind)],
        title=version.title,
        text=text,
        url=version.external_url,
        themes=list(dict.fromkeys(themes)),
        # Under embargo it is in the (signed-in) library, undated until it is public.
        published_on=version.published_on if version.public_from <= timezone.now() else None,
        source=version.publication,
    )
