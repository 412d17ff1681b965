"""Signed-in pages: the list, drafting, submission, approval, publication (with an
embargo), amendment, withdrawal and the version history (issue 14)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lantern.access.policy import (
    can_approve_publications,
    can_draft_publications,
    can_read_publications,
)
from lantern.cases.models import Case
from lantern.partnerships.models import Agency
from lantern.web.forms import GovukDateField, GovukForm, add_service_errors
from lantern.web.versioning import EditConflict

from . import briefings, public, services
from .access import get_publication_for_user, get_rw_publication_for_user
from .forms import AmendForm, EditForm, PublicationForm, PublishForm, WithdrawForm
from .models import (
    EDITABLE_STATUSES,
    PUBLIC_STATUSES,
    Dissemination,
    DisseminationKind,
    Publication,
    Status,
)
from .text import body_html


@login_required
def publication_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_read_publications(user):
        raise PermissionDenied("Publications are the Business Unit's and the L&I sub-group's.")
    publications = (
        Publication.objects.in_partnership(user.partnership_id)
        .select_related("case")
        .order_by("-updated_at")
    )
    return render(
        request,
        "publications/list.html",
        {
            "publications": publications,
            "can_draft": can_draft_publications(user),
            "public_url": f"/p/{user.partnership.slug}/learning/",
        },
    )


@login_required
def publication_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_draft_publications(user):
        raise PermissionDenied("Only the Business Unit and the L&I sub-group draft publications.")
    form = PublicationForm(request.POST or None, partnership_id=user.partnership_id)
    if request.method == "POST" and form.is_valid():
        try:
            publication = services.publication_create(
                partnership=user.partnership, user=user, **form.content()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The draft is saved.")
            return redirect("publications:detail", pk=publication.pk)
    return render(
        request,
        "publications/form.html",
        {"form": form, "heading": "New publication", "button": "Save the draft"},
    )


@login_required
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    publication = get_publication_for_user(user, pk)
    status = publication.status
    can_draft = can_draft_publications(user)
    can_approve = can_approve_publications(user)
    site = public.site_for(publication.partnership.slug)
    return render(
        request,
        "publications/detail.html",
        {
            "publication": publication,
            "body": body_html(publication.body, heading_level=3),
            "problems": services.public_problems(publication)
            if status in EDITABLE_STATUSES
            else [],
            "versions": publication.versions.select_related("created_by").order_by("-number"),
            "can_edit": can_draft and status in EDITABLE_STATUSES,
            "can_submit": can_draft and status == Status.DRAFT,
            "can_approve": can_approve and status == Status.AWAITING_APPROVAL,
            "can_publish": services.may_publish(user) and status == Status.APPROVED,
            "can_amend": can_approve and status in PUBLIC_STATUSES,
            "can_record": can_draft,
            # Only while the public page answers (not before its embargo ends).
            "public_url": f"/p/{site.slug}/learning/{publication.pk}/"
            if site is not None and public.catalogue_for(site).get(publication.pk)
            else "",
        },
    )


@login_required
def publication_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    publication = get_rw_publication_for_user(user, pk)
    if publication.status not in EDITABLE_STATUSES:
        messages.error(request, "A published publication is amended, not edited.")
        return redirect("publications:detail", pk=pk)
    form = EditForm(
        request.POST or None,
        partnership_id=user.partnership_id,
        initial=PublicationForm.initial_from(publication),
        record=publication,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_update(
                publication=publication, user=user, **form.content(), **form.versioned()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, "The draft is saved.")
            return redirect("publications:detail", pk=pk)
    return render(
        request,
        "publications/form.html",
        {
            "form": form,
            "publication": publication,
            "heading": "Change the draft",
            "button": "Save the draft",
            "intro": "Once saved, it is a draft again: submit it for approval again."
            if publication.status != Status.DRAFT
            else "",
        },
    )


def _step(request: HttpRequest, pk: int, service: Any, done: str) -> HttpResponse:
    user: Any = request.user
    publication = get_publication_for_user(user, pk)
    try:
        service(publication=publication, user=user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("publications:detail", pk=pk)


@login_required
@require_POST
def publication_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, services.publication_submit, "It is sent to the L&I sub-group for approval."
    )


@login_required
@require_POST
def publication_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.publication_approve, "It is approved for publication.")


@login_required
def publication_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    publication = get_publication_for_user(user, pk)
    if not services.may_publish(user):
        raise PermissionDenied("Only the Business Unit or an approver publishes.")
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publication_publish(
                publication=publication, user=user, embargo_until=form.embargo_until()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if publication.embargo_until:
                messages.success(
                    request,
                    f"It is published, under embargo until {version.public_from:%-d %B %Y %H:%M}.",
                )
            else:
                messages.success(request, "It is published on the public site.")
            return redirect("publications:detail", pk=pk)
    return render(
        request,
        "publications/form.html",
        {
            "form": form,
            "publication": publication,
            "heading": "Publish",
            "button": "Publish",
            "intro": "It goes on the partnership's public “Learning from reviews” site.",
        },
    )


@login_required
def publication_amend(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    publication = get_publication_for_user(user, pk)
    if not can_approve_publications(user):
        raise PermissionDenied("Only the L&I sub-group's chair or the Business Manager amends.")
    if publication.status not in PUBLIC_STATUSES:
        raise Http404("Only a published publication is amended.")
    form = AmendForm(
        request.POST or None,
        partnership_id=user.partnership_id,
        initial=PublicationForm.initial_from(publication),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_amend(
                publication=publication,
                user=user,
                reason=form.cleaned_data["reason"],
                **form.content(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The amended version is published.")
            return redirect("publications:detail", pk=pk)
    return render(
        request,
        "publications/form.html",
        {
            "form": form,
            "publication": publication,
            "heading": "Amend",
            "button": "Publish the amendment",
        },
    )


@login_required
def publication_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    publication = get_publication_for_user(user, pk)
    if not can_approve_publications(user):
        raise PermissionDenied("Only the L&I sub-group's chair or the Business Manager withdraws.")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_withdraw(
                publication=publication, user=user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "It is withdrawn from the public site.")
            return redirect("publications:detail", pk=pk)
    return render(
        request,
        "publications/form.html",
        {"form": form, "publication": publication, "heading": "Withdraw", "button": "Withdraw it"},
    )


@login_required
def publication_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    user: Any = request.user
    publication = get_publication_for_user(user, pk)
    version = publication.versions.filter(number=number).select_related("created_by").first()
    if version is None:
        raise Http404("No such version.")
    return render(
        request,
        "publications/version.html",
        {"publication": publication, "version": version, "body": body_html(version.body, 3)},
    )


# Seven-minute briefings and dissemination (lantern.publications.briefings) ------------------


class BriefingForm(GovukForm):
    case = forms.ModelChoiceField(
        label="Which review or audit is it about?",
        queryset=Case.objects.none(),
        error_messages={"required": "Choose the review or audit the briefing is about."},
        help_text="Its findings and recommendations fill the briefing's four sections.",
    )

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["case"]
        field.queryset = Case.objects.filter(partnership_id=partnership_id).order_by("-opened_on")
        field.label_from_instance = lambda case: f"{case.reference}: {case.display_title}"


@login_required
def briefing_new(request: HttpRequest) -> HttpResponse:
    """ "Draft a seven-minute briefing": from the publications list, or a case page
    linking here with ?case=<id>."""
    user: Any = request.user
    if not can_draft_publications(user):
        raise PermissionDenied("Only the Business Unit and the L&I sub-group draft briefings.")
    initial = {"case": request.GET.get("case")} if request.GET.get("case", "").isdigit() else {}
    form = BriefingForm(request.POST or None, partnership_id=user.partnership_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            publication = briefings.briefing_draft(case=form.cleaned_data["case"], user=user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("case", message)
        else:
            messages.success(request, "The briefing is drafted: check and change it, then submit.")
            return redirect("publications:detail", pk=publication.pk)
    return render(
        request,
        "publications/form.html",
        {
            "form": form,
            "heading": "Draft a seven-minute briefing",
            "button": "Draft the briefing",
            "intro": "Lantern drafts its four sections (what happened, what we learned, what "
            "to do differently, questions for teams) from the case's findings and "
            "recommendations, naming the subject by the pseudonym only.",
        },
    )


def _download(request: HttpRequest, pk: int, render_as: str) -> HttpResponse:
    from lantern.documents.generate import render_docx, render_pdf

    publication = get_publication_for_user(request.user, pk)
    draft = publication.status not in PUBLIC_STATUSES
    title, sections = publication.title, briefings.document_sections(publication)
    marking = publication.partnership.name
    if render_as == "pdf":
        data = render_pdf(title=title, sections=sections, marking=marking, draft=draft)
        response = HttpResponse(data, content_type="application/pdf")
    else:
        response = HttpResponse(
            render_docx(title=title, sections=sections, marking=marking, draft=draft),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = f'attachment; filename="publication-{pk}.{render_as}"'
    return response


@login_required
def publication_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "docx")


@login_required
def publication_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "pdf")


class DisseminationForm(GovukForm):
    kind = forms.ChoiceField(
        label="What was delivered?",
        choices=DisseminationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it was a seminar or a briefing."},
    )
    delivered_on = GovukDateField(label="Date delivered", help_text="For example, 27 3 2026")
    title = forms.CharField(
        label="What it was about",
        max_length=200,
        error_messages={"required": "Enter what it was about."},
    )
    audience = forms.CharField(
        label="Audience",
        max_length=200,
        help_text="For example, health visitors and school nurses.",
        error_messages={"required": "Enter the audience."},
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies that attended",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attendance = forms.IntegerField(
        label="Number attending",
        error_messages={
            "required": "Enter how many attended.",
            "invalid": "Enter how many attended, as a whole number.",
        },
    )
    publication = forms.ModelChoiceField(
        label="The publication it presented",
        queryset=Publication.objects.none(),
        required=False,
        empty_label="None",
    )

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies: Any = self.fields["agencies"]
        agencies.queryset = Agency.objects.filter(partnership_id=partnership_id).order_by("name")
        publications: Any = self.fields["publication"]
        publications.queryset = Publication.objects.in_partnership(partnership_id).order_by("title")


@login_required
def dissemination_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_read_publications(user):
        raise PermissionDenied("Publications are the Business Unit's and the L&I sub-group's.")
    records = (
        Dissemination.objects.filter(partnership_id=user.partnership_id)
        .select_related("publication")
        .prefetch_related("agencies")
    )
    return render(
        request,
        "publications/disseminations.html",
        {"records": records, "can_record": can_draft_publications(user)},
    )


@login_required
def dissemination_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_draft_publications(user):
        raise PermissionDenied("Only the Business Unit and the L&I sub-group record this.")
    publication = None
    if request.GET.get("publication", "").isdigit():
        publication = get_publication_for_user(user, int(request.GET["publication"]))
    form = DisseminationForm(
        request.POST or None,
        partnership_id=user.partnership_id,
        initial={"publication": publication.pk} if publication else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = briefings.dissemination_record(
                partnership=user.partnership, user=user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The seminar or briefing is recorded.")
            if record.publication_id:
                return redirect("publications:detail", pk=record.publication_id)
            return redirect("publications:disseminations")
    return render(
        request,
        "publications/form.html",
        {
            "form": form,
            "publication": publication,
            "heading": "Record a seminar or briefing delivered",
            "button": "Record it",
            "intro": "Evidence that the learning reached practitioners.",
        },
    )
