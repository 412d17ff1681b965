"""Pages of a SAR: the referral, and the case page. Thin: the rules are in the services."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.access.policy import Perm, can
from lantern.agencyrequests.selectors import requests_for_case
from lantern.audit.recorder import record_read
from lantern.cases.access import get_case_for_user, get_rw_case_for_user
from lantern.cases.models import Case
from lantern.clock.selectors import steps_for_case
from lantern.documents.selectors import case_documents_context
from lantern.meetings.access import is_independent_chair
from lantern.meetings.selectors import case_meetings_context
from lantern.workflow.selectors import case_next_steps
from lantern.workflow.views import (
    referral_correct_page,
    referral_new_page,
    referral_return_page,
)

from . import delay, services
from .decision import sar_decision
from .forms import ReferralForm
from .models import SarReferral


def referral_of(case: Case) -> SarReferral:
    try:
        return case.sar_referral
    except SarReferral.DoesNotExist:
        raise Http404("This case is not a SAR.") from None


def _initial(referral: SarReferral) -> dict[str, Any]:
    subject = referral.case.subject
    yes_no = {True: "yes", False: "no"}
    initial = {k: getattr(referral, k) for k in services.REFERRAL_FIELDS if hasattr(referral, k)}
    return initial | {
        "adult_name": subject.full_name,
        "date_of_birth": subject.date_of_birth,
        "address": subject.address,
        "care_and_support_needs": yes_no[referral.care_and_support_needs],
        "serious": yes_no[referral.serious],
        "agencies_concern": yes_no[referral.agencies_concern],
        "died": "died" if referral.died else "alive",
        "involved_agencies": list(referral.involved_agencies.all()),
    }


@login_required
def referral_new(request: HttpRequest) -> HttpResponse:
    return referral_new_page(
        request, form_class=ReferralForm, back="adults:case",
        submit=lambda user, f: services.referral_submit(user=user, data=f.referral_data()),
        template="adults/referral_form.html",
    )  # fmt: skip


@login_required
def referral_correct(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, what="returned SAR referral")
    referral = referral_of(case)
    form = ReferralForm(
        request.POST or None, partnership=case.partnership, initial=_initial(referral)
    )
    return referral_correct_page(
        request, case=case, record=referral, form=form, back="adults:case",
        resubmit=lambda f: services.referral_resubmit(referral=referral, data=f.referral_data()),
        template="adults/referral_form.html", context={"referral": referral},
    )  # fmt: skip


@login_required
def referral_return(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference)
    return referral_return_page(
        request, case=case, record=referral_of(case), back="adults:case",
        tell=services.tell_referrer,
    )  # fmt: skip


@login_required
def sar_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, what="SAR")
    referral = referral_of(case)
    record_read(case.subject, what=f"identity, on the SAR {case.reference}")
    agency_requests = list(requests_for_case(case).select_related("imr_author"))
    scoping = [r for r in agency_requests if r.kind == "scoping"]
    sar = getattr(case, "sar", None)
    returned_to_you = referral.status == "returned" and referral.referred_by_id == request.user.pk
    return render(
        request,
        "adults/sar.html",
        {
            "case": case,
            "referral": referral,
            "sar": sar,
            "involved": referral.involved_agencies.all(),
            "can_manage": can(request.user, Perm.CHANGE_CASE, case),
            "is_chair": is_independent_chair(request.user),
            "is_referrer": referral.referred_by_id == request.user.pk,
            "returned_to_you": returned_to_you,
            # Returned, the case waits for its referrer: its timetable is not theirs to read.
            "steps": [] if returned_to_you else steps_for_case(case),
            "next_steps": [] if returned_to_you else case_next_steps(case, request.user),
            "agency_requests": agency_requests,
            "scoping_sent": bool(scoping),
            "scoping_in": bool(scoping) and all(r.submitted_at for r in scoping),
            "scoping_done": case.steps.filter(
                step_id="scoping-returned", done_on__isnull=False
            ).exists(),
            "imrs": [r for r in agency_requests if r.kind == "imr"],
            "decision": sar_decision(referral),
            "done_steps": set(
                case.steps.filter(done_on__isnull=False).values_list("step_id", flat=True)
            ),
            "delayed": sar is not None and delay.is_delayed(sar),
            "forecast": delay.forecast(sar) if sar else None,
            **case_meetings_context(request.user, case),
            **case_documents_context(request.user, case),
        },
    )
