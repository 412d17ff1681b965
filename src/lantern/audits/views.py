"""Pages of the audit programme and one audit. Thin: the rules are in the services."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.access.policy import Perm, can, can_act_for_agency, has_perm
from lantern.cases.access import get_case_for_user
from lantern.clock.selectors import steps_for_case
from lantern.web.forms import add_service_errors
from lantern.web.listing import paginate_list

from . import services
from .access import audit_of
from .forms import AuditForm
from .models import Audit
from .programme_list import (
    PROGRAMME_ORDERINGS,
    ProgrammeFilterForm,
    filter_programme,
    narrowed,
    year_shown,
)
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
    """A year's audits this person may read, searched, filtered, sorted and paged.
    Queries: the count and the page of audits (case and theme lead joined)."""
    user = request.user
    today = timezone.localdate()
    audits = Audit.objects.filter(case__partnership_id=user.partnership_id).select_related(
        "case", "theme_lead"
    )
    if not has_perm(user, Perm.VIEW_ALL_CASES):
        audits = audits.filter(case__memberships__person=user)
    listing = paginate_list(
        request,
        audits,
        form=ProgrammeFilterForm(request.GET),
        apply=lambda found, cleaned: filter_programme(found, cleaned, today),
        sorts=PROGRAMME_ORDERINGS,
        default_sort="meeting",
    )
    form = listing.form
    listing.filtered = narrowed(form.cleaned_data)
    form.get_context()  # Styles the fields now they are checked: error classes, aria links.
    year = year_shown(form.cleaned_data, today)
    # The links to the years either side keep the search, filters and sort.
    others = request.GET.copy()
    for name in ("page", "year"):
        others.pop(name, None)
    context = {
        "listing": listing,
        "form": form,
        "audits": listing.items,
        "year": year,
        "year_query": others.urlencode(),
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
    returns = list(audit.returns.select_related("agency", "request"))
    # A return opens only to whoever may answer for its agency (the policy's one rule):
    # the others see its row without a link to a page that would refuse them.
    answerable = {
        ret.agency_id for ret in returns if can_act_for_agency(request.user, case, ret.agency_id)
    }
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
            "returns": returns,
            "answerable": answerable,
            "today": timezone.localdate(),
            "can_manage": can(request.user, Perm.CHANGE_CASE, case),
            "steps": steps_for_case(case),
        },
    )
