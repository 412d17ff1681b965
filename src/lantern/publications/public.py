"""What the public site reads, and how it is cached (issue 14).

The public site reads two things only: the partnership's name by its slug, and the
current public versions of its publications (PublicationVersion rows: copies that passed
every check when they were written). Never a case, a subject, a document or an action.

Cache keys:
- `public-site:<slug>`: the partnership's id and names (five minutes);
- `public-stamp:<partnership id>`: a random stamp, replaced when anything is published,
  amended or withdrawn (after the transaction commits, so no page of the old state is
  kept under the new stamp);
- `public-catalogue:<id>:<stamp>`: the current versions, kept until the next embargo
  ends (or an hour), so an embargo lifts on time without anyone publishing again;
- pages: under the catalogue's digest (lists, search, feed, sitemap) or the version's
  number (an item's page, its report and its PDF), so a page is never served stale.
"""

import datetime
import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from lantern.partnerships.models import Partnership

from .models import Kind, PublicationVersion, Section, VersionChange

SITE_SECONDS = 300
CATALOGUE_SECONDS = 3600


@dataclass(frozen=True)
class Site:
    id: int
    slug: str
    name: str
    short_name: str


@dataclass(frozen=True)
class Item:
    """One publication as the public sees it now: its current version."""

    pk: int
    number: int
    change: str
    reason: str
    kind: str
    section: str
    title: str
    pseudonym: str
    summary: str
    body: str
    themes: list[str]
    key_findings: list[str]
    actions: list[dict[str, Any]]
    external_url: str
    published_on: datetime.date
    changed_on: datetime.date

    @property
    def withdrawn(self) -> bool:
        return self.change == VersionChange.WITHDRAWN

    @property
    def amended(self) -> bool:
        return self.change == VersionChange.AMENDED

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    @property
    def section_label(self) -> str:
        return Section(self.section).label

    def text(self) -> str:
        """Everything a search looks through, folded once."""
        return " ".join(
            [self.title, self.pseudonym, self.summary, self.body, *self.themes, *self.key_findings]
        ).casefold()


@dataclass(frozen=True)
class Catalogue:
    digest: str
    items: list[Item] = field(default_factory=list)

    def listed(self) -> list[Item]:
        """What lists, the feed and the sitemap show: not withdrawn items."""
        return [item for item in self.items if not item.withdrawn]

    def get(self, pk: int) -> Item | None:
        return next((item for item in self.items if item.pk == pk), None)

    def themes(self) -> list[str]:
        return sorted({t for item in self.listed() for t in item.themes}, key=str.casefold)


def site_for(slug: str) -> Site | None:
    key = f"public-site:{slug}"
    site = cache.get(key)
    if site is None:
        row = Partnership.objects.filter(slug=slug).values("id", "slug", "name", "short_name")
        found = row.first()
        if found is None:
            return None  # an unknown slug is not cached: guesses must not fill the cache
        site = Site(**found)
        cache.set(key, site, SITE_SECONDS)
    return site


def _stamp(partnership_id: int) -> str:
    key = f"public-stamp:{partnership_id}"
    stamp = cache.get(key)
    if stamp is None:
        stamp = uuid.uuid4().hex
        # add: two first requests agree on one stamp.
        if not cache.add(key, stamp, None):
            stamp = cache.get(key) or stamp
    return stamp


def site_changed(partnership_id: int) -> None:
    """Retires every cached list of the partnership's site: at once, and again once the
    change commits (a page read in between, of the state before the commit, is then not
    kept under the stamp that follows it)."""

    def retire() -> None:
        cache.set(f"public-stamp:{partnership_id}", uuid.uuid4().hex, None)

    retire()
    transaction.on_commit(retire)


def catalogue_for(site: Site, now: datetime.datetime | None = None) -> Catalogue:
    key = f"public-catalogue:{site.id}:{_stamp(site.id)}"
    catalogue = cache.get(key)
    if catalogue is not None:
        return catalogue
    now = now or timezone.now()
    versions = PublicationVersion.objects.filter(
        partnership_id=site.id, public_from__lte=now
    ).order_by("publication_id", "-number")
    current: dict[int, PublicationVersion] = {}
    shown: dict[int, int] = {}
    for version in versions:
        current.setdefault(version.publication_id, version)
        shown[version.publication_id] = shown.get(version.publication_id, 0) + 1
    items = [
        _item(version)
        for pk, version in current.items()
        # Withdrawn before its embargo ended: it was never public, so nothing is shown.
        if not (version.change == VersionChange.WITHDRAWN and shown[pk] == 1)
    ]
    items.sort(key=lambda item: (item.published_on, item.pk), reverse=True)
    digest = hashlib.sha256(
        ",".join(f"{item.pk}.{item.number}" for item in items).encode()
    ).hexdigest()[:16]
    catalogue = Catalogue(digest=digest, items=items)
    upcoming = PublicationVersion.objects.filter(
        partnership_id=site.id, public_from__gt=now
    ).aggregate(first=Min("public_from"))["first"]
    seconds = CATALOGUE_SECONDS
    if upcoming is not None:
        seconds = max(1, min(seconds, int((upcoming - now).total_seconds()) + 1))
    cache.set(key, catalogue, seconds)
    return catalogue


def _item(version: PublicationVersion) -> Item:
    return Item(
        pk=version.publication_id,
        number=version.number,
        change=version.change,
        reason=version.reason,
        kind=version.kind,
        section=version.section,
        title=version.title,
        pseudonym=version.pseudonym,
        summary=version.summary,
        body=version.body,
        themes=list(version.themes),
        key_findings=list(version.key_findings),
        actions=list(version.actions),
        external_url=version.external_url,
        published_on=version.published_on,
        changed_on=timezone.localdate(version.public_from),
    )


def search(catalogue: Catalogue, query: str = "", theme: str = "") -> list[Item]:
    """Items with every word of the query (anywhere in their public text) and the theme;
    those with the words in the title first, then by date."""
    words = query.casefold().split()
    found = []
    for item in catalogue.listed():
        if theme and theme.casefold() not in {t.casefold() for t in item.themes}:
            continue
        text = item.text()
        if not all(word in text for word in words):
            continue
        in_title = sum(word in item.title.casefold() for word in words)
        found.append((in_title, item))
    found.sort(key=lambda pair: (pair[0], pair[1].published_on), reverse=True)
    return [item for _score, item in found]
