"""The rapid review meeting, declared for the meetings kernel: its decision choices, its
window (from the statutory clock: 7 to 13 working days after the referral, by default),
and what its being held or deciding does to the timetable."""

import datetime
from typing import Any

from lantern.cases.models import Case
from lantern.clock.models import CaseStep
from lantern.meetings.models import MeetingKind
from lantern.meetings.rules import RAPID_REVIEW_DECISIONS, MeetingRules
from lantern.workflow.services import stage_set, step_happened


def meeting_window(case: Case, kind: str) -> tuple[datetime.date, datetime.date] | None:
    if kind != MeetingKind.RAPID_REVIEW:
        return None
    step = CaseStep.objects.filter(case=case, pathway="rapid-review", step_id="meeting").first()
    if step is None:
        return None
    return (step.earliest or step.due, step.due)


def meeting_held(meeting: Any) -> None:
    if meeting.kind == MeetingKind.RAPID_REVIEW:
        step_happened(
            case=meeting.case, pathway="rapid-review", step_id="meeting", on=meeting.held_on
        )
        stage_set(case=meeting.case, stage="meeting")


def decision_made(decision: Any) -> None:
    if decision.meeting and decision.meeting.kind == MeetingKind.RAPID_REVIEW:
        step_happened(
            case=decision.case, pathway="rapid-review", step_id="complete", on=decision.decided_on
        )
        stage_set(case=decision.case, stage="outcome")


RAPID_REVIEW_MEETINGS = MeetingRules(
    decision_choices=RAPID_REVIEW_DECISIONS,
    window=meeting_window,
    on_held=meeting_held,
    on_decided=decision_made,
)
