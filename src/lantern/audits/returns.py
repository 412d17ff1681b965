"""Agency returns: the template sent to the agencies, the rules a return must meet, and
saving one (a draft always; a submission only when complete). A concern is escalated at
once."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.access.policy import can_act_for_agency
from lantern.accounts.models import Role, User
from lantern.agencyrequests.models import WAITING, AgencyRequest, RequestStatus
from lantern.agencyrequests.selectors import case_contacts
from lantern.agencyrequests.services import request_link, request_tell_sent, requests_send
from lantern.clock.models import CaseStep
from lantern.clock.working import partnership_working_day_problem
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
    *,
    audit: Audit,
    agency_ids: Iterable[int] = (),
    involved: Mapping[str, Iterable[int]] | None = None,
    due: datetime.date | None = None,
    sent_on: datetime.date | None = None,
    named: Mapping[int, Any] | None = None,
) -> list[AgencyRequest]:
    """Sends the audit template to the agency leads involved in the selected cases: one
    kernel request per agency (kind "audit_return") and one return per case it was
    involved in. `involved` maps each selected case to its agencies; without it every
    agency in `agency_ids` is asked about every case. The returns are due by `due`, the
    audit date unless the theme lead wants them sooner. Each agency's request goes to
    whoever the kernel finds for it (its representative on the audit, a person `named`
    for it, or its safeguarding lead, added to the audit), or the send is refused.
    Step "template-sent" done; the case moves on to the agencies' returns."""
    sent_on = sent_on or timezone.localdate()
    if audit.tool_finalised_on is None:
        raise ValidationError("Finalise the audit tool before sending the template.")
    chosen = current_draw(audit)
    if chosen is None:
        raise ValidationError("Draw the cases before sending the template.")
    if audit.returns.exists():
        raise ValidationError("The template has already been sent.")
    if involved is None:
        involved = {reference: list(agency_ids) for reference in chosen.selected}
    pairs = _involvement(chosen.selected, involved)
    audit_on = CaseStep.objects.get(case=audit.case, pathway="macfa", step_id="audit").due
    latest = max(audit_on, sent_on)
    due = due or latest
    if due > latest:
        raise ValidationError(
            {"due": f"The returns are due by the audit ({audit_on:%-d %B %Y}) at the latest."}
        )
    # One transaction: the requests never stand without their returns.
    with transaction.atomic():
        requests = requests_send(
            case=audit.case,
            agency_ids={agency_id for _reference, agency_id in pairs},
            kind="audit_return",
            title=TEMPLATE_TITLE,
            instructions=TEMPLATE_INSTRUCTIONS,
            due=due,
            sent_on=sent_on,
            named=named,
        )
        by_agency = {request.agency_id: request for request in requests}
        for reference, agency_id in pairs:
            request = by_agency[agency_id]
            AuditReturn.objects.create(
                audit=audit, case_reference=reference, agency=request.agency, request=request
            )
        step_happened(audit, "template-sent", sent_on)
        stage_reach(audit, "returns")
    return requests


def return_add(
    *,
    audit: Audit,
    case_reference: str,
    agency_id: int,
    due: datetime.date | None = None,
    named: Mapping[int, Any] | None = None,
    sent_on: datetime.date | None = None,
) -> AgencyRequest:
    """Asks one more agency about one selected case after the template went out. An
    agency already asked gets one more return on its request (answered again if it had
    been); another gets its own request through the kernel, with the same title and
    instructions, due with the others unless `due` says otherwise. Returns the request,
    whose `asked` are the people asked."""
    sent_on = sent_on or timezone.localdate()
    chosen = current_draw(audit)
    if not audit.returns.exists() or chosen is None:
        raise ValidationError("Send the template before adding an agency to the returns.")
    if audit.case.stage not in ("returns", "audit"):
        raise ValidationError("The audit is past its returns: no agency can be added now.")
    errors: dict[str, str] = {}
    if case_reference not in chosen.selected:
        errors["case_reference"] = "Choose one of the selected cases."
    elif audit.returns.filter(case_reference=case_reference, agency_id=agency_id).exists():
        errors["agency"] = f"That agency already has a return for case {case_reference}."
    if due is not None and due < sent_on:
        errors["due"] = "The due date must be today or later."
    elif due is not None and (
        problem := partnership_working_day_problem(audit.case.partnership_id, due)
    ):
        errors["due"] = problem  # as requests_send checks a new request's due date
    if errors:
        raise ValidationError(errors)
    requests = AgencyRequest.objects.filter(case=audit.case, kind="audit_return")
    request = requests.filter(agency_id=agency_id).select_related("case", "agency").first()
    existing = request is not None
    with transaction.atomic():
        if request is None:
            latest = requests.order_by("-due").first()
            due = due or (latest.due if latest and latest.due >= sent_on else None)
            if due is None:
                raise ValidationError({"due": "The other returns were due already: give a date."})
            [request] = requests_send(
                case=audit.case,
                agency_ids=[agency_id],
                kind="audit_return",
                title=TEMPLATE_TITLE,
                instructions=TEMPLATE_INSTRUCTIONS,
                due=due,
                sent_on=sent_on,
                named=named,
            )
        else:
            if request.status not in WAITING:
                request.status = RequestStatus.IN_PROGRESS  # a new case to answer
            if due is not None:
                request.due = due
            request.save()
            asked = list(request.recipients.order_by("full_name"))
            request.asked = asked  # type: ignore[attr-defined]
        AuditReturn.objects.create(
            audit=audit, case_reference=case_reference, agency=request.agency, request=request
        )
    if existing:
        request_tell_sent(request)  # a new request has been e-mailed by requests_send
    return request


def _involvement(
    selected: list[str], involved: Mapping[str, Iterable[int]]
) -> list[tuple[str, int]]:
    """(case, agency) pairs, in the draw's order; every selected case needs an agency."""
    unknown = sorted(set(involved) - set(selected))
    if unknown:
        raise ValidationError(f"{', '.join(unknown)} is not one of the selected cases.")
    pairs = []
    errors = {}
    for index, reference in enumerate(selected):
        ids = sorted(set(involved.get(reference, ())))
        if not ids:
            errors[case_field(index)] = f"Choose the agencies involved in case {reference}."
        pairs += [(reference, agency_id) for agency_id in ids]
    if errors:
        raise ValidationError(errors)
    return pairs


def case_field(index: int) -> str:
    """The send form's field for the agencies involved in the index-th selected case."""
    return f"case_{index}"


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
    """Saves a return. What the agency typed is always kept as a draft, even when the
    submission is refused question by question, so nothing is lost to a mistake. A new
    concern with its details is e-mailed at once to the Business Manager(s) and the theme
    lead, and the time recorded on the return, whether or not the rest is complete."""
    case = ret.audit.case
    if not can_act_for_agency(user, case, ret.agency_id):
        raise PermissionDenied("Only the agency's representative or the case managers answer.")
    if ret.status == ReturnStatus.SUBMITTED:
        raise ValidationError("This return has been submitted and can no longer change.")
    questions = list(ret.audit.questions.all())
    known = {str(q.pk) for q in questions}
    ret.answers = {k: v.strip() for k, v in answers.items() if k in known}
    ret.impact = impact.strip()
    problems: dict[str, str] = {}
    if concern and not concern_details.strip():
        problems["concern_details"] = "Describe the immediate safeguarding concern."
    if submit:
        problems.update(return_problems(questions, ret.answers, ret.impact))
    # A concern without its details cannot be escalated: it waits for them.
    concern = concern and bool(concern_details.strip())
    escalate = concern and ret.concern_escalated_at is None
    ret.concern = concern or ret.concern_escalated_at is not None
    ret.concern_details = concern_details.strip() or ret.concern_details
    submitted = submit and not problems
    now = timezone.now()
    with transaction.atomic():
        if escalate:
            ret.concern_escalated_at = now
        if submitted:
            ret.status, ret.submitted_at, ret.submitted_by = ReturnStatus.SUBMITTED, now, user
        ret.save()
    if escalate:
        _escalate(ret)
    if problems:
        raise ValidationError(problems)
    if submitted and ret.request_id:
        _request_complete(ret.request_id, user, ret.audit)
    return ret


def _request_complete(request_id: int, user: Any, audit: Audit) -> None:
    """The agency's request is answered once every one of its returns is submitted; the
    case's leads and the theme lead are told, as for any other request."""
    if AuditReturn.objects.filter(request_id=request_id, status=ReturnStatus.DRAFT).exists():
        return
    request = AgencyRequest.objects.select_related("case", "agency").get(pk=request_id)
    if request.status not in WAITING:
        return
    with transaction.atomic():
        request.status = RequestStatus.SUBMITTED
        request.submitted_by = user
        request.submitted_at = timezone.now()
        request.save()
    notify(
        to=[*case_contacts([request.case_id])[request.case_id].leads, audit.theme_lead],
        subject=f"{request.agency} has submitted {request.title}: {request.case.reference}",
        template="agencyrequests/email/submitted.txt",
        context={"request": request, "link": request_link(request)},
        case=request.case,
        kind="request_submitted",
    )
