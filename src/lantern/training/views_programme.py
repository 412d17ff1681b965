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
