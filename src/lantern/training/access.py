"""Fetching training records for the person asking: the only way the signed-in pages get
one. Another partnership's record, or any record for someone who may not read training
(lantern.access.policy: can_read_training), is 404; a reader asking to change is 403."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from lantern.access.policy import can_manage_training, can_read_training

from .models import Course, TrainingSession


def require_read(user: Any) -> None:
    if not can_read_training(user):
        raise Http404("No such page.")


def require_manage(user: Any) -> None:
    require_read(user)
    if not can_manage_training(user):
        raise PermissionDenied("Only the L&D co-ordinator and the Business Unit change training.")


def get_course_for_user(user: Any, pk: int, *, change: bool = False) -> Course:
    (require_manage if change else require_read)(user)
    course = Course.objects.in_partnership(user.partnership_id).filter(pk=pk).first()
    if course is None:
        raise Http404("No such course.")
    return course


def get_session_for_user(user: Any, pk: int, *, change: bool = False) -> TrainingSession:
    (require_manage if change else require_read)(user)
    session = (
        TrainingSession.objects.filter(partnership_id=user.partnership_id, pk=pk)
        .select_related("course")
        .first()
    )
    if session is None:
        raise Http404("No such session.")
    return session
