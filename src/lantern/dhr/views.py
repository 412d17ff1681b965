"""Pages of a DHR: the notification and the review's page. Actions are in views_actions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lantern.access.policy import Perm, can, has_perm
from lantern.audit.recorder import record_read
from lantern.cases.access import get_case_for_user
from lantern.cases.models import Case
from lantern.clock.selectors import steps_for_case
from lantern.documents.selectors import case_documents_context
from lantern.web.forms import add_service_errors
from lantern.workflow.selectors import case_next_steps

from . import selectors, services
from .forms import NotificationForm
from .models import Dhr


def dhr_of(case: Case) -> Dhr:
    try:
        return case.dhr
    except Dhr.DoesNotExist:
        raise Http404("This case is not a DHR.") from None


@login_required
def notification_new(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.CHANGE_ALL_CASES):
        raise PermissionDenied("Only the Business Unit records notifications to the CSP.")
    form = NotificationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = {k: form.cleaned_data[k] for k in services.NOTIFICATION_FIELDS}
        data["suspected_suicide"] = data["suspected_suicide"] == "yes"
        try:
            dhr = services.dhr_notify(user=request.user, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The notification is recorded as {dhr.case.reference}. Decide within "
                "1 month whether to conduct a DHR.",
            )
            return redirect("dhr:detail", reference=dhr.case.reference)
    return render(request, "dhr/notification_form.html", {"form": form})


@login_required
def dhr_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, what="DHR")
    dhr = dhr_of(case)
    if case.subject is not None:
        record_read(case.subject, what=f"identity, on the DHR {case.reference}")
    submissions = list(dhr.submissions.select_related("report"))
    can_manage = can(request.user, Perm.CHANGE_CASE, case)
    return render(
        request,
        "dhr/detail.html",
        {
            "case": case,
            "dhr": dhr,
            "age_at_death": dhr.age_at_death,
            "submissions": submissions,
            "panel": selectors.panel_members(dhr),
            "actions": selectors.next_actions(dhr, submissions) if can_manage else [],
            "can_manage": can_manage,
            "can_manage_members": can(request.user, Perm.MANAGE_CASE_MEMBERS, case),
            "steps": steps_for_case(case),
            "next_steps": case_next_steps(case, request.user),
            **case_documents_context(request.user, case),
        },
    )
