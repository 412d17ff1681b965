"""SAR meetings, declared for the meetings kernel: a SAR Panel meeting may make the
sub-group's decision (mandatory SAR, discretionary SAR, or other steps)."""

from typing import Any

from django.core.exceptions import ValidationError

from lantern.meetings.rules import MeetingRules
from lantern.workflow.gates import step_problems
from lantern.workflow.rules import ReasonIfDiffers

from .decision import SAR_DECISIONS, after_decision, differs_reason


def decision_made(decision: Any) -> None:
    """A panel meeting's decision holds to the same Care Act s44 rule as one recorded
    directly: one that differs from the assessment carries its reason (in the rationale,
    after DIFFERS_PREFIX). Raising here undoes the meeting's decision."""
    if hasattr(decision.case, "sar"):
        return
    problems = step_problems(
        decision.case, "decision", only=(ReasonIfDiffers,), kind=decision.kind,
        reason=differs_reason(decision),
    )  # fmt: skip
    if problems:
        # The meeting's decision form has no field for the reason, and nobody is asked to
        # type Lantern's stored prefix (found on a walk): the SAR's own decision page asks
        # for the reason on a field of its own.
        raise ValidationError(
            {
                "rationale": [
                    *problems,
                    "Record this decision on the SAR's page instead (Record the sub-group's "
                    "decision): it asks why the decision differs from the s44 assessment.",
                ]
            }
        )
    after_decision(decision)


SAR_MEETINGS = MeetingRules(decision_choices=SAR_DECISIONS, on_decided=decision_made)
