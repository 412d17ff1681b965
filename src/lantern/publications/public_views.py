"""The public "Learning from reviews" site: no sign-in, one per partnership (issue 14).

Every page here reads lantern.publications.public (the partnership's name and its
current public versions) and nothing else, and is kept in the cache: a page of a list
under the catalogue's digest, an item's pages under its version. A cached page holds no
CSP nonce, no CSRF token and nothing of the person asking."""

import datetime
import hashlib
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import feedgenerator, timezone

from .models import Section
from .public import Catalogue, Item, Site, catalogue_for, search, site_for
from .text import body_html, plain_sections

PAGE_SECONDS = 3600
SECTION_SLUGS = [s.value for s in Section]
#: National learning the seed page points to (issue 14).
NATIONAL_LINKS = [
    (
        "National learning from Safeguarding Adult Reviews: the SAR Library",
        "https://www.local.gov.uk/our-support/partners-care-and-health/safeguarding-resources/sar-library",
    ),
    (
        "National learning from children's reviews: the NSPCC national case review repository",
        "https://learning.nspcc.org.uk/case-reviews/national-case-review-repository",
    ),
]
SECTION_INTROS = {
    Section.CHILDREN: "Local Child Safeguarding Practice Reviews, and the learning the "
    "partnership shares from them.",
    Section.ADULTS: "Safeguarding Adult Reviews: what agencies and individuals learned to "
    "improve how they work, on their own and together.",
    Section.AUDITS: "Multi-agency case file audits: themes and trends in practice, and the "
    "learning and recommendations for improvement.",
    Section.DHR: "Domestic Homicide Reviews, under section 9 of the Domestic Violence, Crime "
    "and Victims Act 2004. The Community Safety Partnership publishes the full reports.",
    Section.NATIONAL: "Briefings on national reviews, and where to find national learning.",
}


def _site(slug: str) -> Site:
    site = site_for(slug)
    if site is None:
        raise Http404("No such partnership.")
    return site


def _cached(key: str, content_type: str, make: Callable[[], bytes | str]) -> HttpResponse:
    hashed = "public-page:" + hashlib.sha256(key.encode()).hexdigest()
    content = cache.get(hashed)
    if content is None:
        made = make()
        content = made.encode() if isinstance(made, str) else made
        cache.set(hashed, content, PAGE_SECONDS)
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "public, max-age=300"
    return response


def _html(template: str, context: dict[str, Any]) -> Callable[[], str]:
    return lambda: render_to_string(template, context)


def _item(catalogue: Catalogue, pk: int) -> Item:
    item = catalogue.get(pk)
    if item is None:
        raise Http404("No such publication.")
    return item


def learning(request: HttpRequest, partnership: str) -> HttpResponse:
    site = _site(partnership)
    catalogue = catalogue_for(site)
    query = request.GET.get("q", "").strip()[:200]
    theme = request.GET.get("theme", "").strip()[:200]
    searching = bool(query or theme)
    key = f"{site.id}:{catalogue.digest}:learning:{urlencode({'q': query, 'theme': theme})}"
    listed = catalogue.listed()
    sections = [
        (section, SECTION_INTROS[section], [i for i in listed if i.section == section])
        for section in Section
    ]
    context = {
        "site": site,
        "sections": sections,
        "themes": catalogue.themes(),
        "query": query,
        "theme": theme,
        "searching": searching,
        "results": search(catalogue, query, theme) if searching else [],
        "national_links": NATIONAL_LINKS,
    }
    return _cached(key, "text/html; charset=utf-8", _html("public/learning.html", context))


def section(request: HttpRequest, partnership: str, section: str) -> HttpResponse:
    site = _site(partnership)
    if section not in SECTION_SLUGS:
        raise Http404("No such section.")
    catalogue = catalogue_for(site)
    chosen = Section(section)
    context = {
        "site": site,
        "section": chosen,
        "intro": SECTION_INTROS[chosen],
        "items": [i for i in catalogue.listed() if i.section == chosen],
        "national_links": NATIONAL_LINKS if chosen == Section.NATIONAL else [],
    }
    key = f"{site.id}:{catalogue.digest}:section:{section}"
    return _cached(key, "text/html; charset=utf-8", _html("public/section.html", context))


def item(request: HttpRequest, partnership: str, pk: int) -> HttpResponse:
    site = _site(partnership)
    found = _item(catalogue_for(site), pk)
    context = {"site": site, "item": found, "body": body_html(found.body, 3)}
    key = f"{site.id}:item:{pk}:v{found.number}:page"
    return _cached(key, "text/html; charset=utf-8", _html("public/item.html", context))


def report(request: HttpRequest, partnership: str, pk: int) -> HttpResponse:
    site = _site(partnership)
    found = _item(catalogue_for(site), pk)
    if found.withdrawn or not found.body.strip():
        raise Http404("No report here.")
    context = {"site": site, "item": found, "body": body_html(found.body, 2)}
    key = f"{site.id}:item:{pk}:v{found.number}:report"
    return _cached(key, "text/html; charset=utf-8", _html("public/report.html", context))


def report_pdf(request: HttpRequest, partnership: str, pk: int) -> HttpResponse:
    """The report as a tagged PDF (PDF/UA-1) with its title and language (en-GB), written
    by lantern.documents.generate once per version and kept."""
    from lantern.documents.generate import render_pdf

    site = _site(partnership)
    found = _item(catalogue_for(site), pk)
    if found.withdrawn or not found.body.strip():
        raise Http404("No report here.")

    def make() -> bytes:
        sections = [("Summary", found.summary)]
        if found.key_findings:
            sections.append(("Key findings", "\n\n".join(found.key_findings)))
        sections += [(heading or "Report", text) for heading, text in plain_sections(found.body)]
        return render_pdf(title=found.title, sections=sections, marking=site.name, draft=False)

    key = f"{site.id}:item:{pk}:v{found.number}:pdf"
    response = _cached(key, "application/pdf", make)
    response["Content-Disposition"] = f'inline; filename="publication-{pk}.pdf"'
    return response


def feed(request: HttpRequest, partnership: str) -> HttpResponse:
    site = _site(partnership)
    catalogue = catalogue_for(site)
    base = request.build_absolute_uri(f"/p/{site.slug}/learning/")

    def make() -> str:
        atom = feedgenerator.Atom1Feed(
            title=f"Learning from reviews – {site.name}",
            link=base,
            description="Reports, learning summaries and briefings published by the partnership.",
            language="en-GB",
            feed_url=base + "feed.atom",
        )
        for entry in catalogue.listed():
            atom.add_item(
                title=entry.title,
                link=f"{base}{entry.pk}/",
                description=entry.summary,
                unique_id=f"{base}{entry.pk}/",
                pubdate=_midnight(entry.published_on),
                updateddate=_midnight(entry.changed_on),
                categories=entry.themes,
            )
        return atom.writeString("utf-8")

    key = f"{site.id}:{catalogue.digest}:feed:{base}"
    return _cached(key, "application/atom+xml; charset=utf-8", make)


def sitemap(request: HttpRequest, partnership: str) -> HttpResponse:
    site = _site(partnership)
    catalogue = catalogue_for(site)
    base = request.build_absolute_uri(f"/p/{site.slug}/learning/")
    context = {
        "base": base,
        "sections": SECTION_SLUGS,
        "items": catalogue.listed(),
    }
    key = f"{site.id}:{catalogue.digest}:sitemap:{base}"
    return _cached(key, "application/xml; charset=utf-8", _html("public/sitemap.xml", context))


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
