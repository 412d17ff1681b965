"""Agency returns: the template sent to the agencies, the rules a return must meet, and
saving one (a draft always; a submission only when complete). A concern is escalated at
once."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.access.policy import can_act_for_agency
from lantern.accounts.models import Role, User
from lantern.agencyrequests.models import AgencyRequest, RequestStatus
from lantern.agencyrequests.services import requests_send
from lantern.clock.models import CaseStep
from lantern.notifications.services import notify

from .models import Audit, AuditReturn, Grade, Question, QuestionKind, ReturnStatus
from .selection import current_draw
from .services import stage_reach, step_happened

NO_INFORMATION = "No information available"
_BARE = {"yes", "no", "y", "n"}

TEMPLATE_TITLE = "Multi-agency case file audit return"
TEMPLATE_INSTRUCTIONS = (
    "Please answer the audit questions for each selected case from your agency's records "
    'only. Leave nothing blank: if your agency has nothing, write "No information '
    'available". Give evidence of the impact of your interventions on outcomes, and record '
    "at once any immediate safeguarding concern you find."
)


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def return_problems(
    questions: Iterable[Question], answers: dict[str, str], impact: str
) -> dict[str, str]:
    """What stops a return being submitted, by field ("q<id>" or "impact")."""
    problems: dict[str, str] = {}
    for question in questions:
        answer = (answers.get(str(question.pk)) or "").strip()
        name = field_name(question)
        if not answer:
            problems[name] = (
                f"Answer question {question.order}. If your agency has nothing, "
                f'write "{NO_INFORMATION}".'
            )
        elif question.kind == QuestionKind.OPEN and answer.lower().rstrip(".! ") in _BARE:
            problems[name] = (
                f"Question {question.order} is an open question: explain your answer, "
                "not just yes or no."
            )
        elif question.kind == QuestionKind.YES_NO and answer not in ("yes", "no", NO_INFORMATION):
            problems[name] = f"Answer question {question.order} yes or no."
        elif question.kind == QuestionKind.GRADED and answer not in [*Grade.values, NO_INFORMATION]:
            problems[name] = f"Choose a grade for question {question.order}."
    if not impact.strip():
        problems["impact"] = "Give evidence of the impact of your agency's interventions."
    return problems


def template_send(
    *, audit: Audit, agency_ids: Iterable[int], sent_on: datetime.date | None = None
) -> list[AgencyRequest]:
    """Sends the audit template to each agency (a kernel request, kind "audit_return") and
    opens a return for each selected case and agency. Step "template-sent" done; the
    case moves on to the agencies' returns."""
    sent_on = sent_on or timezone.localdate()
    if audit.tool_finalised_on is None:
        raise ValidationError("Finalise the audit tool before sending the template.")
    chosen = current_draw(audit)
    if chosen is None:
        raise ValidationError("Draw the cases before sending the template.")
    if audit.returns.exists():
        raise ValidationError("The template has already been sent.")
    due = CaseStep.objects.get(case=audit.case, pathway="macfa", step_id="audit").due
    requests = requests_send(
        case=audit.case,
        agency_ids=agency_ids,
        kind="audit_return",
        title=TEMPLATE_TITLE,
        instructions=TEMPLATE_INSTRUCTIONS,
        due=max(due, sent_on),
        sent_on=sent_on,
    )
    with transaction.atomic():
        for request in requests:
            for reference in chosen.selected:
                AuditReturn.objects.create(
                    audit=audit, case_reference=reference, agency=request.agency, request=request
                )
        step_happened(audit, "template-sent", sent_on)
        stage_reach(audit, "returns")
    return requests


def _escalate(ret: AuditReturn) -> None:
    audit = ret.audit
    managers = list(
        User.objects.filter(
            partnership_id=audit.case.partnership_id,
            is_active=True,
            role_assignments__role=Role.BUSINESS_MANAGER,
        ).distinct()
    )
    notify(
        to=[*managers, audit.theme_lead],
        subject=f"Immediate safeguarding concern: audit {audit.case.reference}",
        template="audits/email/concern.txt",
        context={"ret": ret, "audit": audit},
        case=audit.case,
        kind="audit_concern",
    )


def return_save(
    *,
    ret: AuditReturn,
    user: Any,
    answers: dict[str, str],
    impact: str,
    concern: bool,
    concern_details: str,
    submit: bool,
) -> AuditReturn:
    """Saves a return. A draft is always kept; a submission is refused, question by
    question, until the return is complete. A new concern is e-mailed at once to the
    Business Manager(s) and the theme lead, and the time recorded on the return."""
    case = ret.audit.case
    if not can_act_for_agency(user, case, ret.agency_id):
        raise PermissionDenied("Only the agency's representative or the case managers answer.")
    if ret.status == ReturnStatus.SUBMITTED:
        raise ValidationError("This return has been submitted and can no longer change.")
    if concern and not concern_details.strip():
        raise ValidationError({"concern_details": "Describe the immediate safeguarding concern."})
    questions = list(ret.audit.questions.all())
    known = {str(q.pk) for q in questions}
    ret.answers = {k: v.strip() for k, v in answers.items() if k in known}
    ret.impact = impact.strip()
    if submit:
        problems = return_problems(questions, ret.answers, ret.impact)
        if problems:
            raise ValidationError(problems)
    escalate = concern and ret.concern_escalated_at is None
    ret.concern = concern or ret.concern_escalated_at is not None
    ret.concern_details = concern_details.strip() or ret.concern_details
    now = timezone.now()
    with transaction.atomic():
        if escalate:
            ret.concern_escalated_at = now
        if submit:
            ret.status, ret.submitted_at, ret.submitted_by = ReturnStatus.SUBMITTED, now, user
        ret.save()
        if submit and ret.request_id:
            waiting = AuditReturn.objects.filter(request_id=ret.request_id, status="draft")
            if not waiting.exists():
                AgencyRequest.objects.filter(pk=ret.request_id).update(
                    status=RequestStatus.SUBMITTED, submitted_at=now
                )
    if escalate:
        _escalate(ret)
    return ret
