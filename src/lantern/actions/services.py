"""Writes to the tracker. Each checks the policy, validates first, then writes in one
transaction; a ValidationError names the field to fix and nothing is saved."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from lantern.access.policy import (
    Perm,
    can,
    can_manage_recommendation,
    can_update_action,
    can_verify_action,
)
from lantern.agencyrequests.models import AgencyRequest, RequestKind
from lantern.agencyrequests.services import request_record_answer, requests_send
from lantern.agencyrequests.uploads import validate_response_file
from lantern.cases.models import Case
from lantern.documents.storage import stage_file
from lantern.learning.sources import library_sync_finding, library_sync_recommendation
from lantern.notifications.services import lantern_link, notify
from lantern.partnerships.models import Agency, Group
from lantern.web.versioning import save_versioned

from .locks import learning_closed
from .models import (
    DONE,
    REPORTED,
    Action,
    ActionStatus,
    ActionUpdate,
    Evidence,
    Finding,
    FindingResponse,
    Recommendation,
)
from .quality import recommendation_checks
from .selectors import waiting_update_request
from .services_findings import finding_acted_on


def _check_manage_case(user: Any, case: Case) -> None:
    if not can(user, Perm.CHANGE_CASE, case):
        raise PermissionDenied("Only whoever runs this review or audit can change its learning.")


def _next(model: Any, **where: Any) -> int:
    return int(model.objects.filter(**where).aggregate(n=Max("number"))["n"] or 0) + 1


def _check_open(case: Case) -> None:
    if closed := learning_closed(case):
        raise ValidationError(closed)


def finding_create(*, case: Case, text: str, user: Any) -> Finding:
    _check_manage_case(user, case)
    _check_open(case)
    if not text.strip():
        raise ValidationError({"text": "Enter the finding."})
    with transaction.atomic():
        finding = Finding.objects.create(
            case=case, number=_next(Finding, case=case), text=text.strip(), created_by=user
        )
        library_sync_finding(finding)  # issue 14: every finding is in the learning library
        return finding


def _person_of(partnership_id: int, person: Any) -> bool:
    return person is not None and person.is_active and person.partnership_id == partnership_id


def recommendation_create(
    *,
    case: Case,
    text: str,
    monitoring_group: Group | None,
    owner: Any,
    impact_measure: str,
    impact_review_on: datetime.date | None,
    user: Any,
    finding: Finding | None = None,
    repeats: Recommendation | None = None,
    keep_as_written: bool = False,
) -> Recommendation:
    """A recommendation on its source case. The quality prompt's advice must be met, or
    read and set aside with `keep_as_written`; owner, measure and review date are needed."""
    _check_manage_case(user, case)
    _check_open(case)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    text = text.strip()
    if not text:
        errors["text"] = "Enter the recommendation."
    if monitoring_group is None or monitoring_group.partnership_id != case.partnership_id:
        errors["monitoring_group"] = "Choose the group of this partnership that will monitor it."
    if not _person_of(case.partnership_id, owner):
        errors["owner"] = "Choose the person answerable for this recommendation."
    if not impact_measure.strip():
        errors["impact_measure"] = "Describe how the group will know it has made a difference."
    if impact_review_on is None:
        errors["impact_review_on"] = "Enter the date the impact will be reviewed."
    elif impact_review_on <= today:
        errors["impact_review_on"] = "The impact review date must be in the future."
    if finding is not None and finding.case_id != case.pk:
        errors["finding"] = "Choose a finding of this review or audit."
    elif finding is not None and finding.response == FindingResponse.NOT_ACTING:
        errors["finding"] = (
            f"Finding {finding.number} was decided not to be implemented: change that "
            "decision before making a recommendation for it."
        )
    if repeats is not None and repeats.partnership_id != case.partnership_id:
        errors["repeats"] = "Choose an earlier recommendation of this partnership."
    if not errors and not keep_as_written:
        checks = recommendation_checks(
            text=text,
            owner_named=True,
            impact_measure=impact_measure,
            impact_review_on=impact_review_on,
            today=today,
        )
        advice = [c.advice for c in checks if not c.ok]
        if advice:
            errors["text"] = " ".join(advice)
    if errors:
        raise ValidationError(errors)
    assert monitoring_group is not None and impact_review_on is not None  # checked above
    with transaction.atomic():
        recommendation = Recommendation.objects.create(
            partnership_id=case.partnership_id,
            case=case,
            number=_next(Recommendation, case=case),
            finding=finding,
            text=text,
            monitoring_group=monitoring_group,
            owner=owner,
            impact_measure=impact_measure.strip(),
            impact_review_on=impact_review_on,
            repeats=repeats,
            created_by=user,
        )
        if finding is not None:  # issue 16: a recommendation decides the finding "act"
            finding_acted_on(finding, user=user, on=today)
        library_sync_recommendation(recommendation)  # issue 14: in the learning library
        return recommendation


def recommendation_link_repeat(
    *, recommendation: Recommendation, earlier: Recommendation | None, user: Any
) -> Recommendation:
    """Records that `recommendation` repeats an earlier one (or, with None, that it does not)."""
    if not can_manage_recommendation(user, recommendation):
        raise PermissionDenied("Only whoever runs this review or audit can change it.")
    _check_open(recommendation.case)
    if earlier is not None:
        if earlier.partnership_id != recommendation.partnership_id:
            raise ValidationError({"repeats": "Choose a recommendation of this partnership."})
        if earlier.pk == recommendation.pk:
            raise ValidationError({"repeats": "A recommendation cannot repeat itself."})
        if earlier.created_at > recommendation.created_at:
            raise ValidationError({"repeats": "Choose an earlier recommendation."})
    recommendation.repeats = earlier
    recommendation.save(update_fields=["repeats"])
    return recommendation


def _check_action(
    recommendation: Recommendation,
    *,
    title: str,
    lead_agency: Agency | None,
    owner: Any,
    due: datetime.date | None,
    success_measure: str,
    due_before: datetime.date | None = None,
) -> None:
    """An action's answers, as added or changed. A due date already set (`due_before`)
    may stay as it is, even past: changing an overdue action's title moves nothing."""
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "Enter what will be done."
    elif len(title) > 200:
        errors["title"] = (
            "The action must be 200 characters or fewer: put detail in the description."
        )
    if (
        lead_agency is None
        or lead_agency.partnership_id != recommendation.partnership_id
        or not lead_agency.is_active
    ):
        errors["lead_agency"] = "Choose the agency of this partnership that leads the action."
    if not _person_of(recommendation.partnership_id, owner):
        errors["owner"] = "Choose the person who owns the action."
    if due is None:
        errors["due"] = "Enter the date the action is due."
    elif due < timezone.localdate() and due != due_before:
        errors["due"] = "The due date must be today or later."
    if not success_measure.strip():
        errors["success_measure"] = "Describe what success looks like for this action."
    if errors:
        raise ValidationError(errors)


def action_create(
    *,
    recommendation: Recommendation,
    title: str,
    lead_agency: Agency | None,
    owner: Any,
    due: datetime.date | None,
    success_measure: str,
    user: Any,
    description: str = "",
) -> Action:
    if not can_manage_recommendation(user, recommendation):
        raise PermissionDenied("Only whoever runs this review or audit can add actions.")
    title = title.strip()
    _check_action(
        recommendation,
        title=title,
        lead_agency=lead_agency,
        owner=owner,
        due=due,
        success_measure=success_measure,
    )
    assert lead_agency is not None and due is not None  # checked above
    with transaction.atomic():
        action = Action.objects.create(
            partnership_id=recommendation.partnership_id,
            monitoring_group_id=recommendation.monitoring_group_id,
            recommendation=recommendation,
            number=_next(Action, recommendation=recommendation),
            title=title,
            description=description.strip(),
            lead_agency=lead_agency,
            owner=owner,
            due=due,
            success_measure=success_measure.strip(),
            created_by=user,
        )
        library_sync_recommendation(recommendation)  # its agencies: its actions' leads
        return action


def action_change(
    *,
    action: Action,
    user: Any,
    title: str,
    description: str,
    lead_agency: Agency | None,
    owner: Any,
    due: datetime.date | None,
    success_measure: str,
    version: int | None = None,
    seen: dict[str, str] | None = None,
) -> Action:
    """Change what an action is: its title, detail, lead agency, owner, due date and
    measure of success (issue 12, item 7: actions can be edited). Whoever manages the
    source review may; a signed-off action stays as signed off. Made from an older
    `version`, it raises lantern.web.versioning.EditConflict and saves nothing (item 12)."""
    recommendation = action.recommendation
    if not can_manage_recommendation(user, recommendation):
        raise PermissionDenied("Only whoever runs this review or audit can change its actions.")
    if action.status == ActionStatus.VERIFIED:
        raise ValidationError("The monitoring group has signed this action off: it is closed.")
    title = title.strip()
    _check_action(
        recommendation,
        title=title,
        lead_agency=lead_agency,
        owner=owner,
        due=due,
        success_measure=success_measure,
        due_before=action.due,  # as loaded for this change
    )
    action.title = title
    action.description = description.strip()
    action.lead_agency = lead_agency  # type: ignore[assignment]
    action.owner = owner
    action.due = due  # type: ignore[assignment]
    action.success_measure = success_measure.strip()
    fields = ["title", "description", "lead_agency", "owner", "due", "success_measure"]
    with transaction.atomic():
        save_versioned(action, fields, version=version, seen=seen)
        library_sync_recommendation(recommendation)  # the lead agency may have changed
    return action


def action_link(action: Action) -> str:
    return lantern_link(reverse("actions:action", args=[action.pk]))


def action_update_request(*, action: Action, due: datetime.date, user: Any) -> AgencyRequest:
    """Asks the lead agency for an update through the kernel's requests (so it is chased
    like any other request), and tells the action's owner. The source case may have
    closed: its action plan runs on."""
    if not can_manage_recommendation(user, action.recommendation):
        raise PermissionDenied("Only whoever runs this review or audit can ask for updates.")
    if action.status in DONE:
        raise ValidationError("This action is complete: no update is needed.")
    waiting = waiting_update_request(action)
    if waiting is not None:
        raise ValidationError(
            {"due": f"An update is already asked for by {waiting.due:%d %B %Y} and not yet given."}
        )
    [request] = requests_send(
        case=action.recommendation.case,
        agency_ids=[action.lead_agency_id],
        kind=RequestKind.ACTION_UPDATE,
        title=f"Update on action {action.recommendation.label}.{action.number} by {due:%d %B %Y}",
        instructions=(
            f"Please update action “{action.title}” in Lantern: its progress, "
            "and evidence of its impact."
        ),
        due=due,
        action=action,
    )
    notify(
        to=[action.owner],
        subject=f"Update needed on action {action.recommendation.label}.{action.number}",
        template="actions/email/update_requested.txt",
        context={"action": action, "due": due, "link": action_link(action)},
        kind="action_update_requested",
        case=action.recommendation.case,
    )
    return request


@dataclass(frozen=True)
class NewEvidence:
    description: str
    file: UploadedFile | None = None
    link: str = ""


def _evidence_errors(items: Sequence[NewEvidence]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for item in items:
        if not item.description.strip():
            errors["evidence_description"] = "Describe the evidence."
        if item.file is None and not item.link.strip():
            errors["evidence_file"] = "Upload a file or give a link as evidence."
        if item.file is not None:
            try:
                validate_response_file(item.file)
            except ValidationError as error:
                errors["evidence_file"] = " ".join(error.message_dict["response_file"])
        if item.link.strip():
            try:
                URLValidator(schemes=["https", "http"])(item.link.strip())
            except ValidationError:
                errors["evidence_link"] = "Enter a link that starts with https://"
    return errors


def action_update_record(
    *,
    action: Action,
    user: Any,
    status: str,
    note: str,
    evidence: Sequence[NewEvidence] = (),
) -> ActionUpdate:
    """The lead agency's progress note, with any evidence. It answers the agency's waiting
    request for an update, if any. An action is complete only with evidence."""
    if not can_update_action(user, action):
        raise PermissionDenied(f"Only {action.lead_agency} or the action's owner can update it.")
    if action.status == ActionStatus.VERIFIED:
        raise ValidationError("This action has been verified by its group: it is closed.")
    errors = _evidence_errors(evidence)
    if status not in [*REPORTED, ActionStatus.COMPLETE]:
        errors["status"] = "Choose not started, on track, at risk or complete."
    if not note.strip():
        errors["note"] = "Describe the progress made."
    if status == ActionStatus.COMPLETE and not evidence and not action.evidence.exists():
        errors["evidence_file"] = (
            "An action is complete only with evidence: upload a file or give a link."
        )
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    with transaction.atomic():
        update = ActionUpdate.objects.create(
            action=action, status=status, note=note.strip(), author=user
        )
        for item in evidence:
            evidence_row = Evidence(
                action=action,
                update=update,
                description=item.description.strip(),
                link=item.link.strip(),
                added_by=user,
            )
            if item.file is not None:
                # In place only once the update commits: a crash leaves no orphan (item 13).
                stage_file(evidence_row.file, item.file.name or "evidence", item.file)
            evidence_row.save()
        action.status = status
        action.completed_on = (
            (action.completed_on or today) if status == ActionStatus.COMPLETE else None
        )
        action.save(update_fields=["status", "completed_on", "updated_at"])
        request = waiting_update_request(action)
        if request is not None:
            request_record_answer(
                request=request, user=user, response=f"{action.get_status_display()}: {note}"
            )
            update.request = request
            update.save(update_fields=["request"])
    return update


def action_verify(
    *, action: Action, user: Any, signed_off_on: datetime.date | None, note: str
) -> Action:
    """The monitoring group's sign-off: the action is complete, has evidence, and the group
    met (on `signed_off_on`) and agreed it is done."""
    if not can_verify_action(user, action):
        raise PermissionDenied(
            f"Only the chair of {action.recommendation.monitoring_group} or the Business Unit "
            "can record its sign-off."
        )
    errors: dict[str, str] = {}
    if action.status != ActionStatus.COMPLETE:
        errors["signed_off_on"] = "Only a complete action can be verified."
    elif not action.evidence.exists():
        errors["signed_off_on"] = "The action has no evidence: it cannot be verified."
    if signed_off_on is None:
        errors.setdefault("signed_off_on", "Enter the date of the group's sign-off.")
    elif signed_off_on > timezone.localdate():
        errors.setdefault("signed_off_on", "The sign-off date must be today or earlier.")
    elif action.completed_on and signed_off_on < action.completed_on:
        errors.setdefault(
            "signed_off_on", "The group cannot sign off before the action was complete."
        )
    if not note.strip():
        errors["note"] = "Record what the group agreed."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action.status = ActionStatus.VERIFIED
        action.verified_on = signed_off_on
        action.verified_by = user
        action.verified_note = note.strip()
        action.save(
            update_fields=["status", "verified_on", "verified_by", "verified_note", "updated_at"]
        )
    return action
