"""The chronology template's columns: one declaration read by parsing, templates and exports."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    required: bool
    max_length: int
    example: str


COLUMNS: tuple[Column, ...] = (
    Column("date", "Date", True, 0, "27/03/2026"),
    Column("time", "Time", False, 0, "14:30"),
    Column("agency", "Agency", False, 200, ""),
    Column("source_record", "Source record", False, 200, "Case note 1234"),
    Column("event", "Event", True, 5000, "Home visit: mother and child seen together."),
    Column("action_taken", "Action taken", False, 5000, "Referral to children's social care."),
    Column("practitioner_role", "Practitioner role", False, 200, "Health visitor"),
)

HEADINGS: tuple[str, ...] = tuple(c.heading for c in COLUMNS)
