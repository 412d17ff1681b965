"""Reads of the surveys that pages share: a session's surveys, counted by stage, and
(for those who run training, when the course is not anonymous) who was asked."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import Course, Stage, SurveyInvitation, SurveyQuestion, TrainingSession


@dataclass(frozen=True)
class StageCounts:
    stage: str
    label: str
    asked: int
    answered: int
    reminded: int
    closed: int  # closed without an answer


def session_stage_counts(session: TrainingSession) -> list[StageCounts]:
    """Per stage: how many were asked, answered, reminded, and closed unanswered. One
    query, whatever the number of people."""
    now = timezone.now()
    rows: dict[str, Any] = {
        row["stage"]: row
        for row in SurveyInvitation.objects.filter(booking__session=session)
        .values("stage")
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            reminded=Count("pk", filter=Q(reminded_at__isnull=False)),
            closed=Count("pk", filter=Q(answered_at=None, expires_at__lte=now)),
        )
    }
    empty = {"asked": 0, "answered": 0, "reminded": 0, "closed": 0}
    return [
        StageCounts(
            stage=stage.value,
            label=stage.label,
            asked=rows.get(stage.value, empty)["asked"],
            answered=rows.get(stage.value, empty)["answered"],
            reminded=rows.get(stage.value, empty)["reminded"],
            closed=rows.get(stage.value, empty)["closed"],
        )
        for stage in Stage
    ]


def session_invitations(session: TrainingSession) -> QuerySet[SurveyInvitation]:
    """Who was asked, for the list of a course that is not anonymous: never what they
    answered (the page shows only whether)."""
    return (
        SurveyInvitation.objects.filter(booking__session=session)
        .select_related("booking")
        .only(
            "stage",
            "sent_at",
            "reminded_at",
            "answered_at",
            "expires_at",
            "booking__name",
            "booking__manager_name",
        )
        .order_by("booking__name", "booking_id", "sent_at")
    )


def standard_questions(partnership_id: int) -> QuerySet[SurveyQuestion]:
    return SurveyQuestion.objects.filter(partnership_id=partnership_id, course=None).order_by(
        "stage", "-is_active", "order", "pk"
    )


def courses_with_questions(partnership_id: int) -> list[tuple[Course, list[SurveyQuestion]]]:
    """Each course that has questions of its own, with them (two queries)."""
    questions = SurveyQuestion.objects.filter(
        partnership_id=partnership_id, course__isnull=False
    ).order_by("course__title", "course_id", "stage", "-is_active", "order", "pk")
    grouped: dict[int, list[SurveyQuestion]] = {}
    for question in questions:
        grouped.setdefault(question.course_id or 0, []).append(question)
    courses = Course.objects.in_partnership(partnership_id).filter(pk__in=grouped)
    return [(course, grouped[course.pk]) for course in courses]
