"""SAR meetings, declared for the meetings kernel: a SAR Panel meeting may make the
sub-group's decision (mandatory SAR, discretionary SAR, or other steps)."""

from typing import Any

from lantern.meetings.rules import MeetingRules

from .decision import SAR_DECISIONS, after_decision


def decision_made(decision: Any) -> None:
    if not hasattr(decision.case, "sar"):
        after_decision(decision)


SAR_MEETINGS = MeetingRules(decision_choices=SAR_DECISIONS, on_decided=decision_made)
