"""The annual reports' pages: the list, a report, its sections and its workflow's steps.
Thin: who may do what is lantern.access.policy; the rules are lantern.reports.services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from lantern.access.policy import (
    can_approve_annual_report,
    can_draft_annual_reports,
    can_read_annual_reports,
)
from lantern.audit.recorder import record_read
from lantern.web.forms import add_service_errors
from lantern.web.versioning import EditConflict

from . import services
from .forms_annual import ApproveForm, ReturnForm, SectionForm, SendForm, StartForm
from .models import AnnualReport, ReportKind, ReportStatus
from .recipients import recipients_for
from .rendering import rendered_sections
from .sections import MEMBER_PREFIX, section_spec, sections_for


def _require_read(user: Any) -> None:
    if not can_read_annual_reports(user):
        raise PermissionDenied("The annual reports are for the Business Unit and the boards.")


def _require_draft(user: Any) -> None:
    _require_read(user)
    if not can_draft_annual_reports(user):
        raise PermissionDenied("Only the Business Manager and the Business Unit draft reports.")


def _require_approve(user: Any, report: AnnualReport) -> None:
    if not can_approve_annual_report(user, report.kind):
        raise PermissionDenied("Only the Independent Chair or the board's chair approves it.")


def _report(user: Any, pk: int) -> AnnualReport:
    _require_read(user)
    report = AnnualReport.objects.filter(partnership_id=user.partnership_id, pk=pk).first()
    if report is None or not can_read_annual_reports(user, report.kind):
        raise Http404("No such report.")
    return report


def _back(report: AnnualReport) -> Any:
    return redirect("reports:annual_detail", pk=report.pk)


@login_required
def annual_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_read(user)
    reports = AnnualReport.objects.filter(
        partnership_id=user.partnership_id,
        kind__in=[k for k in ReportKind.values if can_read_annual_reports(user, k)],
    )
    drafter = can_draft_annual_reports(user)
    form = StartForm(today=timezone.localdate()) if drafter else None
    return render(
        request, "reports/annual_list.html", {"reports": reports, "form": form, "drafter": drafter}
    )


@login_required
def annual_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_draft(user)
    form = StartForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                partnership=user.partnership,
                kind=form.cleaned_data["kind"],
                year=form.period,
                user=user,
            )
        except ValidationError as error:
            if error.code == "exists" and error.params:
                url = reverse("reports:annual_detail", args=[error.params["pk"]])
                form.add_error(
                    None,
                    format_html(
                        '{} <a class="govuk-link" href="{}">Open it</a>.', error.messages[0], url
                    ),
                )
            else:
                add_service_errors(form, error)
        else:
            messages.success(request, "The report has been started from the records.")
            return _back(report)
    return render(request, "reports/annual_new.html", {"form": form})


def _checklist(report: AnnualReport) -> list[dict[str, Any]]:
    """Each section: whether the records gave it figures and whether it is written."""
    written = {s.key: bool(s.narrative.strip()) for s in report.sections.all()}
    facts = report.facts.get("sections", {})
    rows = []
    for spec in sections_for(report.kind):
        if spec.per_member:
            members = report.facts.get("members", [])
            rows.append(
                {
                    "spec": spec,
                    "drawn": bool(members),
                    "written": sum(written.get(m["key"], False) for m in members),
                    "of": len(members),
                }
            )
        else:
            rows.append(
                {"spec": spec, "drawn": bool(facts.get(spec.key)), "written": written.get(spec.key)}
            )
    return rows


@login_required
def annual_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    report = _report(user, pk)
    if report.is_draft:
        record_read(report, what="a draft annual report")
    drafter = can_draft_annual_reports(user)
    approver = can_approve_annual_report(user, report.kind)
    draft = report.status == ReportStatus.DRAFT
    approved = report.status == ReportStatus.APPROVED
    submitted = report.status == ReportStatus.SUBMITTED
    context = {
        "report": report,
        "sections": rendered_sections(report, edit_links=drafter and draft),
        "edit_links": drafter and draft,
        "checklist": _checklist(report),
        "missing": services.missing_sections(report) if draft else [],
        "sent": _sent_table(report),
        "others": report.sendings.filter(recipient="other"),
        "may": {
            "refresh": drafter and draft,
            "submit": drafter and draft,
            "decide": approver and submitted and report.submitted_by_id != user.pk,
            "send": drafter and approved,
            "publish": drafter and approved and not report.published_on,
        },
    }
    return render(request, "reports/annual_detail.html", context)


def _sent_table(report: AnnualReport) -> list[dict[str, Any]]:
    sendings = {s.recipient: s for s in report.sendings.all() if s.recipient != "other"}
    return [{"recipient": r, "sending": sendings.get(r.key)} for r in recipients_for(report.kind)]


@login_required
def section_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    user: Any = request.user
    _require_draft(user)
    report = _report(user, pk)
    section = report.sections.filter(key=key).first()
    if section is None:
        raise Http404("No such section.")
    if report.status != ReportStatus.DRAFT:
        messages.error(request, "Only a draft can be changed.")
        return _back(report)
    spec = section_spec(report.kind, key)
    if key.startswith(MEMBER_PREFIX):
        member = next((m for m in report.facts.get("members", []) if m["key"] == key), None)
        title = f"{spec.title}: {member['name']}" if member else spec.title
        blocks = member["blocks"] if member else []
    else:
        title, blocks = spec.title, report.facts.get("sections", {}).get(key, [])
    form = SectionForm(request.POST or None, section=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_save(
                report, key, form.cleaned_data["narrative"], user=user, **form.versioned()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, f"“{title}” has been saved.")
            return _back(report)
    else:
        record_read(report, what=f"the draft section “{title}”")
    context = {"report": report, "spec": spec, "title": title, "blocks": blocks, "form": form}
    return render(request, "reports/section_edit.html", context)


def _step(request: HttpRequest, report: AnnualReport, do: Any, done: str) -> HttpResponse:
    try:
        do()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return _back(report)


@login_required
@require_POST
def annual_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_draft(user)
    report = _report(user, pk)
    return _step(
        request,
        report,
        lambda: services.report_refresh(report, user),
        "The figures have been drawn again from the records.",
    )


@login_required
@require_POST
def annual_submit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_draft(user)
    report = _report(user, pk)
    return _step(
        request,
        report,
        lambda: services.report_submit(report, user),
        "The report has been submitted for approval. The approvers have been e-mailed.",
    )


@login_required
def annual_return(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    report = _report(user, pk)
    _require_approve(user, report)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_return(report, user, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The report has been sent back. Its drafter was e-mailed.")
            return _back(report)
    return render(request, "reports/annual_return.html", {"report": report, "form": form})


@login_required
def annual_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    report = _report(user, pk)
    _require_approve(user, report)
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_approve(report, user, form.cleaned_data["approved_as"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The report has been approved. Nothing in it changes now.")
            return _back(report)
    return render(request, "reports/annual_approve.html", {"report": report, "form": form})


@login_required
def annual_send(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_draft(user)
    report = _report(user, pk)
    form = SendForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sending = services.sending_record(
                report, data["recipient"], data["name"], data["sent_on"], data["how"], user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Sending to {sending.name} has been recorded.")
            return _back(report)
    context = {"report": report, "form": form, "sent": _sent_table(report)}
    return render(request, "reports/annual_send.html", context)


@login_required
@require_POST
def annual_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_draft(user)
    report = _report(user, pk)
    return _step(
        request,
        report,
        lambda: services.report_publish(report, user),
        "The report is on the public site.",
    )
