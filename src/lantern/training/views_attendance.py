"""Attendance pages: a session's people (bookings, waiting list, cancellations), booking
and cancelling a place, and the register (entered here or imported from a file)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.web.forms import add_service_errors

from . import register_import as importing
from . import services_attendance as attendance
from .access import get_session_for_user, require_manage
from .forms_attendance import (
    BookingForm,
    CancelForm,
    RegisterForm,
    RegisterUploadForm,
    WalkInForm,
)
from .models import Booking, BookingStatus, SessionStatus, TrainingSession


def _get_booking_for_user(user: Any, pk: int) -> Booking:
    """A booking to change: 404 for another partnership's, 403 for a reader."""
    require_manage(user)
    booking = (
        Booking.objects.filter(partnership_id=user.partnership_id, pk=pk)
        .select_related("session__course", "agency")
        .first()
    )
    if booking is None:
        raise Http404("No such booking.")
    return booking


def _person_form(cls: type[BookingForm] | type[WalkInForm], session: TrainingSession, data: Any):
    return cls(
        data,
        partnership_id=session.partnership_id,
        core=attendance.manager_email_needed(session),
    )


@login_required
def bookings(request: HttpRequest, pk: int) -> HttpResponse:
    """Practitioners' names, e-mail addresses, managers and who did not attend: for those
    who run training only (a reader has the counts on the session's page)."""
    user: Any = request.user
    session = get_session_for_user(user, pk, change=True)
    people = list(attendance.session_bookings(session).order_by("booked_at", "pk"))
    by_status: dict[str, list[Booking]] = {}
    for booking in people:
        by_status.setdefault(booking.status, []).append(booking)
    holding = [b for b in people if b.status in attendance.PLACE_STATUSES]
    scheduled = session.status == SessionStatus.SCHEDULED
    started = attendance.has_started(session)
    return render(
        request,
        "training/bookings.html",
        {
            "session": session,
            "holding": holding,
            "waiting": by_status.get(BookingStatus.WAITING, []),
            "cancelled": by_status.get(BookingStatus.CANCELLED, []),
            "places_left": max(session.capacity - len(holding), 0),
            "can_book": scheduled and session.ends_at > timezone.now(),
            "can_cancel": scheduled,
            "can_register": scheduled and started,
            "started": started,
        },
    )


@login_required
def booking_new(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    session = get_session_for_user(user, pk, change=True)
    form = _person_form(BookingForm, session, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = attendance.booking_create(
                session=session,
                user=user,
                person=form.person(),
                link_account=form.cleaned_data["link_account"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if booking.status == BookingStatus.WAITING:
                place = attendance.waiting_position(booking)
                messages.warning(
                    request,
                    f"The session is full: {booking.name} is on the waiting list "
                    f"(number {place}). They will be e-mailed if a place becomes free.",
                )
            else:
                messages.success(request, f"{booking.name} has a place.")
            return redirect("training:bookings", pk=session.pk)
    return render(
        request,
        "training/booking_form.html",
        {"session": session, "form": form, "places_left": attendance.places_left(session)},
    )


@login_required
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    booking = _get_booking_for_user(user, pk)
    session = booking.session
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            promoted = attendance.booking_cancel(
                booking=booking, user=user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            what = "taken off the waiting list" if booking.status == "waiting" else "cancelled"
            note = f"{booking.name}'s booking is {what}."
            if promoted:
                names = ", ".join(b.name for b in promoted)
                note += f" {names} moved up from the waiting list and has been e-mailed."
            messages.success(request, note)
            return redirect("training:bookings", pk=session.pk)
    return render(
        request,
        "training/booking_cancel.html",
        {"booking": booking, "session": session, "form": form},
    )


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    session = get_session_for_user(user, pk, change=True)
    if closed := _register_closed(request, session):
        return closed
    people = list(attendance.register_bookings(session))
    posted = request.method == "POST"
    adding = posted and request.POST.get("form") == "walk_in"
    form = RegisterForm(request.POST if posted and not adding else None, bookings=people)
    walk_in = _person_form(WalkInForm, session, request.POST if adding else None)
    if posted and not adding and form.is_valid():
        try:
            result = attendance.register_record(session=session, user=user, marks=form.marks())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The register is saved: {result.attended} attended, "
                f"{result.did_not_attend} did not.{_surveys_note(result.surveys_sent)}",
            )
            return redirect("training:bookings", pk=session.pk)
    if adding and walk_in.is_valid():
        try:
            added = attendance.walk_in_add(session=session, user=user, person=walk_in.person())
        except ValidationError as error:
            add_service_errors(walk_in, error)
        else:
            messages.success(request, f"{added.name} is on the register as attended.")
            return redirect("training:register", pk=session.pk)
    return render(
        request,
        "training/register.html",
        {"session": session, "form": form, "walk_in": walk_in, "people": people},
    )


def _register_closed(request: HttpRequest, session: TrainingSession) -> HttpResponse | None:
    """Back to the session's people, saying why, when there is no register to take."""
    if session.status == SessionStatus.CANCELLED:
        messages.error(request, "The session was cancelled: it has no register.")
    elif not attendance.has_started(session):
        start = timezone.localtime(session.starts_at)
        messages.error(
            request, f"The register opens when the session starts, {start:%-d %B %Y at %H:%M}."
        )
    else:
        return None
    return redirect("training:bookings", pk=session.pk)


def _surveys_note(sent: int) -> str:
    if not sent:
        return ""
    return f" The on-the-day survey went to {sent} {'person' if sent == 1 else 'people'}."


@login_required
def register_import(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    session = get_session_for_user(user, pk, change=True)
    if closed := _register_closed(request, session):
        return closed
    posted = request.method == "POST"
    form = RegisterUploadForm(request.POST, request.FILES) if posted else RegisterUploadForm()
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = _import(session, user, upload)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                f"The register is imported: {result.attended} attended "
                f"({result.added} without a booking), {result.did_not_attend} did not."
                f"{_surveys_note(result.surveys_sent)}",
            )
            return redirect("training:bookings", pk=session.pk)
    return render(
        request,
        "training/register_import.html",
        {
            "session": session,
            "form": form,
            "max_rows": importing.MAX_ROWS,
            "columns": importing.COLUMNS,
        },
    )


def _import(session: TrainingSession, user: Any, upload: Any) -> attendance.RegisterResult:
    """Reads and checks the whole file, then writes it: ValidationError (every row's
    problems) and nothing written when anything is wrong."""
    name = str(upload.name or "")
    if upload.size is not None and upload.size > importing.MAX_BYTES:
        raise ValidationError(
            f"The selected file must be smaller than {importing.MAX_UPLOAD_MB}MB."
        )
    data = upload.read(importing.MAX_BYTES + 1)
    try:
        checked = importing.check_register(session, name, data)
    except importing.FileRefused as refused:
        raise ValidationError(str(refused)) from None
    if not checked.ok:
        raise importing.as_validation_error(checked)
    return attendance.register_import_apply(session=session, user=user, lines=checked.lines)


@login_required
def register_template(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    session = get_session_for_user(user, pk, change=True)
    if request.GET.get("format") == "xlsx":
        body, kind, ext = importing.template_xlsx(session), importing.XLSX_TYPE, "xlsx"
    else:
        body, kind, ext = importing.template_csv(session), "text/csv; charset=utf-8", "csv"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="register-session-{session.pk}.{ext}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"  # names and e-mail addresses
    return response
