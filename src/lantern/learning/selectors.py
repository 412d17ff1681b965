"""Reads of the learning library that pages, the API and the command share (issue 14).

Who reads what (also in docs/permissions.md's terms, through lantern.access.policy):
- nobody outside the partnership reads any of its library, and nobody signed out;
- every active member of the partnership reads its published and national learning:
  items with no case (reviews as published, audit summaries, briefings, national items);
- a case's findings and recommendations (items with a case) are read by those who may
  read the case: members of the case, and the roles that read every case.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString

from lantern.access.policy import Access, Perm, case_access, has_perm, same_partnership
from lantern.cases.models import CaseMembership
from lantern.partnerships.models import Partnership

from . import search
from .models import LibraryItem
from .query import parse

MAX_LIMIT = 100


def library_items_for_user(user: Any) -> QuerySet[LibraryItem]:
    """Every item this person may read (see the module's docstring)."""
    if not (user.is_authenticated and user.is_active and user.partnership_id):
        return LibraryItem.objects.none()
    items = LibraryItem.objects.filter(partnership_id=user.partnership_id)
    if has_perm(user, Perm.VIEW_ALL_CASES):
        return items
    their_cases = CaseMembership.objects.filter(person=user).values("case_id")
    return items.filter(Q(case__isnull=True) | Q(case_id__in=their_cases))


def can_read_library_item(user: Any, item: LibraryItem) -> bool:
    """The same rule for one item (for a page that shows one)."""
    if not same_partnership(user, item):
        return False
    return item.case is None or case_access(user, item.case) >= Access.READ


@dataclass(frozen=True)
class Hit:
    item: LibraryItem
    score: float  # higher is better; comparable within one search only (round to show)
    raw_snippet: str

    @property
    def snippet(self) -> str:
        """The passage that matched, as plain text."""
        return search.snippet_text(self.raw_snippet)

    @property
    def snippet_html(self) -> SafeString:
        """The passage, escaped, with the matched words in <mark>."""
        return search.snippet_html(self.raw_snippet)


def _narrowed(
    items: QuerySet[LibraryItem],
    *,
    kinds: Sequence[str],
    themes: Sequence[str],
    years: Sequence[int],
    agencies: Sequence[int],
) -> QuerySet[LibraryItem]:
    if kinds:
        items = items.filter(kind__in=kinds)
    for slug in themes:  # every theme asked for (not any of them)
        items = items.filter(themes__slug=slug)
    if years:
        dated = Q()
        for year in years:
            start = datetime.date(year, 1, 1)
            dated |= Q(published_on__gte=start, published_on__lt=start.replace(year=year + 1))
        items = items.filter(dated)
    if agencies:
        items = items.filter(agencies__in=agencies)
    return items


def _opening(text: str, words: int = search.SNIPPET_WORDS) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (f" {search.ELLIPSIS}" if len(parts) > words else "")


def library_search(
    *,
    partnership: Partnership,
    query: str,
    user: Any = None,
    confidential: bool = False,
    limit: int = 10,
    kinds: Sequence[str] = (),
    themes: Sequence[str] = (),
    years: Sequence[int] = (),
    agencies: Sequence[int] = (),
) -> list[Hit]:
    """The partnership's library items best matching `query`, best first, with snippets.

    Whose view: `user`'s (library_items_for_user; a person of another partnership finds
    nothing). With no user, only items with no case, unless `confidential` (for the
    operator's command line). Filters: `kinds`, theme slugs (all of them), publication
    `years`, agency ids. A blank query lists the filtered items, newest first.
    """
    limit = max(0, min(limit, MAX_LIMIT))
    if user is not None:
        if user.partnership_id != partnership.pk:
            return []
        items = library_items_for_user(user)
    else:
        items = LibraryItem.objects.filter(partnership=partnership)
        if not confidential:
            items = items.filter(case__isnull=True)
    # The filters join; distinct keeps an item once however many rows it joins to.
    items = _narrowed(items, kinds=kinds, themes=themes, years=years, agencies=agencies)
    if themes or agencies:
        items = items.distinct()
    parsed = parse(query)
    if not parsed:
        listed = items.order_by("-published_on", "ref").prefetch_related("themes")[:limit]
        return [Hit(item, 0.0, _opening(item.text)) for item in listed]
    raw = search.ranked(parsed, items, limit)
    by_id = LibraryItem.objects.prefetch_related("themes").in_bulk([h.item_id for h in raw])
    return [Hit(by_id[h.item_id], h.score, h.snippet) for h in raw if h.item_id in by_id]
