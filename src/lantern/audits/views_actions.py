"""The audit's writes: the tool, the draw, sending the template, and agency returns."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from lantern.access.policy import can_act_for_agency
from lantern.agencyrequests.recipients import sent_to_summary
from lantern.cases.access import get_case_for_user, get_rw_case_for_user
from lantern.web.forms import add_service_errors

from . import returns, selection, services
from .access import audit_of
from .forms import AddAgencyForm, CopyForm, DrawForm, QuestionForm, ReturnForm, SendForm
from .selection import current_draw


def _back(reference: str) -> HttpResponse:
    return redirect("audits:audit", reference=reference)


@login_required
def tool(request: HttpRequest, reference: str) -> HttpResponse:
    """The tool builder: add a question, or copy an earlier audit's. Two forms, prefixed."""
    case = get_rw_case_for_user(request.user, reference)
    audit = audit_of(case)
    add = QuestionForm(request.POST if "question-text" in request.POST else None, prefix="question")
    copy = CopyForm(
        request.POST if "copy-source" in request.POST else None, audit=audit, prefix="copy"
    )
    if request.method == "POST":
        try:
            if add.is_bound and add.is_valid():
                services.question_add(audit=audit, **add.cleaned_data)
                messages.success(request, "The question has been added.")
                return redirect("audits:tool", reference=reference)
            if copy.is_bound and copy.is_valid():
                services.tool_copy(audit=audit, source=copy.cleaned_data["source"])
                messages.success(request, "The questions have been copied.")
                return redirect("audits:tool", reference=reference)
        except ValidationError as error:
            add_service_errors(add if add.is_bound else copy, error)
    context = {"case": case, "audit": audit, "add": add, "copy": copy}
    return render(request, "audits/tool.html", context | {"questions": audit.questions.all()})


@login_required
@require_POST
def question_remove(request: HttpRequest, reference: str, question_id: int) -> HttpResponse:
    audit = audit_of(get_rw_case_for_user(request.user, reference))
    question = get_object_or_404(audit.questions, pk=question_id)
    try:
        services.question_remove(question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("audits:tool", reference=reference)


@login_required
@require_POST
def tool_finalise(request: HttpRequest, reference: str) -> HttpResponse:
    audit = audit_of(get_rw_case_for_user(request.user, reference))
    try:
        services.tool_finalise(audit=audit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The audit tool is finalised.")
    return _back(reference)


@login_required
def cases_draw(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference)
    audit = audit_of(case)
    form = DrawForm(
        request.POST or None, request.FILES or None, initial={"count": audit.cases_to_draw}
    )
    if request.method == "POST" and form.is_valid():
        try:
            selection.cases_draw(
                audit=audit,
                user=request.user,
                references_text=form.cleaned_data["references"],
                count=form.cleaned_data["count"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The cases have been drawn.")
            return _back(reference)
    spec = {"title": "Draw the cases at random", "button": "Draw the cases", "upload": True}
    return render(request, "audits/form.html", {"case": case, "form": form, "spec": spec})


@login_required
def template_send(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference)
    audit = audit_of(case)
    chosen = current_draw(audit)
    audit_on = case.steps.get(pathway="macfa", step_id="audit").due
    form = SendForm(
        request.POST or None,
        case=case,
        selected=chosen.selected if chosen else [],
        initial={"due": audit_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = returns.template_send(
                audit=audit,
                involved=form.involved(),
                due=form.cleaned_data["due"],
                named=form.named(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The audit template has been sent. Asked: {sent_to_summary(sent)}.",
            )
            return _back(reference)
    spec = {"title": "Send the audit template", "button": "Send the template"}
    return render(request, "audits/form.html", {"case": case, "form": form, "spec": spec})


@login_required
def return_add(request: HttpRequest, reference: str) -> HttpResponse:
    """Adds an agency to a selected case's returns after the template went out."""
    case = get_rw_case_for_user(request.user, reference)
    audit = audit_of(case)
    chosen = current_draw(audit)
    form = AddAgencyForm(
        request.POST or None, audit=audit, selected=chosen.selected if chosen else []
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = returns.return_add(
                audit=audit,
                case_reference=data["case_reference"],
                agency_id=data["agency"].pk,
                due=data["due"],
                named=form.named(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{added.agency} has been asked about case {data['case_reference']}. "
                f"Asked: {sent_to_summary([added])}.",
            )
            return _back(reference)
    spec = {
        "title": "Add an agency to the returns",
        "button": "Ask the agency",
        "intro": "The agency answers the same audit questions about the case chosen.",
    }
    return render(request, "audits/form.html", {"case": case, "form": form, "spec": spec})


@login_required
def return_edit(request: HttpRequest, reference: str, return_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, reference, what="audit return")
    audit = audit_of(case)
    ret = get_object_or_404(audit.returns.select_related("agency"), pk=return_id)
    if not can_act_for_agency(request.user, case, ret.agency_id):
        raise PermissionDenied("Only the agency's representative or the case managers answer.")
    form = ReturnForm(request.POST or None, ret=ret)
    kept = False
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            returns.return_save(
                ret=ret,
                user=request.user,
                answers=form.answers(),
                impact=form.cleaned_data["impact"],
                concern=form.cleaned_data["concern"],
                concern_details=form.cleaned_data["concern_details"],
                submit=submit,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            kept = True  # return_save keeps what was typed even when it refuses
        else:
            messages.success(request, "Your return has been submitted." if submit else "Saved.")
            return _back(reference)
    context = {"case": case, "audit": audit, "ret": ret, "form": form, "kept": kept}
    return render(request, "audits/return.html", context)
