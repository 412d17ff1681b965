"""An action's page and what people do to it: ask the lead agency for an update, record
progress (with evidence), record the monitoring group's sign-off; and evidence files."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.access.policy import (
    can_manage_recommendation,
    can_read_training,
    can_update_action,
    can_verify_action,
)
from lantern.audit.recorder import record_read
from lantern.training.impact import action_training
from lantern.web.forms import add_service_errors
from lantern.web.versioning import EditConflict

from . import services
from .access import (
    get_action_for_user,
    get_evidence_for_user,
    get_managed_action_for_user,
    get_updatable_action_for_user,
    get_verifiable_action_for_user,
)
from .display import ActionRow
from .forms import ActionEditForm, AskUpdateForm, ProgressForm, SignOffForm
from .models import DONE, Action, ActionStatus
from .selectors import waiting_update_request


def _context(action: Action, **more: object) -> dict[str, object]:
    return {
        "action": action,
        "row": ActionRow.of(action, timezone.localdate()),
        "recommendation": action.recommendation,
        "case": action.recommendation.case,
        **more,
    }


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    action = get_action_for_user(user, pk)
    updates = action.updates.select_related("author", "request").prefetch_related("evidence")
    is_done = action.status in DONE
    # Issue 15: courses that answer the action, their sessions and survey results.
    training = action_training(action)
    return render(
        request,
        "actions/action.html",
        _context(
            action,
            updates=updates,
            waiting=waiting_update_request(action),
            can_ask=not is_done and can_manage_recommendation(user, action.recommendation),
            can_change=action.status != ActionStatus.VERIFIED
            and can_manage_recommendation(user, action.recommendation),
            can_update=action.status != ActionStatus.VERIFIED and can_update_action(user, action),
            can_verify=action.status == ActionStatus.COMPLETE and can_verify_action(user, action),
            training=training,
            training_links=bool(training) and can_read_training(user),
        ),
    )


@login_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an action (issue 12, item 7), never over someone else's change (item 12)."""
    user: Any = request.user
    action = get_managed_action_for_user(user, pk)
    fields = ["title", "description", "lead_agency", "owner", "due", "success_measure"]
    form = ActionEditForm(
        request.POST or None,
        partnership_id=action.recommendation.partnership_id,
        initial={name: getattr(action, name) for name in fields},
        record=action,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_change(action=action, user=user, **form.answers(), **form.versioned())
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(
                request, f"Action {action.recommendation.label}.{action.number} has been changed."
            )
            return redirect("actions:action", pk=action.pk)
    return render(
        request,
        "actions/action_form.html",
        _context(action, form=form, heading="Change the action", button="Save the action"),
    )


@login_required
def action_ask(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    action = get_managed_action_for_user(user, pk)
    form = AskUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update_request(action=action, due=form.cleaned_data["due"], user=user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{action.lead_agency} has been asked for an update.")
            return redirect("actions:action", pk=action.pk)
    return render(
        request,
        "actions/action_form.html",
        _context(
            action,
            form=form,
            heading="Ask the agency for an update",
            intro=f"{action.lead_agency} is asked through Lantern and reminded like any other "
            f"request; {action.owner.full_name}, the action's owner, is e-mailed.",
            button="Ask for the update",
        ),
    )


@login_required
def action_progress(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    action = get_updatable_action_for_user(user, pk)
    form = ProgressForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evidence = []
        if data["evidence_description"] or data["evidence_file"] or data["evidence_link"]:
            evidence.append(
                services.NewEvidence(
                    description=data["evidence_description"],
                    file=data["evidence_file"],
                    link=data["evidence_link"],
                )
            )
        try:
            services.action_update_record(
                action=action,
                user=user,
                status=data["status"],
                note=data["note"],
                evidence=evidence,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = "is complete" if action.status == ActionStatus.COMPLETE else "has been updated"
            messages.success(
                request, f"Action {action.recommendation.label}.{action.number} {done}."
            )
            return redirect("actions:action", pk=action.pk)
    return render(
        request,
        "actions/action_form.html",
        _context(
            action,
            form=form,
            heading="Record progress",
            intro="An action is complete only with evidence of what was done: a file or a link.",
            button="Save the progress",
            multipart=True,
        ),
    )


@login_required
def action_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    action = get_verifiable_action_for_user(user, pk)
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_verify(
                action=action,
                user=user,
                signed_off_on=form.cleaned_data["signed_off_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            group = action.recommendation.monitoring_group
            messages.success(request, f"The sign-off of {group} has been recorded: verified.")
            return redirect("actions:action", pk=action.pk)
    return render(
        request,
        "actions/action_form.html",
        _context(
            action,
            form=form,
            heading="Record the group's sign-off",
            intro=f"Record that {action.recommendation.monitoring_group} has seen the evidence "
            "and agrees the action is done: it becomes verified.",
            button="Record the sign-off",
        ),
    )


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, as a download: never shown in the browser, every read logged."""
    evidence = get_evidence_for_user(request.user, pk)
    if not evidence.file:
        raise Http404("This evidence is a link, not a file.")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    record_read(evidence, what=f"evidence file {evidence.file_name}")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.file_name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
