"""SAR meetings, declared for the meetings kernel: a SAR Panel meeting may make the
sub-group's decision (mandatory SAR, discretionary SAR, or other steps)."""

import datetime
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


def meeting_window(case: Any, kind: str) -> tuple[datetime.date, datetime.date] | None:
    """A SAR Panel meeting before the SAR is commissioned makes the sub-group's decision:
    it falls in that decision's window on the statutory clock (the "sar-referral"
    timetable's "decision" step), and one outside it needs its reason (found on a walk:
    the decision meeting was scheduled outside the window and no reason was asked)."""
    from lantern.clock.models import CaseStep
    from lantern.meetings.models import MeetingKind

    if kind != MeetingKind.PANEL or hasattr(case, "sar"):
        return None
    step = CaseStep.objects.filter(case=case, pathway="sar-referral", step_id="decision").first()
    if step is None or step.done_on is not None:
        return None
    return (step.earliest or step.due, step.due)


SAR_MEETINGS = MeetingRules(
    decision_choices=SAR_DECISIONS, window=meeting_window, on_decided=decision_made
)
