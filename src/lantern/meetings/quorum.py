"""Quorum: at least one person who attended from each statutory safeguarding partner
(local authority, ICB, police). A meeting that is not quorate cannot decide.

Each attendance counts for the agency recorded on that attendance row.
"""

from lantern.partnerships.models import StatutoryPartner

from .models import Meeting


def quorum_gaps(meeting: Meeting) -> list[str]:
    """The statutory partners nobody attended from, e.g. ["Police"], in a fixed order."""
    present = set(
        meeting.attendance.filter(attended=True)
        .exclude(agency__statutory_partner="")
        .values_list("agency__statutory_partner", flat=True)
    )
    return [label for value, label in StatutoryPartner.choices if value not in present]


def is_quorate(meeting: Meeting) -> bool:
    return not quorum_gaps(meeting)


def join_names(names: list[str]) -> str:
    """["A", "B", "C"] -> "A, B or C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def quorum_problem(meeting: Meeting) -> str:
    """The sentence explaining why the meeting is not quorate, or "" if it is."""
    gaps = quorum_gaps(meeting)
    return f"The meeting was not quorate: no one attended from {join_names(gaps)}." if gaps else ""
