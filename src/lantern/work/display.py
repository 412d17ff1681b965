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
    "training": "Training to run",
    "finding": "Finding to decide on",
    "report": "Annual report",
}


@dataclass(frozen=True)
class Row:
    item: WorkItem
    kind_label: str
    tag: str  # the GOV.UK tag's text
    tag_class: str


#: How many items of each section My work shows; the rest are a "see all" link away, on a
#: paginated page of that section alone (issue 13: a long list is not sent every visit).
SHOWN = 20


@dataclass(frozen=True)
class Section:
    heading: str
    rows: list[Row]
    #: How many items the section has in all (rows holds at most SHOWN of them).
    total: int = 0
    slug: str = ""

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def tag_of(item: WorkItem, today: datetime.date, soon_until: datetime.date) -> tuple[str, str]:
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
#: Each section's name in the address of its own page (/work/<slug>/).
SLUGS = {"Overdue": "overdue", "Due soon": "due-soon", "Later": "later", "No date yet": "undated"}


def sections(
    items: list[WorkItem],
    today: datetime.date,
    soon_until: datetime.date,
    shown: int | None = SHOWN,
) -> list[Section]:
    """Overdue, due soon (today up to `soon_until`), later, and items with no date: the
    sections that have items, each in the list's own order (soonest first), each with its
    first `shown` rows (all of them when `shown` is None) and its total."""
    grouped: dict[str, list[WorkItem]] = {
        heading: [] for heading in dict.fromkeys(SECTIONS.values())
    }
    for item in items:
        grouped[SECTIONS[tag_of(item, today, soon_until)[0]]].append(item)
    return [
        Section(
            heading,
            [row_of(item, today, soon_until) for item in found[:shown]],
            total=len(found),
            slug=SLUGS[heading],
        )
        for heading, found in grouped.items()
        if found
    ]


def row_of(item: WorkItem, today: datetime.date, soon_until: datetime.date) -> Row:
    tag, tag_class = tag_of(item, today, soon_until)
    return Row(item, KIND_LABELS.get(item.kind, item.kind), tag, tag_class)
