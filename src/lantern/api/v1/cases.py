"""Cases, under the same permission policy as the case pages."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import ConfigDict

from lantern.access.policy import case_access
from lantern.cases.access import get_case_for_user, get_rw_case_for_user
from lantern.cases.models import Case
from lantern.cases.selectors import cases_for_user
from lantern.cases.services import case_update
from lantern.web.versioning import EditConflict

from ..auth import caller
from ..errors import responses
from ..patterns import VISIBLE

router = Router(tags=["Cases"])

MAX_PAGE = 500


class CaseSummary(Schema):
    """A case as lists show it. Never the subject's name."""

    reference: str
    title: str
    pathway: str
    stage: str
    status: str
    opened_on: date


class CaseOut(CaseSummary):
    pseudonym: str
    confidentiality: str
    closed_on: date | None
    version: int = Field(
        description="Bumped by each change. Send it back (as `version` or `If-Match`) with a "
        "change, and the change is refused with 409 if someone changed the case since."
    )
    access: str = Field(description="What the caller may do: read, contribute or manage.")

    @staticmethod
    def resolve_access(case: Case, context: dict[str, Any]) -> str:
        return case_access(caller(context["request"]), case).name.lower()


class CaseChanges(Schema):
    """The fields to change; those left out stay as they are."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # Strings, never null; None only stands for "not sent" and is never passed on.
    title: str = Field(  # type: ignore[assignment]
        None,
        min_length=1,
        max_length=200,
        pattern=VISIBLE,  # a case has a title: blank is a 422 the schema foretells
        description="A working title that names no one.",
    )
    pseudonym: str = Field(  # type: ignore[assignment]
        None, max_length=50, description='How the subject is named if published, e.g. "Child A".'
    )
    version: int = Field(  # type: ignore[assignment]
        None,
        ge=1,
        le=2_147_483_647,  # a database integer: larger is no version, and a 422
        description="The case's version the change was made from (from a read). Optional: "
        "with it (or an If-Match header), a change made since is never overwritten.",
    )


class ConflictingField(Schema):
    field: str
    theirs: Any = Field(description="What is stored now.")
    yours: Any = Field(description="What this request sent.")


class Conflict(Schema):
    """409: the case changed since the version sent. Nothing was saved."""

    detail: str
    version: int | None = Field(description="The case's version now; null if it was deleted.")
    conflicts: list[ConflictingField]


@router.get(
    "",
    response=responses(list[CaseSummary], 401, 422),
    summary="List cases",
    operation_id="case_list",
    url_name="cases",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def case_list(request: HttpRequest) -> QuerySet[Case]:
    """Every case the caller may read, newest first."""
    return cases_for_user(caller(request))


@router.get(
    "/{reference}",
    response=responses(CaseOut, 401, 404, 422),
    summary="Read a case",
    operation_id="case_detail",
    url_name="case",
)
def case_detail(request: HttpRequest, reference: str) -> Case:
    """One case. Each read is logged in the audit trail."""
    return get_case_for_user(caller(request), reference)


def _if_match(request: HttpRequest) -> int | None:
    """The version in an If-Match header: 3, "3" or W/"3"."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return None
    text = header.removeprefix("W/").strip('"')
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise ValidationError(
            [{"loc": ("header", "If-Match"), "msg": "If-Match must be a case's version."}]
        )
    return int(text)


@router.patch(
    "/{reference}",
    response={**responses(CaseOut, 400, 401, 403, 404, 422), 409: Conflict},
    summary="Change a case",
    operation_id="case_update",
    url_name="case",
    openapi_extra={
        "parameters": [
            {
                "in": "header",
                "name": "If-Match",
                "required": False,
                # What _if_match takes: 3, "3" or W/"3" (anything else is a 422).
                "schema": {"type": "string", "pattern": r'^\s*(W/)?"?[0-9]{1,9}"?\s*$'},
                "description": "The case's version the change was made from, as `version`: "
                '3, "3" or W/"3".',
            }
        ]
    },
)
def case_change(request: HttpRequest, reference: str, changes: CaseChanges) -> Case | Status:
    """Change a case's title or pseudonym. Needs the right to change the case. With a
    version (in the body or If-Match), a change made by someone else since that version
    is never overwritten: the answer is 409 with what they changed, and nothing is saved
    (issue 12, item 12)."""
    case = get_rw_case_for_user(caller(request), reference)
    fields = changes.model_dump(exclude_unset=True)
    version = fields.pop("version", None)
    header = _if_match(request)
    if version is not None and header is not None and version != header:
        raise ValidationError(
            [{"loc": ("header", "If-Match"), "msg": "If-Match and version differ."}]
        )
    try:
        return case_update(case=case, version=version or header, **fields)
    except EditConflict as conflict:
        detail = (
            "The case was changed since the version sent, so nothing was saved: 'conflicts' "
            "lists what is stored now against what you sent."
            if conflict.record is not None
            else conflict.message
        )
        return Status(
            409,
            {
                "detail": detail,
                "version": conflict.version,
                "conflicts": [
                    {"field": c.name, "theirs": c.theirs, "yours": c.yours}
                    for c in conflict.changes
                ],
            },
        )
