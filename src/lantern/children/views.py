"""Pages of the children's pathway: referral, rapid review."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lantern.access.policy import Perm, can
from lantern.agencyrequests.selectors import requests_for_case
from lantern.audit.recorder import record_read
from lantern.cases.access import get_case_for_user, get_rw_case_for_user
from lantern.cases.models import Case
from lantern.clock.selectors import steps_for_case
from lantern.documents.selectors import case_documents_context
from lantern.meetings.selectors import case_meetings_context
from lantern.web.forms import add_service_errors
from lantern.workflow.selectors import case_next_steps
from lantern.workflow.views import (
    referral_correct_page,
    referral_new_page,
    referral_return_page,
)

from . import services
from .forms import NotificationForm, ReferralForm
from .models import RapidReview
from .outcome import rapid_review_decision

#: The builder that writes the completed template (document_jobs.TEMPLATE: importing
#: that module here would import this one back).
TEMPLATE_JOB = "children.rapid_review_template"


def _review(case: Case) -> RapidReview:
    try:
        return case.rapid_review
    except RapidReview.DoesNotExist:
        raise Http404("This case is not a rapid review.") from None


def _referral_data(form: ReferralForm) -> dict[str, Any]:
    data = {k: form.cleaned_data[k] for k in services.REFERRAL_FIELDS}
    data["looked_after"] = data["looked_after"] == "yes"
    return data


def _referral_initial(review: RapidReview) -> dict[str, Any]:
    subject = review.case.subject
    return {
        "referring_agency": review.referring_agency,
        "authorised_by": review.authorised_by,
        "authorised_on": review.authorised_on,
        "child_name": subject.full_name,
        "date_of_birth": subject.date_of_birth,
        "address": subject.address,
        "looked_after": "yes" if review.looked_after else "no",
        "incident_on": review.incident_on,
        "harm": review.harm,
        "abuse_or_neglect": review.abuse_or_neglect,
        "what_happened": review.what_happened,
        "involved_agencies": list(review.involved_agencies.all()),
    }


@login_required
def referral_new(request: HttpRequest) -> HttpResponse:
    return referral_new_page(
        request, form_class=ReferralForm, back="children:review",
        submit=lambda user, f: services.referral_submit(user=user, data=_referral_data(f)),
        template="children/referral_form.html",
    )  # fmt: skip


@login_required
def review_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, what="rapid review")
    review = _review(case)
    record_read(case.subject, what=f"identity, on the rapid review {case.reference}")
    scoping = [r for r in requests_for_case(case) if r.kind == "scoping"]
    decision = rapid_review_decision(review)
    returned_to_you = review.status == "returned" and review.referred_by_id == request.user.pk
    documents = case_documents_context(request.user, case)
    return render(
        request,
        "children/review.html",
        {
            "case": case,
            "review": review,
            "involved": review.involved_agencies.all(),
            "can_manage": can(request.user, Perm.CHANGE_CASE, case),
            "is_referrer": review.referred_by_id == request.user.pk,
            "returned_to_you": returned_to_you,
            # Returned, the case waits for its referrer: its timetable is not theirs to read.
            "steps": [] if returned_to_you else steps_for_case(case),
            "next_steps": [] if returned_to_you else case_next_steps(case, request.user),
            "agency_requests": scoping,
            "scoping_sent": bool(scoping),
            "scoping_in": bool(scoping) and all(r.submitted_at for r in scoping),
            "scoping_done": case.steps.filter(
                step_id="scoping-returned", done_on__isnull=False
            ).exists(),
            "decision": decision,
            "has_template": case.documents.filter(kind="rapid_review_template").exists(),
            "has_cspr": hasattr(case, "cspr"),
            # A template already being written is not asked for twice (issue 13).
            "template_job": next(
                (j for j in documents["jobs_being_prepared"] if j.builder == TEMPLATE_JOB),
                None,
            ),
            **case_meetings_context(request.user, case),
            **documents,
        },
    )


@login_required
def referral_return(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference)
    return referral_return_page(request, case=case, record=_review(case), back="children:review")


@login_required
@require_POST
def referral_accept(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference)
    try:
        services.referral_accept(review=_review(case))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The referral has been accepted. Notify the National Panel next.")
    return redirect("children:review", reference=reference)


@login_required
def referral_correct(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, what="returned referral")
    review = _review(case)
    form = ReferralForm(
        request.POST or None, partnership=case.partnership, initial=_referral_initial(review)
    )
    return referral_correct_page(
        request, case=case, record=review, form=form, back="children:review",
        resubmit=lambda f: services.referral_resubmit(
            review=review, user=request.user, data=_referral_data(f)
        ),
        template="children/referral_form.html", context={"review": review},
    )  # fmt: skip


@login_required
def notification(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference)
    review = _review(case)
    form = NotificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_notified(
                review=review, user=request.user, on=form.cleaned_data["notified_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The notification to the National Panel is recorded.")
            return redirect("children:review", reference=reference)
    return render(request, "children/notification_form.html", {"case": case, "form": form})
