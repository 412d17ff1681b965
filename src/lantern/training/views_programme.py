"""The programme: courses, their sessions and their quality assurance. Thin views: the
rules are services_programme's, the reads selectors'."""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.access.policy import can_manage_training, can_read_recommendation
from lantern.web.forms import add_service_errors
from lantern.web.versioning import EditConflict

from . import selectors, services_programme
from .access import get_course_for_user, get_session_for_user, require_manage, require_read
from .forms_programme import (
    CancelForm,
    CourseEditForm,
    CourseForm,
    ObservationForm,
    SessionEditForm,
    SessionForm,
)
from .models import SessionStatus, TrainingSession

#: The session form's boxes that a service's error about a moment belongs to.
_SESSION_FIELDS = {"starts_at": "day", "ends_at": "ends"}


@login_required
def programme(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_read(user)
    now = timezone.now()
    return render(
        request,
        "training/programme.html",
        {
            "courses": selectors.courses_with_counts(user.partnership_id, now=now),
            "sessions": selectors.upcoming_sessions(user.partnership_id, now=now),
            "now": now,
            "can_manage": can_manage_training(user),
        },
    )


# Courses ----------------------------------------------------------------------------------


@login_required
def course_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manage(user)
    form = CourseForm(request.POST or None, partnership_id=user.partnership_id)
    if request.method == "POST" and form.is_valid():
        try:
            course = services_programme.course_create(
                partnership_id=user.partnership_id, user=user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{course.title} has been added.")
            return redirect("training:course", pk=course.pk)
    return render(
        request,
        "training/course_form.html",
        {"form": form, "heading": "Add a course", "button": "Add the course"},
    )


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    course = get_course_for_user(user, pk)
    now = timezone.now()
    sessions = list(selectors.sessions_of(course))
    actions = list(
        course.actions.select_related("recommendation__case").prefetch_related(
            "recommendation__actions"
        )
    )
    for action in actions:
        # A course may answer an action its co-ordinator cannot open (the action is the
        # review's): it is named, not linked, for them.
        action.readable = can_read_recommendation(user, action.recommendation)  # type: ignore[attr-defined]
    return render(
        request,
        "training/course.html",
        {
            "course": course,
            "themes": course.themes.all(),
            "actions": actions,
            "upcoming": [s for s in reversed(sessions) if s.ends_at >= now],
            "past": [s for s in sessions if s.ends_at < now],
            "observations": selectors.observations_of(course),
            "now": now,
            "can_manage": can_manage_training(user),
        },
    )


@login_required
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    course = get_course_for_user(user, pk, change=True)
    form = CourseEditForm(
        request.POST or None,
        partnership_id=course.partnership_id,
        course=course,
        initial=CourseForm.initial_from(course),
        record=course,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_programme.course_update(
                course=course, user=user, **form.answers(), **form.versioned()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, f"{course.title} has been changed.")
            return redirect("training:course", pk=course.pk)
    return render(
        request,
        "training/course_form.html",
        {"form": form, "course": course, "heading": "Change the course", "button": "Save"},
    )


# Sessions ---------------------------------------------------------------------------------


def _moments(form: SessionForm) -> dict[str, Any]:
    """The form's date and times as the service takes them: moments in the local zone."""
    data = dict(form.answers() if isinstance(form, SessionEditForm) else form.cleaned_data)
    day: datetime.date = data.pop("day")
    starts: datetime.time = data.pop("starts")
    ends: datetime.time = data.pop("ends")
    data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, starts))
    data["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, ends))
    return data


def _session_errors(form: SessionForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        error = ValidationError(
            {_SESSION_FIELDS.get(name, name): errors for name, errors in error.error_dict.items()}
        )
    add_service_errors(form, error)


@login_required
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    course = get_course_for_user(user, pk, change=True)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services_programme.session_create(course=course, user=user, **_moments(form))
        except ValidationError as error:
            _session_errors(form, error)
        else:
            messages.success(request, "The session has been added.")
            return redirect("training:session", pk=session.pk)
    return render(
        request,
        "training/session_form.html",
        {"form": form, "course": course, "heading": "Add a session", "button": "Add the session"},
    )


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    session = selectors.session_with_places(get_session_for_user(user, pk))
    can_manage = can_manage_training(user)
    scheduled = session.status == SessionStatus.SCHEDULED
    now = timezone.now()
    return render(
        request,
        "training/session.html",
        {
            "session": session,
            "course": session.course,
            "observations": selectors.observations_of_session(session),
            "held": session.starts_at <= now,
            "now": now,
            "can_manage": can_manage,
            "can_change": can_manage and scheduled,
            "can_cancel": can_manage and scheduled and session.attendance_recorded_at is None,
        },
    )


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    session = get_session_for_user(user, pk, change=True)
    if session.status == SessionStatus.CANCELLED:
        messages.error(request, "This session has been cancelled: it cannot be changed.")
        return redirect("training:session", pk=session.pk)
    form = SessionEditForm(
        request.POST or None, initial=SessionForm.initial_from(session), record=session
    )
    if request.method == "POST" and form.is_valid():
        try:
            moved_up = services_programme.session_update(
                session=session, user=user, **_moments(form), **form.versioned()
            )
        except ValidationError as error:
            _session_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            note = "The session has been changed."
            if moved_up:
                names = ", ".join(b.name for b in moved_up)
                note += f" Moved up from the waiting list and e-mailed: {names}."
            messages.success(request, note)
            return redirect("training:session", pk=session.pk)
    return render(
        request,
        "training/session_form.html",
        {
            "form": form,
            "course": session.course,
            "session": session,
            "heading": "Change the session",
            "button": "Save",
        },
    )


@login_required
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    session = get_session_for_user(user, pk, change=True)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            told = services_programme.session_cancel(
                session=session, user=user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            note = "The session has been cancelled."
            if told:
                who = "person" if len(told) == 1 else "people"
                note += (
                    f" {len(told)} {who} booked or waiting have been e-mailed and their "
                    "bookings cancelled."
                )
            messages.success(request, note)
            return redirect("training:session", pk=session.pk)
    return render(
        request,
        "training/session_cancel.html",
        {"form": form, "session": session, "course": session.course},
    )


# Quality assurance ------------------------------------------------------------------------


def _session_asked(request: HttpRequest, course: Any) -> TrainingSession | None:
    """The session named by ?session=, which must be one of this course's."""
    raw = request.GET.get("session", "")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise Http404("No such session.")
    found = TrainingSession.objects.filter(
        partnership_id=course.partnership_id, course=course, pk=int(raw)
    ).first()
    if found is None:
        raise Http404("No such session.")
    return found


@login_required
def observation_new(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    course = get_course_for_user(user, pk, change=True)
    asked = _session_asked(request, course)
    initial: dict[str, Any] = {"session": asked.pk if asked else None}
    if asked is not None:
        initial["observed_on"] = min(
            timezone.localtime(asked.starts_at).date(), timezone.localdate()
        )
    form = ObservationForm(request.POST or None, course=course, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_programme.observation_create(course=course, user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The observation has been recorded.")
            session = form.cleaned_data["session"]
            if session is not None:
                return redirect("training:session", pk=session.pk)
            return redirect("training:course", pk=course.pk)
    return render(
        request,
        "training/observation_form.html",
        {"form": form, "course": course, "session": asked},
    )
