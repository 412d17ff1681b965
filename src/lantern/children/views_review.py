"""Rapid review and CSPR actions after the referral. Thin: the rules are in the services."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lantern.agencyrequests.recipients import sent_to_summary
from lantern.cases.access import get_case_for_user, get_rw_case_for_user
from lantern.documents.views_jobs import job_url
from lantern.web.forms import add_service_errors
from lantern.web.versioning import EditConflict, VersionedFormMixin
from lantern.workflow.selectors import case_next_steps

from . import cspr as cspr_services
from . import outcome, services
from .document_jobs import template_request
from .forms import (
    AskWhoForm,
    CsprForm,
    DateForm,
    FinalReportForm,
    PanelResponseForm,
    PlanPublicationForm,
    PublishForm,
)
from .models import Cspr
from .views import _review


def _done(request: HttpRequest, reference: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("children:review", reference=reference)


def _post_action(
    reference: str, request: HttpRequest, action: Callable[[], Any], message: str
) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("children:review", reference=reference)
    return _done(request, reference, message)


@login_required
def scoping_send(request: HttpRequest, reference: str) -> HttpResponse:
    """The scoping send: who each involved agency's request goes to, and a name for any
    agency with nobody on the case. The review page's one-click button posts here: it
    sends at once when every agency has someone to ask (a representative, else its
    safeguarding lead), and otherwise shows this page to name one (issue 11)."""
    case = get_rw_case_for_user(request.user, reference)
    review = _review(case)
    try:
        outcome.scoping_check(review)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("children:review", reference=reference)
    # The one-click button posts nothing: a bare POST is a send with nobody named.
    data = request.POST if request.method == "POST" else None
    form = AskWhoForm(data, reaches=outcome.scoping_reach(review=review))
    if request.method == "POST" and form.is_valid():
        try:
            sent = outcome.scoping_send(review=review, named=form.named())
        except ValidationError as error:
            if _bare(request):
                # The one-click button: show the page that names who is asked, by GET (a
                # reload must not post again), without errors for what was not yet asked.
                messages.info(request, "Name who is asked for each agency marked below.")
                return redirect("children:scoping_send", reference=reference)
            add_service_errors(form, error)
        else:
            return _done(
                request,
                reference,
                "The scoping template has been sent to every involved agency, with the "
                f"request to secure records. Asked: {sent_to_summary(sent)}.",
            )
    context = {
        "case": case,
        "form": form,
        "title": "Send the scoping template",
        "intro": (
            "Each involved agency is asked for its Initial Scoping and Information Sharing "
            "return and to secure its records. Its nominated representatives are added to "
            "the case first."
        ),
        "button": "Send the scoping template",
        "back": reverse("children:review", args=[reference]),
    }
    return render(request, "workflow/requests_send.html", context)


@login_required
@require_POST
def scoping_complete(request: HttpRequest, reference: str) -> HttpResponse:
    review = _review(get_rw_case_for_user(request.user, reference))
    return _post_action(
        reference,
        request,
        lambda: outcome.scoping_complete(review=review),
        "All scoping returns are in. Hold the rapid review meeting next.",
    )


@login_required
@require_POST
def template_generate(request: HttpRequest, reference: str) -> HttpResponse:
    """Ask for the template as DOCX and PDF: written in the background (issue 13), then
    its page links to the documents."""
    review = _review(get_rw_case_for_user(request.user, reference))
    try:
        job = template_request(review=review, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("children:review", reference=reference)
    return redirect(job_url(job))


DATE_ACTIONS: dict[str, dict[str, Any]] = {
    "lac": {
        "title": "Record the notice to the Secretary of State and Ofsted",
        "intro": (
            "A looked-after child has died: the local authority tells the Secretary "
            "of State and Ofsted, whether or not abuse or neglect is suspected."
        ),
        "label": "Date they were told",
        "run": lambda review, on: services.lac_notified(review=review, on=on),
        "done": ("The notice to the Secretary of State and Ofsted is recorded."),
    },
    "outcome": {
        "title": "Record that the outcome was sent",
        "intro": (
            "The completed template and covering letter go to the National Panel "
            "within 2 working days of the meeting. Recording it tells the agencies "
            "and the referrer by e-mail."
        ),
        "label": "Date it was sent to the National Panel",
        "run": lambda review, on: outcome.outcome_sent(review=review, on=on),
        "done": ("The outcome is recorded and the agencies and the referrer have been told."),
    },
    "open-cspr": {
        "title": "Commission the Child Safeguarding Practice Review",
        "intro": (
            "The partners commission and supervise the reviewer(s). Add reviewers "
            "to the case as members with the part 'Reviewer'."
        ),
        "label": "Date it was commissioned",
        "run": lambda review, on: cspr_services.cspr_open(review=review, on=on),
        "done": ("The CSPR is open. Agree its methodology and terms of reference."),
    },
}


@login_required
def date_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    if action not in DATE_ACTIONS:
        raise Http404("No such action.")
    spec = DATE_ACTIONS[action]
    case = get_rw_case_for_user(request.user, reference)
    review = _review(case)
    form = DateForm(request.POST or None, label=spec["label"])
    if request.method == "POST" and form.is_valid():
        try:
            spec["run"](review, form.cleaned_data["on"])
        except ValidationError as error:
            add_service_errors(form, _on_field(error))
        else:
            return _done(request, reference, spec["done"])
    return render(request, "children/date_form.html", {"case": case, "form": form, "spec": spec})


def _on_field(error: ValidationError) -> ValidationError:
    """Services name their date field; on this page it is `on`."""
    if hasattr(error, "error_dict"):
        return ValidationError(
            {("on" if k != "__all__" else k): v for k, v in error.error_dict.items()}
        )
    return error


@login_required
def panel_response(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference)
    review = _review(case)
    form = PanelResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome.panel_response(
                review=review,
                response=form.cleaned_data["response"],
                on=form.cleaned_data["received_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, reference, "The National Panel's response is recorded.")
    spec = {"title": "Record the National Panel's response", "intro": ""}
    return render(request, "children/date_form.html", {"case": case, "form": form, "spec": spec})


def _cspr(case: Any) -> Cspr:
    try:
        return case.cspr
    except Cspr.DoesNotExist:
        raise Http404("This case has no CSPR.") from None


class VersionedCsprForm(VersionedFormMixin, CsprForm):
    """The plan, carrying the version it showed (issue 12, item 12)."""


@login_required
def cspr_detail(request: HttpRequest, reference: str) -> HttpResponse:
    from lantern.access.policy import Perm, can

    case = get_case_for_user(request.user, reference, what="CSPR")
    cspr = _cspr(case)
    can_manage = can(request.user, Perm.CHANGE_CASE, case)
    form = VersionedCsprForm(
        request.POST or None,
        initial={f: getattr(cspr, f) for f in cspr_services.CSPR_FIELDS},
        record=cspr,
    )
    if request.method == "POST":
        case = get_rw_case_for_user(request.user, reference)
        if form.is_valid():
            try:
                cspr_services.cspr_update(cspr=cspr, **form.answers(), **form.versioned())
            except EditConflict as conflict:
                form.show_conflict(conflict)
            else:
                messages.success(request, "The review's plan has been saved.")
                return redirect("children:cspr", reference=reference)
    return _cspr_page(request, case, cspr, form=form, can_manage=can_manage)


#: Each publication step's form on the CSPR page, by its action.
CSPR_FORMS = {"final-report": "report_form", "sent": "sent_form", "plan": "plan_form",
              "publish": "publish_form"}  # fmt: skip


def _cspr_page(
    request: HttpRequest, case: Any, cspr: Any, *, form: Any = None, can_manage: bool = True,
    bound: tuple[str, Any] | None = None,
) -> HttpResponse:  # fmt: skip
    """The CSPR page; `bound` is a refused step's form, shown with its errors and what
    was typed (as every GOV.UK form is) rather than as a banner."""
    if form is None:
        form = VersionedCsprForm(
            initial={f: getattr(cspr, f) for f in cspr_services.CSPR_FIELDS}, record=cspr
        )
    documents = case.documents.filter(is_draft=False).order_by("-uploaded_at")
    context = {
        "case": case,
        "cspr": cspr,
        "form": form,
        "can_manage": can_manage,
        "next_steps": case_next_steps(case, request.user),
        "report_form": FinalReportForm(documents=documents, prefix="final-report"),
        "sent_form": DateForm(label="Date it was sent", prefix="sent"),
        "plan_form": PlanPublicationForm(prefix="plan"),
        "publish_form": PublishForm(prefix="publish"),
    }
    if bound is not None:
        context[CSPR_FORMS[bound[0]]] = bound[1]
        context["refused"] = bound[1]
    return render(request, "children/cspr.html", context)


@login_required
@require_POST
def cspr_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference)
    cspr = _cspr(case)
    forms = {
        "final-report": (FinalReportForm, {"documents": case.documents.filter(is_draft=False)}),
        "sent": (DateForm, {"label": "Date it was sent"}),
        "plan": (PlanPublicationForm, {}),
        "publish": (PublishForm, {}),
    }
    if action not in forms:
        raise Http404("No such action.")
    form_class, kwargs = forms[action]
    form = form_class(request.POST, prefix=action, **kwargs)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "final-report":
                cspr_services.final_report_set(cspr=cspr, document=data["document"])
            elif action == "sent":
                cspr_services.final_report_sent(cspr=cspr, on=data["on"])
            elif action == "plan":
                cspr_services.publication_plan(
                    cspr=cspr, planned=data["planned"], reason=data["reason"]
                )
            else:
                cspr_services.publish(cspr=cspr, on=data["on"], url=data["url"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("children:cspr", reference=reference)
    return _cspr_page(request, case, cspr, bound=(action, form))


def _bare(request: HttpRequest) -> bool:
    """A POST from a one-click button: nothing in it but its CSRF token."""
    return request.method == "POST" and set(request.POST) <= {"csrfmiddlewaretoken"}
