"""The audit's report page (grades counted, with a chart), generating the report, and
closing the audit. Thin: the rules are in lantern.audits.report."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from lantern.access.policy import can_read_draft
from lantern.cases.access import get_case_for_user
from lantern.documents.views_jobs import job_url
from lantern.web.forms import add_service_errors
from lantern.web.step_forms import DateForm

from . import report
from .access import audit_of, get_led_audit_for_user, may_lead
from .document_jobs import report_request
from .findings import is_ratified
from .models import Grade


@login_required
def report_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, what="audit report")
    audit = audit_of(case)
    summary = report.grade_summary(audit)
    context = {
        "case": case,
        "audit": audit,
        "grades": Grade.labels,
        "summary": summary,
        # Built by lantern.documents.charts, which escapes every text it draws.
        "chart": mark_safe(summary.svg()),  # noqa: S308
        # A draft report is named only to whoever may open it (policy.can_read_draft).
        "documents": [d for d in report.report_documents(audit) if can_read_draft(request.user, d)],
        "presented": case.steps.filter(step_id=report.PRESENTED).first(),
        "ratified": is_ratified(audit),
        "can_lead": may_lead(request.user, audit),
    }
    return render(request, "audits/report.html", context)


@login_required
@require_POST
def report_generate(request: HttpRequest, reference: str) -> HttpResponse:
    """Ask for the report as DOCX and PDF: written in the background (issue 13), then its
    page links to the documents."""
    audit = get_led_audit_for_user(request.user, reference)
    try:
        job = report_request(audit=audit, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("audits:report", reference=reference)
    return redirect(job_url(job))


@login_required
@require_POST
def audit_close(request: HttpRequest, reference: str) -> HttpResponse:
    audit = get_led_audit_for_user(request.user, reference)
    try:
        report.audit_close(audit=audit, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The audit is closed.")
    return redirect("audits:report", reference=reference)


def _presented_form(data: Any = None) -> DateForm:
    return DateForm(data, label="Date of the QA&P meeting", prefix="presented")


@login_required
def report_presented(request: HttpRequest, reference: str) -> HttpResponse:
    """Records the QA&P meeting that received the report and action plan."""
    audit = get_led_audit_for_user(request.user, reference)
    form = _presented_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report.report_presented(audit=audit, user=request.user, on=form.cleaned_data["on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The report's presentation to the QA&P has been recorded.")
            return redirect("audits:report", reference=reference)
    spec = {
        "title": "Record the report's presentation at the QA&P",
        "intro": "The report and its action plan go to the QA&P meeting the audit's "
        f"timetable counts back from ({audit.qap_meeting_on:%-d %B %Y}), before the "
        "findings are ratified.",
        "button": "Record the presentation",
    }
    context = {
        "case": audit.case,
        "form": form,
        "spec": spec,
        "back": reverse("audits:report", args=[reference]),
    }
    return render(request, "audits/form.html", context)
