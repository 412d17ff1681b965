"""Quorum, per pathway: at least one person who attended from each statutory partner
for the decisions the meeting makes. A meeting that is not quorate cannot decide.

- Children's decisions (rapid review, CSPR): the local authority's children's services,
  the ICB and the police (Working Together 2023).
- Adults' decisions (the Safeguarding Adults Board: SAR; and DHR, whose subject is 16 or
  over and whose decision the partnership's adults' side takes): the local authority's
  adult social care, the ICB and the police (Care Act 2014, Schedule 2).

Which agency stands for which partner, and for whose decisions, is data each partnership
sets on its agencies (Agency.statutory_partner and Agency.statutory_for), not code. Each
attendance counts for the agency recorded on that attendance row. Pathways not named here
(audits, national learning) decide nothing at a meeting, so have no quorum.
"""

from django.db.models import Q

from lantern.cases.models import Case
from lantern.partnerships.models import Agency, StatutoryFor, StatutoryPartner

from .models import Meeting

CHILDREN, ADULTS = StatutoryFor.CHILDREN, StatutoryFor.ADULTS

#: Whose decisions each pathway's meetings take.
PATHWAY_SIDE: dict[str, str] = {
    "rapid-review": CHILDREN,
    "cspr": CHILDREN,
    "sar": ADULTS,
    "dhr": ADULTS,
}

#: Each partner in words, per side, in the order they are named.
_PARTNER_WORDS: dict[str, dict[str, str]] = {
    CHILDREN: {
        StatutoryPartner.LOCAL_AUTHORITY: "the local authority (children's services)",
        StatutoryPartner.ICB: "the Integrated Care Board",
        StatutoryPartner.POLICE: "the police",
    },
    ADULTS: {
        StatutoryPartner.LOCAL_AUTHORITY: "the local authority (adult social care)",
        StatutoryPartner.ICB: "the Integrated Care Board",
        StatutoryPartner.POLICE: "the police",
    },
}


def side_for(case: Case) -> str | None:
    """ "children", "adults", or None where the pathway's meetings need no quorum."""
    return PATHWAY_SIDE.get(case.pathway)


def counts_for(side: str, prefix: str = "") -> Q:
    """Attendance rows (reached through `prefix`) that count towards this side's quorum."""
    return (
        Q(**{f"{prefix}attended": True})
        & ~Q(**{f"{prefix}agency__statutory_partner": ""})
        & Q(**{f"{prefix}agency__statutory_for__in": [side, StatutoryFor.BOTH]})
    )


def partners_needed(case: Case) -> list[str]:
    """The partners this case's decision meetings need, in words."""
    side = side_for(case)
    return list(_PARTNER_WORDS[side].values()) if side else []


def quorum_gaps(meeting: Meeting) -> list[str]:
    """The partners nobody attended from, in words and a fixed order, e.g. ["the police"]."""
    side = side_for(meeting.case)
    if side is None:
        return []
    present = set(
        meeting.attendance.filter(counts_for(side)).values_list(
            "agency__statutory_partner", flat=True
        )
    )
    return [words for value, words in _PARTNER_WORDS[side].items() if value not in present]


def is_quorate(meeting: Meeting) -> bool:
    return not quorum_gaps(meeting)


def join_names(names: list[str], word: str = "or") -> str:
    """["A", "B", "C"] -> "A, B or C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


def quorum_problem(meeting: Meeting) -> str:
    """The sentence explaining why the meeting is not quorate, or "" if it is."""
    gaps = quorum_gaps(meeting)
    return f"The meeting was not quorate: no one attended from {join_names(gaps)}." if gaps else ""


_SIDE_NAMES = {CHILDREN: "Children's decisions", ADULTS: "Adults' decisions"}


def quorum_summary(partnership_id: int) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """For the settings page: per side, each partner in words and the partnership's
    active agencies that stand for it (an empty list is a gap to fix). One query."""
    agencies = list(
        Agency.objects.filter(partnership_id=partnership_id)
        .active()
        .statutory_partners()
        .order_by("name")
    )
    return [
        (
            _SIDE_NAMES[side],
            [
                (
                    words,
                    [
                        a.name
                        for a in agencies
                        if a.statutory_partner == partner
                        and a.statutory_for in (side, StatutoryFor.BOTH)
                    ],
                )
                for partner, words in _PARTNER_WORDS[side].items()
            ],
        )
        for side in (CHILDREN, ADULTS)
    ]
