"""Cases, under the same permission policy as the case pages."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import ConfigDict

from lantern.access.policy import case_access
from lantern.cases.access import get_case_for_user, get_rw_case_for_user
from lantern.cases.models import Case
from lantern.cases.selectors import cases_for_user
from lantern.cases.services import case_update

from ..auth import caller
from ..errors import responses

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
    access: str = Field(description="What the caller may do: read, contribute or manage.")

    @staticmethod
    def resolve_access(case: Case, context: dict[str, Any]) -> str:
        return case_access(caller(context["request"]), case).name.lower()


class CaseChanges(Schema):
    """The fields to change; those left out stay as they are."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # Strings, never null; None only stands for "not sent" and is never passed on.
    title: str = Field(  # type: ignore[assignment]
        None, max_length=200, description="A working title that names no one."
    )
    pseudonym: str = Field(  # type: ignore[assignment]
        None, max_length=50, description='How the subject is named if published, e.g. "Child A".'
    )


@router.get(
    "",
    response=responses(list[CaseSummary], 401),
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
    response=responses(CaseOut, 401, 404),
    summary="Read a case",
    operation_id="case_detail",
    url_name="case",
)
def case_detail(request: HttpRequest, reference: str) -> Case:
    """One case. Each read is logged in the audit trail."""
    return get_case_for_user(caller(request), reference)


@router.patch(
    "/{reference}",
    response=responses(CaseOut, 401, 403, 404, 422),
    summary="Change a case",
    operation_id="case_update",
    url_name="case",
)
def case_change(request: HttpRequest, reference: str, changes: CaseChanges) -> Case:
    """Change a case's title or pseudonym. Needs the right to change the case."""
    case = get_rw_case_for_user(caller(request), reference)
    return case_update(case=case, **changes.model_dump(exclude_unset=True))
