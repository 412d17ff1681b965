"""Actions through the API, under the same rules as the tracker's pages: a list with
filters, one action, and agencies' updates from their own systems."""

import datetime
from enum import StrEnum
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from lantern.access.policy import can_update_action
from lantern.api.auth import caller
from lantern.api.errors import responses
from lantern.api.patterns import LINK, VISIBLE
from lantern.audit.recorder import record_read
from lantern.partnerships.models import Agency

from .forms import positive_id
from .models import (
    OPEN,
    Action,
    ActionQuerySet,
    ActionStatus,
    ActionUpdate,
    SourceKind,
    source_pathways,
)
from .selectors import actions_for_user
from .services import NewEvidence, action_update_record

router = Router(tags=["Actions"])

MAX_PAGE = 500


class UpdateStatus(StrEnum):
    """What an agency reports: "overdue" follows from the due date, "verified" is the
    monitoring group's sign-off."""

    NOT_STARTED = ActionStatus.NOT_STARTED.value
    ON_TRACK = ActionStatus.ON_TRACK.value
    AT_RISK = ActionStatus.AT_RISK.value
    COMPLETE = ActionStatus.COMPLETE.value


class ActionSummary(Schema):
    id: int
    title: str
    status: ActionStatus = Field(
        description="The status shown: overdue once an open action's due date passes."
    )
    rag: str = Field(description="red, amber or green.")
    due: datetime.date
    overdue: bool
    lead_agency: str
    owner: str
    recommendation: str = Field(description='The recommendation\'s label, e.g. "SAR-2026-001 R2".')
    recommendation_text: str
    source: SourceKind = Field(
        description="What the learning came from: review, audit or national."
    )
    case: str = Field(description="The reference of the review or audit.")

    @staticmethod
    def resolve_status(action: Action) -> str:
        return action.state()

    @staticmethod
    def resolve_rag(action: Action) -> str:
        return action.rag()

    @staticmethod
    def resolve_overdue(action: Action) -> bool:
        return action.is_overdue

    @staticmethod
    def resolve_lead_agency(action: Action) -> str:
        return action.lead_agency.name

    @staticmethod
    def resolve_owner(action: Action) -> str:
        return action.owner.full_name

    @staticmethod
    def resolve_recommendation(action: Action) -> str:
        return action.recommendation.label

    @staticmethod
    def resolve_recommendation_text(action: Action) -> str:
        return action.recommendation.text

    @staticmethod
    def resolve_source(action: Action) -> str:
        return action.recommendation.source

    @staticmethod
    def resolve_case(action: Action) -> str:
        return action.recommendation.case.reference


class EvidenceOut(Schema):
    description: str
    url: str = Field(description="The link given, or blank for an uploaded file.")
    file_name: str = Field(description="The uploaded file's name, or blank for a link.")
    added_at: datetime.datetime

    @staticmethod
    def resolve_url(evidence: Any) -> str:
        return str(evidence.link)

    @staticmethod
    def resolve_file_name(evidence: Any) -> str:
        return str(evidence.file_name) if evidence.file else ""


class UpdateOut(Schema):
    id: int
    status: str
    note: str
    author: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(update: ActionUpdate) -> str:
        return update.author.full_name


class ActionOut(ActionSummary):
    description: str
    success_measure: str
    monitoring_group: str
    completed_on: datetime.date | None
    verified_on: datetime.date | None
    may_update: bool = Field(description="Whether the caller may post an update.")
    updates: list[UpdateOut] = Field(description="Newest first.")
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_monitoring_group(action: Action) -> str:
        return action.recommendation.monitoring_group.name

    @staticmethod
    def resolve_may_update(action: Action, context: dict[str, Any]) -> bool:
        return can_update_action(caller(context["request"]), action)

    @staticmethod
    def resolve_updates(action: Action) -> list[ActionUpdate]:
        return list(action.updates.all())

    @staticmethod
    def resolve_evidence(action: Action) -> list[Any]:
        return list(action.evidence.all())


class EvidenceLinkIn(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    description: str = Field(min_length=1, max_length=300, pattern=VISIBLE)
    url: str = Field(
        min_length=1, max_length=500, pattern=LINK, description="An https:// (or http://) link."
    )


class UpdateIn(Schema):
    """An agency's progress note. An action is complete only with evidence: give a link
    here, or have given one before."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    status: UpdateStatus
    note: str = Field(min_length=1, pattern=VISIBLE, description="The progress made.")
    evidence_links: list[EvidenceLinkIn] = Field(default_factory=list, max_length=20)


class UpdateCreated(UpdateOut):
    evidence: list[EvidenceOut]
    action: ActionSummary

    @staticmethod
    def resolve_evidence(update: ActionUpdate) -> list[Any]:
        return list(update.evidence.all())


def _true_or_false(value: Any) -> Any:
    # pydantic would also take yes, on, 1, t...: a filter answers only true or false.
    if isinstance(value, str) and value not in ("true", "false"):
        raise PydanticCustomError("true_or_false", "Enter true or false.")
    return value


class ActionFilters(Schema):
    overdue: Annotated[bool | None, BeforeValidator(_true_or_false)] = Field(
        None, description="true: only overdue actions; false: none."
    )
    status: ActionStatus | None = Field(None, description="The status shown.")
    agency: str | None = Field(None, description="The lead agency: its id or its exact name.")
    source: SourceKind | None = Field(None, description="review, audit or national.")


def _agency_filter(request: HttpRequest, value: str) -> int:
    agencies = Agency.objects.filter(partnership_id=caller(request).partnership_id or 0)
    value = value.strip()
    agency_id = positive_id(value)
    found = (
        agencies.filter(pk=agency_id) if agency_id is not None else agencies.filter(name=value)
    ).values_list("pk", flat=True)
    if not found:
        raise ValidationError({"agency": f"No agency {value!r} in your partnership."})
    return found[0]


#: What the list's query may name: the filters, and the page's limit and offset.
_LIST_PARAMETERS = {*ActionFilters.model_fields, *LimitOffsetPagination.Input.model_fields}


def _refuse_unknown_parameters(request: HttpRequest) -> None:
    """A misspelt filter would otherwise be ignored, and the whole list look filtered."""
    unknown = [name for name in request.GET if name not in _LIST_PARAMETERS]
    if unknown:
        message = f"Not a filter. The filters are {', '.join(ActionFilters.model_fields)}."
        raise ValidationError({name: message for name in unknown})


def _filtered(request: HttpRequest, filters: ActionFilters) -> ActionQuerySet:
    today = timezone.localdate()
    actions = actions_for_user(caller(request))
    if filters.overdue is True:
        actions = actions.overdue(today)
    elif filters.overdue is False:
        actions = actions.exclude(Q(status__in=OPEN) & Q(due__lt=today))
    if filters.status:
        actions = actions.in_state(filters.status, today)
    if filters.agency:
        actions = actions.filter(lead_agency_id=_agency_filter(request, filters.agency))
    if filters.source:
        actions = actions.filter(recommendation__case__pathway__in=source_pathways(filters.source))
    return actions.order_by("due", "pk")


def _action_for_user(request: HttpRequest, pk: int) -> Action:
    """404 for an action the caller may not see (same rules as the tracker's pages)."""
    action = (
        actions_for_user(caller(request))
        .filter(pk=pk)
        .prefetch_related("updates__author", "evidence")
        .first()
    )
    if action is None:
        raise Http404("No such action.")
    return action


@router.get(
    "",
    response=responses(list[ActionSummary], 401, 422),
    summary="List actions",
    operation_id="action_list",
    url_name="actions",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def action_list(request: HttpRequest, filters: Query[ActionFilters]) -> ActionQuerySet:
    """Every action the caller may see, soonest due first, filtered. A parameter that is
    not a filter (nor `limit` or `offset`) is refused."""
    _refuse_unknown_parameters(request)
    return _filtered(request, filters)


@router.get(
    "/{int:action_id}",
    response=responses(ActionOut, 401, 404, 422),
    summary="Read an action",
    operation_id="action_detail",
    url_name="action",
)
def action_detail(request: HttpRequest, action_id: int) -> Action:
    """One action with its updates and evidence. Each read is logged in the audit trail."""
    action = _action_for_user(request, action_id)
    record_read(action, what="action, through the API")
    return action


#: The service names evidence fields as the page's form does; here they are one list.
_EVIDENCE_FIELDS = {"evidence_description", "evidence_file", "evidence_link"}


@router.post(
    "/{int:action_id}/updates",
    response=responses(UpdateCreated, 400, 401, 403, 404, 422, created=True),
    summary="Update an action",
    operation_id="action_update",
    url_name="action_updates",
)
def action_update(request: HttpRequest, action_id: int, update: UpdateIn) -> Status[ActionUpdate]:
    """The lead agency's progress note, with any evidence links: the same rules as the
    page. Nothing is saved if any answer is refused."""
    action = _action_for_user(request, action_id)
    if not can_update_action(caller(request), action):
        raise PermissionDenied(f"Only {action.lead_agency} or the action's owner can update it.")
    try:
        saved = action_update_record(
            action=action,
            user=caller(request),
            status=update.status.value,
            note=update.note,
            evidence=[NewEvidence(e.description, link=e.url) for e in update.evidence_links],
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        errors: dict[str, list[str]] = {}
        for field, messages in error.message_dict.items():
            name = "evidence_links" if field in _EVIDENCE_FIELDS else field
            errors.setdefault(name, []).extend(messages)
        raise ValidationError(errors) from error
    return Status(201, saved)
