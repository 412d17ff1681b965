from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from lantern.access.policy import Perm, can, can_act_for_agency, can_update_action
from lantern.audit.recorder import record_read
from lantern.cases.access import get_case_for_user, get_rw_case_for_user
from lantern.cases.models import Case
from lantern.web.forms import add_service_errors
from lantern.web.listing import paginate_list

from . import services
from .elsewhere import ANSWERED_ELSEWHERE, answer_page, audit_returns
from .forms import AddAgenciesForm, AnswerForm, RequestFilterForm, ReturnForm, SendRequestForm
from .models import AgencyRequest, RequestKind, RequestStatus
from .recipients import sent_to_summary
from .selectors import (
    REQUEST_ORDERINGS,
    answers_for_agency,
    filter_requests,
    late_requests,
    latest_batch,
    led_agencies,
    requests_for_case,
)

RELATED = ("agency", "submitted_by", "reviewed_by", "records_secured_confirmed_by")


def _request_on(case: Case, pk: int) -> AgencyRequest:
    request: AgencyRequest = get_object_or_404(
        AgencyRequest.objects.filter(case=case).select_related(*RELATED), pk=pk
    )
    request.case = case  # the one the policy fetched, with its partnership
    return request


def _may_update(user: Any, request: AgencyRequest) -> bool:
    return request.action is not None and can_update_action(user, request.action)


def _request_for_user(user: Any, reference: str, pk: int) -> AgencyRequest:
    """The request, for whoever reads its case; an action update also for whoever the
    policy lets update its action without being on the case (its owner, its lead agency's
    safeguarding lead and representatives); and for the agency's safeguarding lead, who
    sees on My work what their agency owes and here who was asked. Anyone else gets 404."""
    request = (
        AgencyRequest.objects.filter(
            case__partnership_id=user.partnership_id, case__reference=reference, pk=pk
        )
        .select_related("case__partnership", "case__subject", *RELATED)
        .select_related("action__recommendation__case")
        .first()
    )
    if request is None or not (
        can(user, Perm.VIEW_CASE, request.case)
        or _may_update(user, request)
        or request.agency_id in led_agencies(user)
    ):
        raise Http404("No such request.")
    return request


@dataclass(frozen=True)
class Row:
    request: AgencyRequest
    representatives: list[Any]


def _addable_kinds(kinds_asked: set[str]) -> list[tuple[str, str]]:
    """Kinds already asked for here that more agencies may be added to (not those
    answered on pages of their own)."""
    kinds = {k for k in kinds_asked if k not in ANSWERED_ELSEWHERE}
    return [(k, label) for k, label in RequestKind.choices if k in kinds]


@login_required
def request_list(request: HttpRequest, reference: str) -> HttpResponse:
    # Queries: the late ones (the warning names every one, whatever the filters), the
    # kinds asked for (the "ask more agencies" links), the count and the page of
    # requests with their agencies, and the page's recipients. None per row.
    case = get_case_for_user(request.user, reference, what="requests to agencies")
    listing = paginate_list(
        request,
        requests_for_case(case).prefetch_related("recipients"),
        form=RequestFilterForm(request.GET),
        apply=filter_requests,
        sorts=REQUEST_ORDERINGS,
        default_sort="due",
    )
    kinds = set(AgencyRequest.objects.filter(case=case).values_list("kind", flat=True))
    return render(
        request,
        "agencyrequests/list.html",
        {
            "case": case,
            "listing": listing,
            "form": listing.form,
            "rows": [Row(r, list(r.recipients.all())) for r in listing.items],
            "kinds": _addable_kinds(kinds),
            "late": list(late_requests(case)),
            "can_send": can(request.user, Perm.CHANGE_CASE, case),
        },
    )


@login_required
def request_new(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference, Perm.CHANGE_CASE)
    form = SendRequestForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = services.requests_send(
                case=case,
                agency_ids=[agency.pk for agency in data["agencies"]],
                kind=data["kind"],
                title=data["title"],
                instructions=data["instructions"],
                due=data["due"],
                secure_records=data["secure_records"],
                named=form.named(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The request has been sent. Asked: {sent_to_summary(sent)}.")
            return redirect("agencyrequests:list", reference=case.reference)
    return render(request, "agencyrequests/new.html", {"case": case, "form": form})


@login_required
def requests_add(request: HttpRequest, reference: str) -> HttpResponse:
    """Asks more agencies for what the case's latest batch of a kind asked (?kind=scoping)."""
    case = get_rw_case_for_user(request.user, reference, Perm.CHANGE_CASE)
    kind = request.GET.get("kind", "")
    if kind not in RequestKind.values or kind in ANSWERED_ELSEWHERE:
        raise Http404("Agencies are added here to scoping returns, IMRs and the like.")
    batch = latest_batch(case, kind)
    if batch is None:
        raise Http404("Nothing of this kind has been asked for on this case yet.")
    form = AddAgenciesForm(request.POST or None, case=case, batch=batch)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.requests_add(
                case=case,
                kind=kind,
                agency_ids=[a.pk for a in form.cleaned_data["agencies"]],
                due=form.cleaned_data["due"],
                named=form.named(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"“{batch.title}” has been sent. Asked: {sent_to_summary(sent)}."
            )
            return redirect("agencyrequests:list", reference=case.reference)
    context = {"case": case, "form": form, "batch": batch}
    return render(request, "agencyrequests/add.html", context)


@login_required
@require_POST
def request_chase(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference, Perm.CHANGE_CASE)
    agency_request = _request_on(case, pk)
    try:
        chase = services.request_chase(request=agency_request, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"A reminder has been sent to {chase.sent_to}.")
    return redirect("agencyrequests:detail", reference=case.reference, pk=pk)


def _names(people: list[Any]) -> str:
    """ "A, B and C": who was asked, as the waiting line says it."""
    names = [person.full_name for person in people]
    if len(names) < 2:
        return "".join(names) or "nobody recorded"
    return f"{', '.join(names[:-1])} and {names[-1]}"


@login_required
def request_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """The request, and beneath it either the agency's answer form or what is recorded.

    Only whoever answers for the agency (answers_for_agency: asked for it, or on the
    case for it) gets the form, and only while the request waits for the agency (sent,
    in progress, or sent back for more). Everyone else sees what it waits for, and once
    answered everyone, the agency too, sees the recorded answer instead of a form."""
    user = request.user
    agency_request = _request_for_user(user, reference, pk)
    case = agency_request.case
    recipients = list(agency_request.recipients.order_by("full_name"))
    may_answer = answers_for_agency(user, agency_request, recipients)
    elsewhere = agency_request.kind in ANSWERED_ELSEWHERE
    form = None
    if request.method == "POST":
        # A request answered elsewhere goes on to the service, which says where.
        if not may_answer and not elsewhere:
            raise PermissionDenied(f"Only {agency_request.agency}'s representatives can answer.")
        form = AnswerForm(request.POST, request.FILES, request=agency_request)
        if form.is_valid():
            submitting = request.POST.get("action") == "submit"
            answer = {
                "request": agency_request,
                "user": user,
                "response": form.cleaned_data["response"],
                "file": form.cleaned_data["response_file"],
                "records_secured": form.cleaned_data.get("records_secured", False),
            }
            try:
                if submitting:
                    services.request_submit(**answer)
                else:
                    services.request_save_draft(**answer)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                done = "submitted" if submitting else "saved as a draft"
                messages.success(request, f"The return has been {done}.")
                return redirect("agencyrequests:detail", reference=case.reference, pk=pk)
    else:
        record_read(case, what="a request to an agency")
        record_read(agency_request, what="the request and the agency's return")
        if may_answer and agency_request.is_waiting and not elsewhere:
            form = AnswerForm(request=agency_request)
    # Audit returns and action updates are answered on pages of their own, each under
    # the rule that page applies.
    is_audit_return = agency_request.kind == RequestKind.AUDIT_RETURN
    # The audit's own pages decide who fills in its returns (can_act_for_agency there).
    may_answer_elsewhere = (
        can_act_for_agency(user, case, agency_request.agency_id)
        if is_audit_return
        else _may_update(user, agency_request)
    )
    return render(
        request,
        "agencyrequests/detail.html",
        {
            "case": case,
            "agency_request": agency_request,
            "form": form,
            "may_review": agency_request.status == RequestStatus.SUBMITTED
            and can(user, Perm.CHANGE_CASE, case),
            "reads_case": can(user, Perm.VIEW_CASE, case),
            "elsewhere": elsewhere,
            "answer_page": answer_page(agency_request),
            "audit_returns": audit_returns(agency_request) if is_audit_return else None,
            "may_answer_elsewhere": may_answer_elsewhere,
            "recipients": recipients,
            "asked": _names(recipients),
            "chases": list(agency_request.chases.select_related("chased_by")),
            "may_chase": agency_request.is_waiting and can(user, Perm.CHANGE_CASE, case),
        },
    )


@login_required
@require_POST
def request_accept(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference, Perm.CHANGE_CASE)
    agency_request = _request_on(case, pk)
    try:
        services.request_accept(request=agency_request, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{agency_request.agency}'s return has been accepted.")
    return redirect("agencyrequests:detail", reference=case.reference, pk=pk)


@login_required
def request_send_back(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference, Perm.CHANGE_CASE)
    agency_request = _request_on(case, pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_return(
                request=agency_request, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The return has been sent back to {agency_request.agency}.")
            return redirect("agencyrequests:detail", reference=case.reference, pk=pk)
    return render(
        request,
        "agencyrequests/send_back.html",
        {"case": case, "agency_request": agency_request, "form": form},
    )


@login_required
def request_file(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    """The uploaded return, as a download: never shown in the browser, every read logged."""
    case = get_case_for_user(request.user, reference, what="an agency's uploaded return")
    agency_request = _request_on(case, pk)
    if not agency_request.response_file:
        raise Http404("No file has been uploaded.")
    try:
        handle = agency_request.response_file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    record_read(agency_request, what=f"uploaded return {agency_request.file_name}")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=agency_request.file_name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
