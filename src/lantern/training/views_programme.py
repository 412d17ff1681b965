"""The programme: courses, their sessions and their quality assurance."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.access.policy import can_manage_training

from . import selectors
from .access import require_read


@login_required
def programme(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_read(user)
    return render(
        request,
        "training/programme.html",
        {
            "courses": selectors.courses_with_counts(user.partnership_id),
            "can_manage": can_manage_training(user),
        },
    )


def _not_yet(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    # Placeholders while the programme's pages are built: the URL names exist for the
    # other areas to link to.
    require_read(request.user)
    return HttpResponse("Coming soon.")


course_new = course_detail = course_edit = session_new = observation_new = login_required(_not_yet)
session_detail = session_edit = session_cancel = login_required(_not_yet)
