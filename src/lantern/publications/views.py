"""Signed-in pages: the list, drafting, submission, approval, publication (with an
embargo), amendment, withdrawal and the version history (issue 14)."""

from typing import Any

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
from lantern.web.forms import add_service_errors
from lantern.web.versioning import EditConflict

from . import public, services
from .access import get_publication_for_user, get_rw_publication_for_user
from .forms import AmendForm, EditForm, PublicationForm, PublishForm, WithdrawForm
from .models import EDITABLE_STATUSES, PUBLIC_STATUSES, Publication, Status
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
