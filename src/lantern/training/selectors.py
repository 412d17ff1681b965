"""Reads of the programme that pages share."""

from django.db.models import Count, Q, QuerySet

from .models import Course, SessionStatus


def courses_with_counts(partnership_id: int) -> QuerySet[Course]:
    """Every course of the partnership with its number of sessions held or planned."""
    return (
        Course.objects.in_partnership(partnership_id)
        .annotate(
            session_count=Count("sessions", filter=~Q(sessions__status=SessionStatus.CANCELLED))
        )
        .order_by("-is_active", "title", "pk")
    )
