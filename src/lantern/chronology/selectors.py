"""The integrated chronology: every agency's entries on one timeline, flagged and filtered."""

import datetime
from dataclasses import dataclass, field

from lantern.cases.models import Case

from .flags import CONTRADICTION, DUPLICATE, Flag, flag_entries
from .models import ChronologyEntry, ChronologyImport


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

    def keeps(self, entry: ChronologyEntry, flags: list[Flag]) -> bool:
        return (
            (not self.agency_ids or entry.agency_id in self.agency_ids)
            and (self.date_from is None or entry.happened_on >= self.date_from)
            and (self.date_to is None or entry.happened_on <= self.date_to)
            and (not self.key_only or entry.key_episode)
            and (not self.flagged_only or bool(flags))
        )


@dataclass
class Line:
    entry: ChronologyEntry
    flags: list[Flag]

    @property
    def duplicates(self) -> list[Flag]:
        return [f for f in self.flags if f.kind == DUPLICATE]

    @property
    def contradictions(self) -> list[Flag]:
        return [f for f in self.flags if f.kind == CONTRADICTION]


@dataclass
class Timeline:
    lines: list[Line]
    total: int
    duplicate_count: int
    contradiction_count: int
    agency_names: dict[int, str] = field(default_factory=dict)


def timeline(case: Case, filters: Filters | None = None) -> Timeline:
    """One query: every entry of the case with its agency, flagged across all agencies
    (so a filtered view still shows that another agency reported the same event)."""
    filters = filters or Filters()
    entries = list(ChronologyEntry.objects.for_case(case).timeline())
    flags = flag_entries(entries)
    lines = [Line(e, flags.get(e.pk, [])) for e in entries]
    kept = [line for line in lines if filters.keeps(line.entry, line.flags)]
    return Timeline(
        lines=kept,
        total=len(entries),
        duplicate_count=sum(1 for line in lines if line.duplicates),
        contradiction_count=sum(1 for line in lines if line.contradictions),
        agency_names={e.agency_id: e.agency.name for e in entries},
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
