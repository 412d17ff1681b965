"""One page per recorded step of a SAR, declared as data, and its one-click actions."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lantern.access.policy import can_act_for_agency
from lantern.agencyrequests.models import AgencyRequest
from lantern.agencyrequests.recipients import request_reach, sent_to_summary
from lantern.cases.access import get_case_for_user, get_rw_case_for_user
from lantern.children.forms import AskWhoForm
from lantern.documents.models import DocumentJob
from lantern.documents.views_jobs import job_url
from lantern.meetings.access import is_independent_chair
from lantern.web.forms import add_service_errors
from lantern.workflow.access import get_case_for_page

from . import decision, delay, review, services
from .document_jobs import notice_request
from .forms import (
    DateForm,
    DecisionForm,
    DelayForm,
    FamilyForm,
    FinalReportForm,
    ImrAuthorForm,
    ImrRequestForm,
    PublishForm,
    ScreenForm,
    SignoffForm,
)
from .models import Sar, SarReferral
from .views import referral_of

Run = Callable[[SarReferral, dict[str, Any], Any], Any]


@dataclass(frozen=True)
class Action:
    title: str
    form: Callable[[SarReferral], tuple[type, dict[str, Any]]]
    run: Run
    done: str
    intro: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _sar(referral: SarReferral) -> Sar:
    try:
        return referral.case.sar
    except Sar.DoesNotExist:
        raise ValidationError("Commission the SAR first.") from None


def _date(label: str) -> Callable[[SarReferral], tuple[type, dict[str, Any]]]:
    return lambda referral: (DateForm, {"label": label})


def _step(step_id: str) -> Action:
    return Action(
        title=review.DATE_STEPS[step_id].replace("Date ", "Record ", 1),
        form=_date(review.DATE_STEPS[step_id]),
        run=lambda r, d, u: review.sar_step_done(sar=_sar(r), step_id=step_id, on=d["on"]),
        done="Recorded.",
    )


ACTIONS: dict[str, Action] = {
    "screen": Action(
        title="Record the screening",
        intro="The Business Manager and the SAR Panel chair screen every referral.",
        form=lambda r: (ScreenForm, {"partnership": r.case.partnership}),
        run=lambda r, d, u: services.referral_screen(
            referral=r, user=u, panel_chair=d["panel_chair"], on=d["on"]
        ),
        done="The screening is recorded. The Independent Chair signs it off for scoping next.",
    ),
    "decision": Action(
        title="Record the sub-group's decision",
        intro="Due 6 to 8 weeks after the referral. The s44 answers make this referral: ",
        form=lambda r: (DecisionForm, {}),
        run=lambda r, d, u: decision.decision_record(
            referral=r,
            kind=d["kind"],
            rationale=d["rationale"],
            decided_on=d["decided_on"],
            user=u,
            reason=d.get("reason", ""),
        ),
        done="The decision is recorded and the referrer told.",
    ),
    "family": Action(
        title="Record that the family was told",
        form=lambda r: (FamilyForm, {}),
        run=lambda r, d, u: decision.family_notified(referral=r, on=d["on"], by_whom=d["by_whom"]),
        done="Recorded.",
    ),
    "commission": Action(
        title="Commission the SAR",
        intro="Lantern sets the month-by-month timetable and a SAR Panel meeting each month.",
        form=_date("Date it was commissioned"),
        run=lambda r, d, u: review.sar_commission(referral=r, on=d["on"]),
        done="The SAR is commissioned; its timetable and monthly panel meetings are set.",
    ),
    **{step: _step(step) for step in review.DATE_STEPS},
    "signoff": Action(
        title="Record the SAB sign-off",
        form=lambda r: (SignoffForm, {}),
        run=lambda r, d, u: review.sab_signoff(
            sar=_sar(r), on=d["on"], publication=d["publication"]
        ),
        done="The sign-off is recorded.",
    ),
    "family-shared": Action(
        title="Record that the report was shared with the family",
        form=_date("Date it was shared"),
        run=lambda r, d, u: review.family_shared(sar=_sar(r), on=d["on"]),
        done="Recorded.",
    ),
    "final-report": Action(
        title="Choose the report to publish",
        form=lambda r: (FinalReportForm, {"documents": r.case.documents.filter(is_draft=False)}),
        run=lambda r, d, u: review.final_report_set(sar=_sar(r), document=d["document"]),
        done="The report to publish is chosen.",
    ),
    "publish": Action(
        title="Record publication",
        intro="Lantern checks the report for the adult's name, date of birth and address first.",
        form=lambda r: (PublishForm, {}),
        run=lambda r, d, u: review.publish(sar=_sar(r), on=d["on"], url=d["url"]),
        done="The publication is recorded.",
    ),
    "learning-event": Action(
        title="Record the learning event",
        form=_date("Date of the learning event"),
        run=lambda r, d, u: review.learning_event(sar=_sar(r), on=d["on"]),
        done="The learning event is recorded and the SAR closed.",
    ),
    "delay": Action(
        title="Write the notice of delay",
        intro="The review will take longer than six months: the adult or their advocate are "
        "told in writing, with the reasons, and kept updated.",
        form=lambda r: (DelayForm, {}),
        # A job (issue 13): its page says when the notice is written, and links to it.
        run=lambda r, d, u: notice_request(
            sar=_sar(r), reasons=d["reasons"], recipients=d["recipients"], user=u
        ),
        done=(
            "The notice of delay is recorded. Send it to the adult or their advocate once "
            "it is written, then an update every four weeks."
        ),
    ),
    "update": Action(
        title="Record an update to the adult or advocate",
        form=_date("Date the update was sent"),
        run=lambda r, d, u: delay.delay_update_sent(sar=_sar(r), on=d["on"]),
        done="The update is recorded.",
    ),
}


def _send_page(
    request: HttpRequest, case: Any, form: Any, title: str, intro: str, button: str, name: str
) -> HttpResponse:
    context = {
        "case": case,
        "form": form,
        "title": title,
        "intro": intro,
        "button": button,
        "back": reverse("adults:case", args=[case.reference]),
        "action": reverse("adults:action", args=[case.reference, name]),
    }
    return render(request, "workflow/requests_send.html", context)


def scoping_send(request: HttpRequest, reference: str) -> HttpResponse:
    """The scoping send: who each involved agency's request goes to, and a name for any
    agency with nobody on the case. The SAR page's one-click button posts here (through
    `button`): it sends at once when every agency has someone to ask (a representative,
    else its safeguarding lead), and otherwise shows this page to name one (issue 11)."""
    case = get_rw_case_for_user(request.user, reference)
    referral = referral_of(case)
    try:
        services.scoping_check(referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("adults:case", reference=reference)
    reaches = services.scoping_reach(referral=referral)
    # The one-click button posts nothing: a bare POST is a send with nobody named.
    data = request.POST if request.method == "POST" else None
    form = AskWhoForm(data, reaches=reaches)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.scoping_send(referral=referral, named=form.named())
        except ValidationError as error:
            if _bare(request):
                # The one-click button: show the page that names who is asked, by GET (a
                # reload must not post again), without errors for what was not yet asked.
                messages.info(request, "Name who is asked for each agency marked below.")
                return redirect("adults:action", reference=reference, name="scoping-send")
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Every involved agency has been asked for its scoping return. "
                f"Asked: {sent_to_summary(sent)}.",
            )
            return redirect("adults:case", reference=reference)
    intro = (
        "Each involved agency is asked for its SAR scoping return and to secure its "
        "records. Its nominated representatives are added to the case first."
    )
    button = "Ask every involved agency for scoping"
    return _send_page(request, case, form, "Ask for scoping returns", intro, button, "scoping-send")


def imrs_send(request: HttpRequest, reference: str) -> HttpResponse:
    """The IMR requests: the agencies, the due date, and who is asked for each agency
    with nobody on the case (its safeguarding lead unless someone else is named)."""
    case = get_rw_case_for_user(request.user, reference)
    referral = referral_of(case)
    agencies = referral.involved_agencies.order_by("name")
    reaches, _errors = request_reach(case=case, agencies=list(agencies))
    form = ImrRequestForm(request.POST or None, agencies=agencies, reaches=reaches)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = review.imr_send(
                sar=_sar(referral),
                agency_ids=[a.pk for a in data["agencies"]],
                due=data["due"],
                named=form.named(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"The IMR requests have been sent. Asked: {sent_to_summary(sent)}."
            )
            return redirect("adults:case", reference=reference)
    intro = "Each agency's IMR answers the terms of reference."
    return _send_page(
        request, case, form, "Request IMRs", intro, "Save and send the IMR requests", "imrs"
    )


#: Actions with a page of their own: sends, which show who is asked.
PAGES: dict[str, Callable[[HttpRequest, str], HttpResponse]] = {
    "scoping-send": scoping_send,
    "imrs": imrs_send,
}


@login_required
def action(request: HttpRequest, reference: str, name: str) -> HttpResponse:
    if name in PAGES:
        return PAGES[name](request, reference)
    if name not in ACTIONS:
        raise Http404("No such action.")
    spec = ACTIONS[name]
    # The step's declared actors do it here (the Chair signs off the report), or its managers.
    case = get_case_for_page(request.user, reference, "adults:action", what="SAR", name=name)
    referral = referral_of(case)
    form_class, kwargs = spec.form(referral)
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            done = spec.run(referral, form.cleaned_data, request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # What to do next is said either way: a walk found it lost when the notice
            # went to the job's page (issue 13).
            messages.success(request, spec.done)
            if isinstance(done, DocumentJob):  # written in the background: its page says
                return redirect(job_url(done))
            return redirect("adults:case", reference=reference)
    context = {"case": case, "referral": referral, "form": form, "spec": spec, "name": name}
    return render(request, "adults/form.html", context)


BUTTONS: dict[str, tuple[bool, Callable[[SarReferral, Any], Any], str]] = {
    # name: (for the Independent Chair, not the case's managers; run; message)
    "sign-off": (
        True,
        lambda r, u: services.scoping_sign_off(referral=r, user=u),
        "Signed off for scoping.",
    ),
    "agree": (True, lambda r, u: decision.chair_agree(referral=r, user=u), "The SAR is agreed."),
    "scoping-complete": (
        False,
        lambda r, u: services.scoping_complete(referral=r),
        "All scoping returns are in. The sub-group decides next.",
    ),
}


@login_required
@require_POST
def button(request: HttpRequest, reference: str, name: str) -> HttpResponse:
    if name == "scoping-send":
        # Sends at once, or shows the page that names who is asked (scoping_send).
        return scoping_send(request, reference)
    if name not in BUTTONS:
        raise Http404("No such action.")
    for_chair, run, message = BUTTONS[name]
    if for_chair:
        case = get_case_for_user(request.user, reference, what="SAR")
        if not is_independent_chair(request.user):
            raise PermissionDenied("Only the Independent Chair can do that.")
    else:
        case = get_rw_case_for_user(request.user, reference)
    try:
        run(referral_of(case), request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect("adults:case", reference=reference)


@login_required
def imr_author(request: HttpRequest, reference: str, request_id: int) -> HttpResponse:
    """The agency (or the Business Unit) records and confirms its IMR's independent author."""
    case = get_case_for_user(request.user, reference, what="SAR")
    referral_of(case)
    imr = get_object_or_404(AgencyRequest, case=case, pk=request_id, kind="imr")
    if not can_act_for_agency(request.user, case, imr.agency_id):
        raise PermissionDenied("Only the agency's representative can record its IMR's author.")
    form = ImrAuthorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review.imr_author_record(request=imr, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The IMR's author is recorded.")
            return redirect("adults:case", reference=reference)
    spec = {"title": f"The author of {imr.agency}'s IMR", "intro": imr.instructions}
    return render(request, "adults/form.html", {"case": case, "form": form, "spec": spec})


def _bare(request: HttpRequest) -> bool:
    """A POST from a one-click button: nothing in it but its CSRF token."""
    return request.method == "POST" and set(request.POST) <= {"csrfmiddlewaretoken"}
