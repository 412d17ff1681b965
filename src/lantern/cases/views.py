from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from lantern.access.policy import Perm
from lantern.agencyrequests.selectors import requests_for_case
from lantern.audit.recorder import record_read
from lantern.clock.selectors import steps_for_case
from lantern.documents.selectors import case_documents_context
from lantern.meetings.selectors import case_meetings_context
from lantern.web.forms import add_service_errors
from lantern.web.listing import paginate_list
from lantern.web.versioning import EditConflict
from lantern.work.links import CASE_PAGES, case_url

from . import services
from .access import get_case_for_user, get_rw_case_for_user
from .forms import AddMemberForm, CaseDetailsForm, CaseFilterForm
from .selectors import CASE_ORDERINGS, cases_for_user, filter_cases, with_next_due


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    # Queries: the count and the page of cases (next due and overdue are subqueries of
    # it); nothing per row: pathway and stage labels are in code.
    listing = paginate_list(
        request,
        with_next_due(cases_for_user(request.user)),
        form=CaseFilterForm(request.GET),
        apply=filter_cases,
        sorts=CASE_ORDERINGS,
        default_sort="opened",
    )
    return render(
        request,
        "cases/list.html",
        {"listing": listing, "form": listing.form, "cases": listing.items},
    )


@login_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference)
    if case.pathway in CASE_PAGES:
        # One page per case: a pathway's page carries the case's own parts too.
        return redirect(case_url(case))
    if case.subject is not None:
        record_read(case.subject, what=f"identity, on the page of {case.reference}")
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "steps": steps_for_case(case),
            "agency_requests": requests_for_case(case),
            **case_meetings_context(request.user, case),
            **case_documents_context(request.user, case),
        },
    )


@login_required
def case_edit(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference)
    form = CaseDetailsForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(
                case=case,
                **{f: form.cleaned_data[f] for f in form.Meta.fields},
                **form.versioned(),
            )
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, "The case details have been saved.")
            return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/edit.html", {"case": case, "form": form})


@login_required
def member_add(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference, Perm.MANAGE_CASE_MEMBERS)
    form = AddMemberForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.case_member_add(
                case=case,
                person=form.cleaned_data["person"],
                capacity=form.cleaned_data["capacity"],
                agency_id=form.cleaned_data["agency"].pk if form.cleaned_data["agency"] else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{membership.person} has been added to the case.")
            return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/member_add.html", {"case": case, "form": form})


@login_required
@require_POST
def member_remove(request: HttpRequest, reference: str, membership_id: int) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference, Perm.MANAGE_CASE_MEMBERS)
    membership = get_object_or_404(case.memberships, pk=membership_id)
    services.case_member_remove(membership=membership)
    messages.success(request, f"{membership.person} has been removed from the case.")
    return redirect("cases:detail", reference=case.reference)
