"""Attendance pages: a session's people (bookings, waiting list, cancellations) and its
register. Being built (issue 15): the URL names are fixed first so other areas can link."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from .access import get_session_for_user, require_manage
from .models import Booking


def _placeholder(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", content_type="text/plain")


@login_required
def bookings(request: HttpRequest, pk: int) -> HttpResponse:
    get_session_for_user(request.user, pk)
    return _placeholder(request)


@login_required
def booking_new(request: HttpRequest, pk: int) -> HttpResponse:
    get_session_for_user(request.user, pk, change=True)
    return _placeholder(request)


@login_required
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    require_manage(user)
    Booking.objects.filter(partnership_id=user.partnership_id, pk=pk).get()
    return _placeholder(request)


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    get_session_for_user(request.user, pk, change=True)
    return _placeholder(request)


@login_required
def register_import(request: HttpRequest, pk: int) -> HttpResponse:
    get_session_for_user(request.user, pk, change=True)
    return _placeholder(request)


@login_required
def register_template(request: HttpRequest, pk: int) -> HttpResponse:
    get_session_for_user(request.user, pk, change=True)
    return _placeholder(request)
