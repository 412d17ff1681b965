"""The integrated chronology: every agency's entries on one timeline, flagged and filtered.

The flags are read as stored (flagging.py), and filters, order, pages and counts are the
database's work, so a page costs the same few queries at 40 or 40,000 entries (issue 13).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from lantern.cases.models import Case
from lantern.partnerships.models import Agency

from .flags import CONTRADICTION, DUPLICATE, Flag
from .models import ChronologyEntry, ChronologyFlag, ChronologyImport


@dataclass(frozen=True)
class Filters:
    agency_ids: frozenset[int] = frozenset()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    key_only: bool = False
    flagged_only: bool = False

    @property
    def any(self) -> bool:
        return bool(
            self.agency_ids or self.date_from or self.date_to or self.key_only or self.flagged_only
        )


#: How the table shows each kind of flag: the tag's class and its words.
_FLAG_TAGS = {
    DUPLICATE: ("govuk-tag--yellow", "Likely duplicate"),
    CONTRADICTION: ("govuk-tag--red", "Contradiction"),
}


@dataclass
class Line:
    entry: ChronologyEntry
    flags: list[Flag]
    #: Agencies' names by id, for the flags' other agencies (the whole chronology's).
    agency_names: dict[int, str] = field(default_factory=dict)

    @cached_property
    def ref(self) -> str:
        """The entry's pk as text: the table writes it five times a row, and a number in a
        template goes through localisation each time (issue 13)."""
        return str(self.entry.pk)

    @cached_property
    def day(self) -> str:
        """The date as the table shows it, "2 Mar 2026" (made once for its four uses)."""
        on = self.entry.happened_on
        return f"{on.day} {on:%b %Y}"

    @cached_property
    def time(self) -> str:
        at = self.entry.happened_at
        return f"{at:%H:%M}" if at is not None else ""

    @property
    def shown_flags(self) -> list[tuple[str, str, str, str, str]]:
        """Each flag as the table shows it: tag class, tag, reason, the other entry's
        pk as text and its agency's name."""
        names = self.agency_names
        return [
            (*_FLAG_TAGS.get(f.kind, _FLAG_TAGS[CONTRADICTION]), f.reason, str(f.other_pk),
             names.get(f.other_agency_id, "another agency"))
            for f in self.flags
        ]  # fmt: skip

    @property
    def duplicates(self) -> list[Flag]:
        return [f for f in self.flags if f.kind == DUPLICATE]

    @property
    def contradictions(self) -> list[Flag]:
        return [f for f in self.flags if f.kind == CONTRADICTION]


@dataclass
class Summary:
    """The whole chronology in numbers, whatever the filters."""

    total: int
    duplicate_count: int
    contradiction_count: int
    agency_names: dict[int, str] = field(default_factory=dict)


@dataclass
class Timeline(Summary):
    lines: list[Line] = field(default_factory=list)


def summary(case: Case) -> Summary:
    """Three small queries: the entries counted by agency (from the case-and-agency index
    alone, without joining the agencies), those agencies' names, and the entries flagged
    by kind."""
    counts = dict(
        ChronologyEntry.objects.filter(case=case)
        .order_by()
        .values_list("agency_id")
        .annotate(entries=Count("pk"))
        .values_list("agency_id", "entries")
    )
    names = dict(Agency.objects.filter(pk__in=list(counts)).values_list("pk", "name"))
    flagged = ChronologyFlag.objects.filter(case=case).aggregate(
        duplicates=Count("entry", distinct=True, filter=Q(kind=DUPLICATE)),
        contradictions=Count("entry", distinct=True, filter=Q(kind=CONTRADICTION)),
    )
    total = sum(counts.values())
    return Summary(total, flagged["duplicates"], flagged["contradictions"], names)


def entries(case: Case, filters: Filters) -> QuerySet[ChronologyEntry]:
    """The case's entries that the filters keep, in timeline order, filtered in the
    database (issue 13): page them rather than listing them."""
    found = ChronologyEntry.objects.for_case(case).timeline()
    if filters.agency_ids:
        found = found.filter(agency_id__in=filters.agency_ids)
    if filters.date_from is not None:
        found = found.filter(happened_on__gte=filters.date_from)
    if filters.date_to is not None:
        found = found.filter(happened_on__lte=filters.date_to)
    if filters.key_only:
        found = found.filter(key_episode=True)
    if filters.flagged_only:
        found = found.filter(Exists(ChronologyFlag.objects.filter(entry=OuterRef("pk"))))
    return found


class TimelinePaginator(Paginator):
    """Pages of a timeline (`entries()`), found by the day they start on (issue 13).

    One query counts the entries of each day (from the timeline index); the page is then
    read from the days it spans only, skipping no more than a day's entries. OFFSET would
    have the database join and sort every entry before the page (page 100 of 40,000 cost
    twice page 1). The day counts also give the total, so this is still two queries."""

    object_list: QuerySet[ChronologyEntry]

    @cached_property
    def days(self) -> list[tuple[datetime.date, int]]:
        by_day = (
            self.object_list.order_by()
            .values_list("happened_on")
            .annotate(entries=Count("pk"))
            .order_by("happened_on")
        )
        return list(by_day.values_list("happened_on", "entries"))

    @cached_property
    def count(self) -> int:
        return sum(entries for _day, entries in self.days)

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        skip = (number - 1) * self.per_page
        want = self.per_page + (self.orphans if number == self.num_pages else 0)
        first = last = None
        before = 0  # entries on the days before `first`
        seen = 0
        for day, entries in self.days:
            if first is None:
                if seen + entries <= skip:
                    seen += entries
                    continue
                first, before = day, seen
            last = day
            seen += entries
            if seen >= skip + want:
                break
        if first is None:
            return self._get_page(self.object_list.none(), number, self)  # type: ignore[attr-defined]
        start = skip - before
        found = self.object_list.filter(happened_on__range=(first, last))[start : start + want]
        return self._get_page(found, number, self)  # type: ignore[attr-defined]


def _flags_in_order(flags: QuerySet[ChronologyFlag]) -> dict[int, list[Flag]]:
    """Each entry's stored flags, the other entries in timeline order (as they were found)."""
    ordered = flags.order_by(
        F("other__happened_at").asc(nulls_first=True), "other__agency__name", "other_id"
    ).values_list("entry_id", "kind", "other_id", "other_agency_id", "reason")
    found: dict[int, list[Flag]] = defaultdict(list)
    for entry_id, kind, other_id, other_agency_id, reason in ordered:
        found[entry_id].append(Flag(kind, other_id, other_agency_id, reason))
    return found


def lines_of(page: Iterable[ChronologyEntry], names: dict[int, str] | None = None) -> list[Line]:
    """A page of entries with their stored flags: one query, however many entries.
    `names`: the agencies' names by id (Summary.agency_names), for the flags."""
    shown = list(page)
    flags = _flags_in_order(ChronologyFlag.objects.filter(entry__in=[e.pk for e in shown]))
    return [Line(e, flags.get(e.pk, []), names or {}) for e in shown]


def timeline(case: Case, filters: Filters | None = None) -> Timeline:
    """Every entry the filters keep, with its stored flags (for the exports): flagged
    across all agencies, so a filtered view still shows that another agency reported the
    same event. Four queries, and no comparison of entries (issue 13)."""
    whole = summary(case)
    flags = _flags_in_order(ChronologyFlag.objects.filter(case=case))
    kept = entries(case, filters or Filters())
    return Timeline(
        total=whole.total,
        duplicate_count=whole.duplicate_count,
        contradiction_count=whole.contradiction_count,
        agency_names=whole.agency_names,
        lines=[Line(e, flags.get(e.pk, []), whole.agency_names) for e in kept],
    )


def latest_imports(case: Case) -> list[ChronologyImport]:
    """Each agency's most recent upload on the case, newest first (one query)."""
    seen: set[int] = set()
    latest = []
    for batch in ChronologyImport.objects.filter(case=case).select_related("agency", "uploaded_by"):
        if batch.agency_id not in seen:
            seen.add(batch.agency_id)
            latest.append(batch)
    return latest
