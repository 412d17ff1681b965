"""Requests answered on a page of their own, not by the request page's return form.

An audit return is answered question by question for each selected case, on the audit's
return pages; an action update is progress and evidence, on the action's "Record
progress" page. Those pages mark the request answered. This app names them by URL only:
the audits and actions apps build on it, so it does not import them at load time.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse

from .models import AgencyRequest, RequestKind

if TYPE_CHECKING:
    from lantern.audits.models import AuditReturn


@dataclass(frozen=True)
class AnsweredElsewhere:
    refusal: str  # why the request page's form refuses it
    page: Callable[[AgencyRequest], str | None]  # the path of the page where it is answered
    # Opens the answer again on its own page when the request is sent back.
    reopen: Callable[[AgencyRequest], None] | None = None


def _audit(request: AgencyRequest) -> str:
    return reverse("audits:audit", kwargs={"reference": request.case.reference})


def _progress(request: AgencyRequest) -> str | None:
    return (
        reverse("actions:action_progress", args=[request.action_id]) if request.action_id else None
    )


def _reopen_audit_returns(request: AgencyRequest) -> None:
    for ret in audit_returns(request):
        ret.status, ret.submitted_at, ret.submitted_by = "draft", None, None
        ret.save()


ANSWERED_ELSEWHERE: dict[str, AnsweredElsewhere] = {
    RequestKind.AUDIT_RETURN: AnsweredElsewhere(
        "An audit return is answered on the audit's return page for each case, not here.",
        _audit,
        reopen=_reopen_audit_returns,
    ),
    RequestKind.ACTION_UPDATE: AnsweredElsewhere(
        "An action update is recorded on the action's “Record progress” page, not here.",
        _progress,
    ),
}


def answer_page(request: AgencyRequest) -> str | None:
    """The path of the page where the agency answers, when it is not the request page."""
    elsewhere = ANSWERED_ELSEWHERE.get(request.kind)
    return elsewhere.page(request) if elsewhere else None


def audit_returns(request: AgencyRequest) -> list["AuditReturn"]:
    """The agency's returns, one per selected case, that answer an audit-return request."""
    from lantern.audits.models import AuditReturn  # the audits app builds on this one

    return list(AuditReturn.objects.filter(request=request).order_by("case_reference"))
