from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.cases.access import get_case_for_user

from .selectors import case_history

HISTORY_LIMIT = 200


@login_required
def history(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, what="history")
    return render(
        request,
        "notifications/history.html",
        {
            "case": case,
            "history": case_history(case, reader=request.user, limit=HISTORY_LIMIT),
            "limit": HISTORY_LIMIT,
        },
    )
