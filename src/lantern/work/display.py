"""How My work shows the list: by when each item is due, each with a GOV.UK tag."""

import datetime
from dataclasses import dataclass

from .items import WorkItem

KIND_LABELS = {
    "step": "Step",
    "request": "Request to your agency",
    "endorsement": "To endorse or agree",
    "signoff": "To agree or sign off",
    "action": "Action you own",
    "referral": "Referral returned",
    "meeting": "Meeting to record",
}


@dataclass(frozen=True)
class Row:
    item: WorkItem
    kind_label: str
    tag: str  # the GOV.UK tag's text
    tag_class: str


@dataclass(frozen=True)
class Section:
    heading: str
    rows: list[Row]


def _when(item: WorkItem, today: datetime.date, soon_until: datetime.date) -> tuple[str, str]:
    if item.overdue:
        return "Overdue", "govuk-tag--red"
    if item.due is None:
        return "To do", "govuk-tag--grey"
    if item.due == today:
        return "Due today", "govuk-tag--orange"
    if item.due <= soon_until:
        return "Due soon", "govuk-tag--yellow"
    return "Later", "govuk-tag--blue"


#: Sections in the order shown; a tag names the section its item goes in.
SECTIONS = {
    "Overdue": "Overdue",
    "Due today": "Due soon",
    "Due soon": "Due soon",
    "Later": "Later",
    "To do": "No date yet",
}


def sections(
    items: list[WorkItem], today: datetime.date, soon_until: datetime.date
) -> list[Section]:
    """Overdue, due soon (today up to `soon_until`), later, and items with no date: the
    sections that have items, each in the list's own order (soonest first)."""
    grouped: dict[str, list[Row]] = {heading: [] for heading in dict.fromkeys(SECTIONS.values())}
    for item in items:
        tag, tag_class = _when(item, today, soon_until)
        row = Row(item, KIND_LABELS.get(item.kind, item.kind), tag, tag_class)
        grouped[SECTIONS[tag]].append(row)
    return [Section(heading, rows) for heading, rows in grouped.items() if rows]
