"""Deciding whether a finding will be implemented (issue 16): the reason is asked for
whenever it will not be. The rules are in services_findings."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from lantern.cases.access import get_rw_case_for_user
from lantern.web.forms import add_service_errors
from lantern.web.versioning import EditConflict

from .forms_findings import FindingResponseForm
from .models import Finding, FindingResponse
from .services_findings import finding_respond, open_action_references


def _back(request: HttpRequest, reference: str) -> str:
    """Back to the page the decision was asked from (the audit's findings, or the
    learning page), only if it is on this site."""
    back = request.POST.get("back") or request.GET.get("back") or ""
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return reverse("actions:case", args=[reference])


@login_required
def finding_respond_page(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    user: Any = request.user
    case = get_rw_case_for_user(user, reference)
    finding = get_object_or_404(Finding, case=case, number=number)
    initial = {
        "response": finding.response or None,
        "reason": finding.response_reason,
        "on": finding.response_on or timezone.localdate(),
    }
    form = FindingResponseForm(request.POST or None, initial=initial, record=finding)
    back = _back(request, case.reference)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            finding_respond(
                finding=finding,
                response=data["response"],
                reason=data["reason"],
                on=data["on"],
                user=user,
                **form.versioned(),
            )
        except EditConflict as conflict:
            form.show_conflict(conflict)
            finding.refresh_from_db()
        except ValidationError as error:
            finding.refresh_from_db()  # nothing was saved: show the record as it is
            add_service_errors(form, error)
        else:
            label = FindingResponse(finding.response).label.lower()
            messages.success(request, f"Finding {finding.number}: {label}.")
            return redirect(back)
    return render(
        request,
        "actions/finding_respond.html",
        {
            "case": case,
            "finding": finding,
            "form": form,
            "back": back,
            "open_refs": open_action_references(finding),
        },
    )
