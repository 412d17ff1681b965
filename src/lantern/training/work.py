"""What the programme puts on My work for the people who run training (lantern.work):

- "Take the register for <course>, <date>": a scheduled session that has ended and has no
  register yet. Due on the session's day; overdue five working days after it (weekends
  and bank holidays in England: lantern.clock's calendar, without the partnership's own
  closure days, which would cost a query for a few days' grace).
- "Quality assure <course>": an active core course nobody has observed in the last twelve
  months (the framework: training is quality assured). No due date.

One query whatever the number of sessions and courses (tests/work/test_queries.py locks
it), and none at all for someone who does not run training.
"""

import datetime
from typing import Any

from django.db.models import CharField, DateTimeField, Exists, F, OuterRef, Value
from django.urls import reverse
from django.utils import timezone

from lantern.access.policy import can_manage_training
from lantern.clock.engine import ENGLAND, add_months
from lantern.work.items import WorkItem

from .models import Course, CourseKind, Observation, SessionStatus, TrainingSession

#: Working days after the session before an untaken register is overdue.
REGISTER_GRACE_DAYS = 5
WHY = "You run the training programme"
_REGISTER = "register"
_ASSURE = "assure"


def _rows(partnership_id: int, today: datetime.date, now: datetime.datetime) -> list[tuple]:
    """(what, id, course title, session start) for both kinds of item, in one UNION."""
    registers = (
        TrainingSession.objects.filter(
            partnership_id=partnership_id,
            status=SessionStatus.SCHEDULED,
            attendance_recorded_at__isnull=True,
            ends_at__lte=now,
        )
        .annotate(
            what=Value(_REGISTER, output_field=CharField()),
            title=F("course__title"),
            moment=F("starts_at"),
        )
        .values_list("what", "pk", "title", "moment")
        .order_by()
    )
    recent = Observation.objects.filter(
        course=OuterRef("pk"), observed_on__gt=add_months(today, -12)
    )
    courses = (
        Course.objects.in_partnership(partnership_id)
        .filter(is_active=True, kind=CourseKind.CORE)
        .exclude(Exists(recent))
        .annotate(
            what=Value(_ASSURE, output_field=CharField()),
            moment=Value(None, output_field=DateTimeField()),
        )
        .values_list("what", "pk", "title", "moment")
        .order_by()
    )
    return list(registers.union(courses, all=True))


def training_work_for(user: Any, today: datetime.date | None = None) -> list[WorkItem]:
    """The registers to take and the courses to quality assure, for whoever may run
    training (lantern.access.policy.can_manage_training); nothing, and no query, for
    anyone else."""
    if not can_manage_training(user):
        return []
    today = today or timezone.localdate()
    items = []
    for what, pk, title, moment in _rows(user.partnership_id, today, timezone.now()):
        if what == _REGISTER:
            day = timezone.localtime(moment).date()
            items.append(
                WorkItem(
                    kind="training",
                    title=f"Take the register for {title}, {day:%-d %B %Y}",
                    url=reverse("training:register", kwargs={"pk": pk}),
                    due=day,
                    why=WHY,
                    overdue=today > ENGLAND.add_working_days(day, REGISTER_GRACE_DAYS),
                )
            )
        else:
            items.append(
                WorkItem(
                    kind="training",
                    title=f"Quality assure {title}",
                    url=reverse("training:course", kwargs={"pk": pk}),
                    due=None,
                    why=f"{WHY}: no observation of this core course in the last 12 months",
                )
            )
    return items
