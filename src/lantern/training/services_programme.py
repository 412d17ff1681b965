"""Writes to the programme: courses, their sessions and their quality assurance.

Each service checks the policy, validates everything first, then writes in one
transaction; a ValidationError names the field to fix and nothing is saved. Ids of
another partnership's themes, actions or sessions are refused, whoever sends them (a
form, a test, a future API).
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.access.policy import can_manage_training
from lantern.actions.models import Action
from lantern.calendars.attachments import session_ref
from lantern.calendars.events import CANCEL
from lantern.learning.models import Theme
from lantern.notifications.services import notify
from lantern.web.text import clean_text
from lantern.web.versioning import save_versioned

from . import services_attendance
from .invitations import session_changed_send
from .models import (
    PLACE_STATUSES,
    Booking,
    BookingStatus,
    Course,
    CourseKind,
    Judgement,
    Mode,
    Observation,
    SessionStatus,
    SurveyInvitation,
    TrainingSession,
)

#: The first day a session or an observation may be on: anything earlier is a typing slip.
EARLIEST = datetime.date(2000, 1, 1)
#: How far ahead a session may be planned.
YEARS_AHEAD = 5
MAX_CAPACITY = 500
SESSION_CANCELLED_TEMPLATE = "training/email/session_cancelled.txt"


def _check_manage(user: Any, partnership_id: int) -> None:
    if not can_manage_training(user) or user.partnership_id != partnership_id:
        raise PermissionDenied("Only the L&D co-ordinator and the Business Unit change training.")


def _text(value: Any) -> str:
    """One answer as stored: no control character, no surrounding space."""
    return clean_text(str(value or "")).strip()


def _one_line(value: Any) -> str:
    return " ".join(_text(value).split())


def _ids(values: Iterable[Any] | None) -> set[int] | None:
    """The ids of records given as records or ids; None if one is not an id at all."""
    found = set()
    for value in values or []:
        pk = getattr(value, "pk", value)
        if isinstance(pk, bool) or not isinstance(pk, int):
            return None
        found.add(pk)
    return found


# Courses ----------------------------------------------------------------------------------


def _course_answers(
    partnership_id: int,
    answers: dict[str, Any],
    *,
    course: Course | None = None,
) -> tuple[dict[str, Any], set[int], set[int]]:
    """The course's answers cleaned, with its theme and action ids; ValidationError
    naming every answer to fix."""
    errors: dict[str, str] = {}
    title = _one_line(answers.get("title"))
    kind = answers.get("kind")
    lines = _text(answers.get("learning_outcomes")).splitlines()
    outcomes = "\n".join(line.strip() for line in lines if line.strip())  # one a line
    same_title = Course.objects.in_partnership(partnership_id).filter(title__iexact=title)
    if course is not None:
        same_title = same_title.exclude(pk=course.pk)
    if not title:
        errors["title"] = "Enter the course's title."
    elif len(title) > 200:
        errors["title"] = "The title must be 200 characters or fewer."
    elif same_title.exists():
        errors["title"] = "There is already a course with this title: choose another."
    if kind not in CourseKind.values:
        errors["kind"] = "Choose core or specialist."
    if not outcomes:
        errors["learning_outcomes"] = "Enter at least one learning outcome."

    theme_ids = _ids(answers.get("themes"))
    allowed_themes = set(
        Theme.objects.for_partnership(partnership_id).active().values_list("pk", flat=True)
    )
    if course is not None:  # a theme retired since it was chosen may stay
        allowed_themes |= set(course.themes.values_list("pk", flat=True))
    if theme_ids is None or not theme_ids <= allowed_themes:
        errors["themes"] = "Choose themes from the list."

    action_ids = _ids(answers.get("actions"))
    if action_ids is None or len(action_ids) != (
        Action.objects.filter(partnership_id=partnership_id, pk__in=action_ids or []).count()
    ):
        errors["actions"] = "Choose actions of this partnership from the list."
    if errors:
        raise ValidationError(errors)
    assert theme_ids is not None and action_ids is not None  # checked above
    fields = {
        "title": title,
        "kind": kind,
        "description": _text(answers.get("description")),
        "learning_outcomes": outcomes,
        "anonymous_surveys": bool(answers.get("anonymous_surveys")),
        "is_active": bool(answers.get("is_active", True)),
    }
    return fields, theme_ids, action_ids


def course_create(
    *,
    partnership_id: int,
    user: Any,
    title: str,
    kind: str,
    learning_outcomes: str,
    description: str = "",
    themes: Iterable[Any] = (),
    actions: Iterable[Any] = (),
    anonymous_surveys: bool = False,
    is_active: bool = True,
) -> Course:
    """A new course of the partnership, with the themes it covers and the actions it
    answers."""
    _check_manage(user, partnership_id)
    fields, theme_ids, action_ids = _course_answers(
        partnership_id,
        {
            "title": title,
            "kind": kind,
            "learning_outcomes": learning_outcomes,
            "description": description,
            "themes": themes,
            "actions": actions,
            "anonymous_surveys": anonymous_surveys,
            "is_active": is_active,
        },
    )
    with transaction.atomic():
        course = Course.objects.create(partnership_id=partnership_id, created_by=user, **fields)
        course.themes.set(theme_ids)
        course.actions.set(action_ids)
    return course


def course_update(
    *,
    course: Course,
    user: Any,
    version: int | None = None,
    seen: dict[str, str] | None = None,
    **answers: Any,
) -> Course:
    """Changes the course. Made from an older `version`, it raises
    lantern.web.versioning.EditConflict and saves nothing; its themes and actions are
    written with it, in the same transaction."""
    _check_manage(user, course.partnership_id)
    unknown = set(answers) - {
        "title",
        "kind",
        "description",
        "learning_outcomes",
        "themes",
        "actions",
        "anonymous_surveys",
        "is_active",
    }
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    fields, theme_ids, action_ids = _course_answers(course.partnership_id, answers, course=course)
    with transaction.atomic():
        _check_anonymity_kept(course, fields["anonymous_surveys"])
        for name, value in fields.items():
            setattr(course, name, value)
        save_versioned(course, list(fields), version=version, seen=seen)
        course.themes.set(theme_ids)
        course.actions.set(action_ids)
    return course


def _check_anonymity_kept(course: Course, anonymous: bool) -> None:
    """Each survey sent says whether its answers are kept apart from the person: once one
    has gone, the course keeps the promise it made (as stored, not as the form saw it)."""
    stored = Course.objects.filter(pk=course.pk).values_list("anonymous_surveys", flat=True)
    if anonymous == stored.first():
        return
    if SurveyInvitation.objects.filter(booking__session__course_id=course.pk).exists():
        promised = "anonymous" if not anonymous else "not anonymous"
        raise ValidationError(
            {
                "anonymous_surveys": "Surveys of this course's sessions have already been "
                f"sent saying the answers are {promised}: this cannot be changed now."
            }
        )


# Sessions ---------------------------------------------------------------------------------


def places_held(session: TrainingSession) -> int:
    return Booking.objects.filter(session=session, status__in=PLACE_STATUSES).count()


def latest_session_day(today: datetime.date) -> datetime.date:
    """The last day a session may be planned for: five years ahead (29 February to 28th)."""
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def _session_answers(
    *,
    starts_at: Any,
    ends_at: Any,
    trainer: Any,
    mode: Any,
    venue: Any,
    capacity: Any,
    today: datetime.date,
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    latest = latest_session_day(today)
    if not isinstance(starts_at, datetime.datetime) or timezone.is_naive(starts_at):
        errors["starts_at"] = "Enter the date and time the session starts."
    elif not EARLIEST <= timezone.localtime(starts_at).date() <= latest:
        errors["starts_at"] = (
            f"The session's date must be between 1 January 2000 and {latest:%-d %B %Y}."
        )
    if not isinstance(ends_at, datetime.datetime) or timezone.is_naive(ends_at):
        errors["ends_at"] = "Enter the time the session ends."
    elif "starts_at" not in errors:
        if ends_at <= starts_at:
            errors["ends_at"] = "The session must end after it starts."
        elif timezone.localtime(ends_at).date() != timezone.localtime(starts_at).date():
            # Sessions are days of training: a course over two days is two sessions.
            errors["ends_at"] = "The session must end on the day it starts."
    trainer = _one_line(trainer)
    if not trainer:
        errors["trainer"] = "Enter the trainer's name."
    elif len(trainer) > 200:
        errors["trainer"] = "The trainer's name must be 200 characters or fewer."
    if mode not in Mode.values:
        errors["mode"] = "Choose in person or online."
    venue = _one_line(venue)
    if not venue:
        errors["venue"] = "Enter the venue, or how to join online."
    elif len(venue) > 300:
        errors["venue"] = "The venue must be 300 characters or fewer."
    if isinstance(capacity, bool) or not isinstance(capacity, int):
        errors["capacity"] = "Enter how many places there are."
    elif not 1 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = f"The number of places must be between 1 and {MAX_CAPACITY}."
    if errors:
        raise ValidationError(errors)
    return {
        # Stored in UTC, as the database gives them back: a save that changes nothing
        # compares equal to what another person saw (lantern.web.versioning).
        "starts_at": starts_at.astimezone(datetime.UTC),
        "ends_at": ends_at.astimezone(datetime.UTC),
        "trainer": trainer,
        "mode": mode,
        "venue": venue,
        "capacity": capacity,
    }


def session_create(
    *,
    course: Course,
    user: Any,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    trainer: str,
    mode: str,
    venue: str,
    capacity: int,
    today: datetime.date | None = None,
) -> TrainingSession:
    """A session of a course the partnership still runs."""
    _check_manage(user, course.partnership_id)
    if not course.is_active:
        raise ValidationError("This course is no longer run: change it to run again first.")
    fields = _session_answers(
        starts_at=starts_at,
        ends_at=ends_at,
        trainer=trainer,
        mode=mode,
        venue=venue,
        capacity=capacity,
        today=today or timezone.localdate(),
    )
    with transaction.atomic():
        return TrainingSession.objects.create(
            partnership_id=course.partnership_id, course=course, created_by=user, **fields
        )


def session_update(
    *,
    session: TrainingSession,
    user: Any,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    trainer: str,
    mode: str,
    venue: str,
    capacity: int,
    version: int | None = None,
    seen: dict[str, str] | None = None,
    today: datetime.date | None = None,
) -> list[Booking]:
    """Changes a scheduled session. Its places cannot fall below the places already
    held: those people would lose them without being told. New places go to the waiting
    list first, in order, and each person moved up is e-mailed, as when a booking is
    cancelled (services_attendance.fill_places). Returns who moved up."""
    _check_manage(user, session.partnership_id)
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError("This session has been cancelled: it cannot be changed.")
    fields = _session_answers(
        starts_at=starts_at,
        ends_at=ends_at,
        trainer=trainer,
        mode=mode,
        venue=venue,
        capacity=capacity,
        today=today or timezone.localdate(),
    )
    with transaction.atomic():
        # Locked as the attendance area locks it: a booking made meanwhile waits, so the
        # places held are counted once and the new places are given out once.
        locked = _lock(session)
        if locked.status == SessionStatus.CANCELLED:
            raise ValidationError("This session has been cancelled: it cannot be changed.")
        held = places_held(locked)
        if fields["capacity"] < held:
            raise ValidationError(
                {
                    "capacity": f"{held} people hold a place: the number of places must be "
                    f"at least {held}. Cancel bookings first to make it smaller."
                }
            )
        arranged = (locked.starts_at, locked.ends_at, locked.venue)
        for name, value in fields.items():
            setattr(session, name, value)
        save_versioned(session, list(fields), version=version, seen=seen)
        session.status = locked.status
        if arranged != (session.starts_at, session.ends_at, session.venue):
            # Those with a place have it in their calendar: it moves there too.
            placed = Booking.objects.filter(session=session, status=BookingStatus.BOOKED)
            session_changed_send(
                session, placed.select_related("session").order_by("booked_at", "pk")
            )
        return services_attendance.fill_places(session, now=timezone.now())


def _lock(session: TrainingSession) -> TrainingSession:
    """The session's row, locked until the transaction ends, as stored now."""
    return (
        TrainingSession.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=session.pk, partnership_id=session.partnership_id)
    )


def session_cancel(
    *,
    session: TrainingSession,
    user: Any,
    reason: str,
    now: datetime.datetime | None = None,
) -> list[Booking]:
    """Cancels a session that has not been held: it takes no more bookings (the
    attendance pages read its status). A session whose register was taken was held.
    Everyone booked or waiting is e-mailed (the course, the day and the reason; nobody
    else's details) and their booking is cancelled with the session's reason, so nobody
    is left booked on a session that will not run. Returns the bookings cancelled (the
    people told)."""
    _check_manage(user, session.partnership_id)
    now = now or timezone.now()
    reason = _one_line(reason)
    if not reason:
        raise ValidationError({"reason": "Enter why the session is cancelled."})
    if len(reason) > 500:
        raise ValidationError({"reason": "The reason must be 500 characters or fewer."})
    with transaction.atomic():
        # Locked: a booking or a register taken meanwhile waits and then finds the
        # session cancelled (the attendance area locks the same row).
        locked = _lock(session)
        if locked.status == SessionStatus.CANCELLED:
            raise ValidationError("This session has already been cancelled.")
        if locked.attendance_recorded_at is not None:
            raise ValidationError("The register of this session has been taken: it was held.")
        locked.status = SessionStatus.CANCELLED
        locked.cancelled_reason = reason
        save_versioned(locked, ["status", "cancelled_reason"], version=None)
        told = list(
            Booking.objects.select_for_update()
            .filter(session=locked, status__in=[BookingStatus.BOOKED, BookingStatus.WAITING])
            .order_by("booked_at", "pk")
        )
        for booking in told:
            was_waiting = booking.status == BookingStatus.WAITING
            booking.status = BookingStatus.CANCELLED
            booking.cancelled_at = now
            booking.cancelled_reason = reason
            booking.version += 1  # one save a booking: the audit trail follows saves
            booking.save(update_fields=["status", "cancelled_at", "cancelled_reason", "version"])
            # One message each, naming only its reader (never a list of who was booked).
            notify(
                to=[booking.email],
                subject=f"Cancelled: {locked.course.title}, "
                f"{timezone.localtime(locked.starts_at):%-d %B %Y}",
                template=SESSION_CANCELLED_TEMPLATE,
                context={
                    "booking": booking,
                    "session": locked,
                    "course": locked.course,
                    "was_waiting": was_waiting,
                },
                kind="training_session_cancelled",
                partnership_id=locked.partnership_id,
                # Only a place was in their calendar; a waiting list never was.
                calendar_event="" if was_waiting else session_ref(locked.pk),
                calendar_method=CANCEL,
            )
    session.status = locked.status
    session.cancelled_reason = locked.cancelled_reason
    session.version = locked.version
    return told


# Quality assurance ------------------------------------------------------------------------


def observation_create(
    *,
    course: Course,
    user: Any,
    observed_on: datetime.date,
    observer: str,
    judgement: str,
    session: TrainingSession | None = None,
    strengths: str = "",
    improvements: str = "",
    today: datetime.date | None = None,
) -> Observation:
    """An observation of the course, or of one session of it, with its judgement."""
    _check_manage(user, course.partnership_id)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if session is not None:
        if session.course_id != course.pk or session.partnership_id != course.partnership_id:
            errors["session"] = "Choose a session of this course from the list."
        elif session.status == SessionStatus.CANCELLED:
            errors["session"] = "This session was cancelled: it cannot have been observed."
    if not isinstance(observed_on, datetime.date):
        errors["observed_on"] = "Enter the date observed."
    elif observed_on > today:
        errors["observed_on"] = "The date observed must be today or in the past."
    elif observed_on < EARLIEST:
        errors["observed_on"] = "The date observed must be after 1 January 2000."
    elif (
        session is not None
        and "session" not in errors
        and observed_on < timezone.localtime(session.starts_at).date()
    ):
        errors["observed_on"] = "The date observed cannot be before the session."
    observer = _one_line(observer)
    if not observer:
        errors["observer"] = "Enter who observed."
    elif len(observer) > 200:
        errors["observer"] = "The observer must be 200 characters or fewer."
    if judgement not in Judgement.values:
        errors["judgement"] = "Choose the judgement."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return Observation.objects.create(
            partnership_id=course.partnership_id,
            course=course,
            session=session,
            observed_on=observed_on,
            observer=observer,
            judgement=judgement,
            strengths=_text(strengths),
            improvements=_text(improvements),
            created_by=user,
        )
