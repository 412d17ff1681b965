"""Pages of the audit programme and one audit. Thin: the rules are in the services."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.access.policy import Perm, can, has_perm
from lantern.cases.access import get_case_for_user
from lantern.clock.selectors import steps_for_case
from lantern.web.forms import add_service_errors

from . import services
from .access import audit_of
from .forms import AuditForm
from .models import Audit
from .selection import current_draw, draw_verifies


def form_page(
    request: HttpRequest,
    *,
    audit: Audit,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    title: str,
    button: str,
    success: str,
    back: str,
    intro: str = "",
) -> HttpResponse:
    """One form about the audit. On a valid POST the service saves; its errors show on
    the form and nothing changes. Then back to `back`, saying what happened."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(back)
    spec = {"title": title, "button": button, "intro": intro}
    context = {"case": audit.case, "form": form, "spec": spec, "back": back}
    return render(request, "audits/form.html", context)


@login_required
def programme(request: HttpRequest) -> HttpResponse:
    """The year's audits this person may read, by QA&P meeting date."""
    user = request.user
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        raise Http404("No such year.") from None
    audits = Audit.objects.filter(
        case__partnership_id=user.partnership_id, qap_meeting_on__year=year
    ).select_related("case", "theme_lead")
    if not has_perm(user, Perm.VIEW_ALL_CASES):
        audits = audits.filter(case__memberships__person=user)
    context = {
        "audits": audits,
        "year": year,
        "can_open": has_perm(user, Perm.CHANGE_ALL_CASES),
    }
    return render(request, "audits/programme.html", context)


@login_required
def audit_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not has_perm(user, Perm.CHANGE_ALL_CASES):
        raise PermissionDenied("Only the business unit opens audits.")
    form = AuditForm(request.POST or None, partnership=user.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.audit_open(partnership=user.partnership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The audit {audit.case.reference} has been opened.")
            return redirect("audits:audit", reference=audit.case.reference)
    spec = {"title": "Open an audit", "button": "Open the audit"}
    return render(request, "audits/form.html", {"form": form, "spec": spec})


@login_required
def audit_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, what="audit")
    audit = audit_of(case)
    chosen = current_draw(audit)
    return render(
        request,
        "audits/audit.html",
        {
            "case": case,
            "audit": audit,
            "questions": audit.questions.all(),
            "draw": chosen,
            "draw_verified": chosen is not None and draw_verifies(chosen),
            "earlier_draws": audit.draws.exclude(pk=getattr(chosen, "pk", None)).select_related(
                "drawn_by"
            ),
            "returns": audit.returns.select_related("agency", "request"),
            "today": timezone.localdate(),
            "can_manage": can(request.user, Perm.CHANGE_CASE, case),
            "steps": steps_for_case(case),
        },
    )
