"""What each pathway's meetings decide, and when they should be held: declared as data.

A pathway registers its `MeetingRules` once (in its AppConfig.ready); the meeting
pages and services read them from here. The window itself comes from the statutory
clock, so it is a function of the case: the meetings kernel never computes it.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from lantern.cases.models import Case

Choices = Sequence[tuple[str, str]]
Window = tuple[datetime.date, datetime.date]
WindowFor = Callable[[Case, str], Window | None]  # (case, meeting kind) -> window
# What a pathway does when one of its meetings is held or decides: e.g. mark its
# timetable's step done. Called by the meetings services inside their transaction.
OnHeld = Callable[[Any], None]  # (meeting)
OnDecided = Callable[[Any], None]  # (decision)

RAPID_REVIEW_DECISIONS: Choices = (
    ("cspr", "Local child safeguarding practice review"),
    ("alternative", "Alternative learning review (for example a table-top review)"),
    ("none", "No review"),
)


@dataclass(frozen=True)
class MeetingRules:
    decision_choices: Choices = ()
    window: WindowFor | None = None
    on_held: OnHeld | None = None
    on_decided: OnDecided | None = None

    def window_for(self, case: Case, kind: str) -> Window | None:
        return self.window(case, kind) if self.window else None


_RULES: dict[str, MeetingRules] = {
    "rapid-review": MeetingRules(decision_choices=RAPID_REVIEW_DECISIONS),
}


def register(pathway: str, rules: MeetingRules) -> None:
    """Declare (or replace) the meeting rules of one pathway."""
    _RULES[pathway] = rules


def rules_for(case: Case) -> MeetingRules:
    return _RULES.get(case.pathway, MeetingRules())
