"""The DHR's actions, each one page with one form. Thin: the rules are in the services."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lantern.web.forms import add_service_errors
from lantern.workflow.access import get_case_for_page

from . import homeoffice, services
from .forms import ChairForm, DateForm, DecisionForm, PublishForm, ReportForm, ResponseForm
from .models import Dhr
from .views import dhr_of


@dataclass(frozen=True)
class Action:
    title: str
    intro: str
    button: str
    form: Callable[[Dhr, Any], Any]
    run: Callable[[Dhr, dict[str, Any]], Any]
    done: str


def _documents(dhr: Dhr) -> Any:
    return dhr.case.documents.filter(is_draft=False).order_by("title", "-version")


ACTIONS: dict[str, Action] = {
    "decision": Action(
        "Record the CSP's decision",
        "The Community Safety Partnership decides within 1 month of the notification whether "
        "to conduct a DHR. A decision not to must be sent to the Home Office.",
        "Record the decision",
        lambda dhr, data: DecisionForm(data),
        lambda dhr, d: services.dhr_decide(dhr=dhr, **d),
        "The decision is recorded.",
    ),
    "home-office-told": Action(
        "Record that the Home Office was told",
        "The Home Office must be told of a decision not to conduct a DHR, with the reasons.",
        "Record it",
        lambda dhr, data: DateForm(data, label="Date the Home Office was told"),
        lambda dhr, d: services.home_office_told(dhr=dhr, on=d["on"]),
        "The Home Office has been told. The case is closed.",
    ),
    "chair": Action(
        "Appoint the independent chair",
        "The chair leads the review panel and writes the overview report. Add the panel's "
        "members to the case with the part 'Panel member'.",
        "Appoint the chair",
        lambda dhr, data: ChairForm(data),
        lambda dhr, d: services.chair_appoint(dhr=dhr, **d),
        "The independent chair is recorded.",
    ),
    "report": Action(
        "Choose the overview report",
        "The overview report is due 6 months after the decision. A revised report is a new "
        "version of the document.",
        "Choose the report",
        lambda dhr, data: ReportForm(data, documents=_documents(dhr)),
        lambda dhr, d: services.overview_report_set(dhr=dhr, document=d["document"]),
        "The overview report is chosen.",
    ),
    "submit": Action(
        "Record the submission to the Home Office",
        "The overview report goes to the Home Office Quality Assurance Panel, which must "
        "accept it before it is published.",
        "Record the submission",
        lambda dhr, data: DateForm(data, label="Date it was sent to the panel"),
        lambda dhr, d: homeoffice.submission_add(dhr=dhr, submitted_on=d["on"]),
        "The submission to the Home Office panel is recorded.",
    ),
    "response": Action(
        "Record the Home Office panel's response",
        "The panel accepts the report, or asks for it to be revised and resubmitted.",
        "Record the response",
        lambda dhr, data: ResponseForm(data),
        lambda dhr, d: homeoffice.submission_respond(dhr=dhr, **d),
        "The panel's response is recorded.",
    ),
    "publish": Action(
        "Record publication",
        "Lantern first checks the report for the name, date of birth and address of the "
        "person who died.",
        "Record publication",
        lambda dhr, data: PublishForm(data),
        lambda dhr, d: homeoffice.dhr_publish(dhr=dhr, **d),
        "The publication is recorded.",
    ),
}

# Services name their date fields; on a one-date page the field is `on`.
_ON_FIELDS = {"submitted_on": "on"}


@login_required
def dhr_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action.")
    spec = ACTIONS[action]
    case = get_case_for_page(request.user, reference, "dhr:action", what="DHR", action=action)
    dhr = dhr_of(case)
    form = spec.form(dhr, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            spec.run(dhr, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, _renamed(error))
        else:
            messages.success(request, spec.done)
            return redirect("dhr:detail", reference=reference)
    return render(request, "dhr/action_form.html", {"case": case, "form": form, "spec": spec})


def _renamed(error: ValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError({_ON_FIELDS.get(k, k): v for k, v in error.error_dict.items()})
    return error
