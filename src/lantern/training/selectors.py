"""Reads of the programme that pages share."""

import datetime

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from .models import (
    PLACE_STATUSES,
    BookingStatus,
    Course,
    Observation,
    SessionStatus,
    TrainingSession,
)

_PLACES = Q(bookings__status__in=PLACE_STATUSES)
_WAITING = Q(bookings__status=BookingStatus.WAITING)


def courses_with_counts(
    partnership_id: int, *, now: datetime.datetime | None = None
) -> QuerySet[Course]:
    """Every course of the partnership with its number of sessions held or planned
    (`session_count`), when its next session starts (`next_session`, None if none is
    planned) and its themes (prefetched: one more query, however many courses)."""
    now = now or timezone.now()
    return (
        Course.objects.in_partnership(partnership_id)
        .annotate(
            session_count=Count("sessions", filter=~Q(sessions__status=SessionStatus.CANCELLED)),
            next_session=Min(
                "sessions__starts_at",
                filter=Q(sessions__status=SessionStatus.SCHEDULED, sessions__starts_at__gte=now),
            ),
        )
        .prefetch_related("themes")
        .order_by("-is_active", "title", "pk")
    )


def with_places(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    """Sessions with `booked` (places held: booked, attended or did not attend) and
    `waiting` (on the waiting list), counted in the same query."""
    return sessions.annotate(
        booked=Count("bookings", filter=_PLACES), waiting=Count("bookings", filter=_WAITING)
    )


def upcoming_sessions(
    partnership_id: int, *, now: datetime.datetime | None = None
) -> QuerySet[TrainingSession]:
    """Sessions not yet over, soonest first, cancelled ones included (people booked on
    them need to hear), with their places."""
    now = now or timezone.now()
    sessions = TrainingSession.objects.filter(partnership_id=partnership_id, ends_at__gte=now)
    return with_places(sessions).select_related("course").order_by("starts_at", "pk")


def sessions_of(course: Course) -> QuerySet[TrainingSession]:
    """The course's sessions, latest first, with their places."""
    sessions = TrainingSession.objects.filter(partnership_id=course.partnership_id, course=course)
    return with_places(sessions).order_by("-starts_at", "-pk")


def session_with_places(session: TrainingSession) -> TrainingSession:
    """The session again, with `booked` and `waiting`."""
    found = with_places(TrainingSession.objects.filter(pk=session.pk)).select_related("course")
    return found.get()


def observations_of(course: Course) -> QuerySet[Observation]:
    return Observation.objects.filter(
        partnership_id=course.partnership_id, course=course
    ).select_related("session")


def observations_of_session(session: TrainingSession) -> QuerySet[Observation]:
    return Observation.objects.filter(partnership_id=session.partnership_id, session=session)
