"""The L&D co-ordinator's evaluation of the training programme for a period.

The evaluation table (lantern.actions.evaluation) says where training evaluation is
reported: a group (the L&I or QA&P sub-group) or a role (by default the L&D
co-ordinator). The report names that route; recording it as reported keeps the period,
the day and where it went at that time (an EvaluationReport), which issue 16's 360
evaluation reads.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.actions.display import ActionRow
from lantern.actions.evaluation import Route, reporting_route
from lantern.actions.models import Action, ReportedItem
from lantern.web.dates import in_range, out_of_range_message
from lantern.web.text import clean_text

from .impact import Impact, Scope, impact, observations, session_filter
from .models import (
    Course,
    EvaluationReport,
    Observation,
    SessionStatus,
    SurveyInvitation,
    TrainingSession,
)

#: How far past the period "what is next" looks for sessions planned.
NEXT_DAYS = 183
SUMMARY_MAX = 20_000


@dataclass(frozen=True)
class CourseActions:
    course: Course
    actions: list[ActionRow]


@dataclass
class Report:
    scope: Scope
    route: Route
    impact: Impact
    recorded: EvaluationReport | None
    observations: list[Observation]
    course_actions: list[CourseActions]
    next_sessions: list[TrainingSession]
    open_surveys: int

    @property
    def title(self) -> str:
        return f"Training evaluation report, {self.scope.period}"

    @property
    def reported_to(self) -> str:
        return self.route.target_label

    @property
    def summary(self) -> str:
        return self.recorded.summary if self.recorded is not None else ""


def _course_actions(scope: Scope, today: datetime.date) -> list[CourseActions]:
    """Courses with sessions in the period that answer actions, with each action's
    reference and status (two queries)."""
    course_ids = TrainingSession.objects.filter(session_filter(scope, "")).values("course_id")
    links = (
        Course.actions.through.objects.filter(
            course__partnership_id=scope.partnership_id,
            course_id__in=course_ids,
            action__partnership_id=scope.partnership_id,
        )
        .select_related("course", "action__recommendation__case")
        .order_by(
            "course__title",
            "course_id",
            "action__recommendation__case__reference",
            "action__recommendation__number",
            "action__number",
        )
    )
    grouped: dict[int, CourseActions] = {}
    for link in links:
        entry = grouped.setdefault(link.course_id, CourseActions(link.course, []))
        action: Action = link.action
        entry.actions.append(ActionRow.of(action, today))
    return list(grouped.values())


@dataclass(frozen=True)
class PastReport:
    period_start: datetime.date
    period_end: datetime.date
    reported_on: datetime.date
    reported_to: str
    summary: str


def reported_to_label(report: EvaluationReport) -> str:
    if report.reported_to_group is not None:
        return report.reported_to_group.name
    if report.reported_to_role:
        return Role(report.reported_to_role).label
    return "Nobody recorded"


def recorded_reports(partnership_id: int) -> list[PastReport]:
    """Every evaluation recorded as reported, newest first, with when and to whom: the
    list issue 16's 360 evaluation reads (one query)."""
    return [
        PastReport(r.period_start, r.period_end, r.reported_on, reported_to_label(r), r.summary)
        for r in EvaluationReport.objects.filter(partnership_id=partnership_id).select_related(
            "reported_to_group"
        )
    ]


def build_report(scope: Scope, *, today: datetime.date | None = None) -> Report:
    today = today or timezone.localdate()
    recorded = (
        EvaluationReport.objects.filter(
            partnership_id=scope.partnership_id,
            period_start=scope.start,
            period_end=scope.end,
        )
        .select_related("reported_to_group")
        .first()
    )
    after = max(scope.end, today)
    next_sessions = list(
        TrainingSession.objects.filter(
            partnership_id=scope.partnership_id,
            status=SessionStatus.SCHEDULED,
            starts_at__date__gt=after,
            starts_at__date__lte=after + datetime.timedelta(days=NEXT_DAYS),
        )
        .select_related("course")
        .order_by("starts_at", "pk")
    )
    open_surveys = SurveyInvitation.objects.filter(
        partnership_id=scope.partnership_id,
        answered_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).count()
    return Report(
        scope=scope,
        route=reporting_route(scope.partnership_id, ReportedItem.TRAINING),
        impact=impact(scope),
        recorded=recorded,
        observations=observations(scope),
        course_actions=_course_actions(scope, today),
        next_sessions=next_sessions,
        open_surveys=open_surveys,
    )


def evaluation_report_record(
    *,
    user: Any,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    reported_on: datetime.date | None,
    summary: str,
    today: datetime.date | None = None,
) -> EvaluationReport:
    """Records the evaluation of a period as reported on `reported_on` to where the
    evaluation table routes training now. The caller has checked the person may manage
    training; the partnership is theirs."""
    today = today or timezone.localdate()
    summary = summary.replace("\r\n", "\n").strip()
    errors: dict[str, str] = {}
    for name, day in (
        ("period_start", period_start),
        ("period_end", period_end),
        ("reported_on", reported_on),
    ):
        if day is None:
            errors[name] = "Enter the date."
        elif not in_range(day):
            errors[name] = out_of_range_message("The date")
    if not errors:
        assert period_start and period_end and reported_on  # checked above
        if period_end < period_start:
            errors["period_end"] = "The end of the period must be on or after its start."
        elif period_start > today:
            errors["period_start"] = "The period must start today or earlier."
        if reported_on > today:
            errors["reported_on"] = "The day it was reported must be today or earlier."
        elif reported_on < period_start:
            errors["reported_on"] = "The day it was reported must be after the period started."
    if clean_text(summary) != summary:
        errors["summary"] = "The summary must not contain control characters."
    elif len(summary) > SUMMARY_MAX:
        errors["summary"] = f"The summary must be {SUMMARY_MAX:,} characters or fewer."
    route = reporting_route(user.partnership_id, ReportedItem.TRAINING)
    if route.group is None and not route.role:
        errors["__all__"] = (
            "The evaluation table routes training evaluation nowhere: choose a group or "
            "role for it there first."
        )
    if errors:
        raise ValidationError(errors)
    assert period_start and period_end and reported_on  # checked above
    if EvaluationReport.objects.filter(
        partnership_id=user.partnership_id,
        period_start=period_start,
        period_end=period_end,
        reported_on=reported_on,
    ).exists():
        raise ValidationError(
            {"reported_on": "This period's evaluation is already recorded as reported that day."}
        )
    with transaction.atomic():
        return EvaluationReport.objects.create(
            partnership_id=user.partnership_id,
            period_start=period_start,
            period_end=period_end,
            reported_to_group=route.group,
            reported_to_role="" if route.group is not None else route.role,
            reported_on=reported_on,
            summary=summary,
            created_by=user,
        )
