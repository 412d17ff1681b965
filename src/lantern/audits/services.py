"""Writes for an audit and its tool. Each validates first, then writes in one transaction."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lantern.cases.models import Capacity, CaseMembership
from lantern.cases.services import case_open
from lantern.clock.models import CaseStep
from lantern.clock.services import case_schedule, step_done
from lantern.clock.working import partnership_working_day_problem
from lantern.partnerships.models import GroupKind, Partnership

from .models import Audit, AuditKind, Question, QuestionKind


def step_happened(audit: Audit, step_id: str, on: datetime.date) -> None:
    step = CaseStep.objects.filter(case=audit.case, pathway="macfa", step_id=step_id).first()
    if step is not None and step.done_on is None:
        step_done(step=step, on=on)


def stage_reach(audit: Audit, stage: str) -> None:
    """Moves the case on to `stage` (preparation → returns → audit → report → closed),
    never back: a late step of an earlier stage leaves the case where it is."""
    case = audit.case
    order = [key for key, _label in case.pathway_def.stages]
    current = order.index(case.stage) if case.stage in order else -1
    if order.index(stage) > current:
        case.stage = stage
        case.save(update_fields=["stage"])


def audit_open(
    *,
    partnership: Partnership,
    theme: str,
    theme_lead: Any,
    scope: str,
    kind: str,
    qap_meeting_on: datetime.date,
    qap_group: Any = None,
    cases_to_draw: int = 4,
    opened_on: datetime.date | None = None,
) -> Audit:
    """Opens a "macfa" case for the theme (no subject: an audit is about several cases),
    names the theme lead on it and counts the timetable back from the QA&P meeting.
    `opened_on` records an audit that was opened earlier (today by default)."""
    today = timezone.localdate()
    opened_on = opened_on or today
    errors: dict[str, str] = {}
    if not theme.strip():
        errors["theme"] = "Enter the theme of the audit."
    if not scope.strip():
        errors["scope"] = "Enter the scope agreed for the audit."
    if kind not in AuditKind.values:
        errors["kind"] = "Say whether the audit is of children's or adults' cases."
    if theme_lead is None or theme_lead.partnership_id != partnership.pk:
        errors["theme_lead"] = "Choose a theme lead of this partnership."
    if qap_group is not None and (
        qap_group.partnership_id != partnership.pk or qap_group.kind != GroupKind.QAP
    ):
        errors["qap_group"] = "Choose this partnership's QA&P sub-group."
    if opened_on > today:
        errors["opened_on"] = "An audit cannot be opened in the future."
    elif qap_meeting_on < opened_on:
        errors["qap_meeting_on"] = "The QA&P meeting must be today or later."
    elif problem := partnership_working_day_problem(partnership.pk, qap_meeting_on):
        # The timetable counts back from it in working days; a meeting on a Saturday
        # would be a typing slip that moves every step.
        errors["qap_meeting_on"] = problem
    if not 1 <= cases_to_draw <= 20:
        errors["cases_to_draw"] = "Draw between 1 and 20 cases."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = case_open(
            partnership=partnership, pathway="macfa", title=theme.strip(), opened_on=opened_on
        )
        audit = Audit.objects.create(
            case=case,
            theme=theme.strip(),
            theme_lead=theme_lead,
            scope=scope.strip(),
            kind=kind,
            qap_group=qap_group,
            qap_meeting_on=qap_meeting_on,
            cases_to_draw=cases_to_draw,
        )
        CaseMembership.objects.create(case=case, person=theme_lead, capacity=Capacity.THEME_LEAD)
        case_schedule(case=case, pathway="macfa", start=qap_meeting_on)
    return audit


def _check_open_tool(audit: Audit) -> None:
    if audit.tool_finalised_on is not None:
        raise ValidationError("The audit tool is finalised: its questions can no longer change.")


def question_add(*, audit: Audit, text: str, kind: str, guidance: str = "") -> Question:
    _check_open_tool(audit)
    errors = {}
    if not text.strip():
        errors["text"] = "Enter the question."
    if kind not in QuestionKind.values:
        errors["kind"] = "Choose the kind of question."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        last = audit.questions.aggregate(last=Max("order"))["last"] or 0
        return Question.objects.create(
            audit=audit, order=last + 1, text=text.strip(), kind=kind, guidance=guidance.strip()
        )


def question_remove(*, question: Question) -> None:
    _check_open_tool(question.audit)
    with transaction.atomic():
        audit = question.audit
        question.delete()
        for order, q in enumerate(audit.questions.order_by("order"), start=1):
            if q.order != order:
                Question.objects.filter(pk=q.pk).update(order=order)


def tool_copy(*, audit: Audit, source: Audit) -> list[Question]:
    """Starts the tool from an earlier audit's questions, in the same order."""
    _check_open_tool(audit)
    if source.case.partnership_id != audit.case.partnership_id or source.pk == audit.pk:
        raise ValidationError({"source": "Choose an earlier audit of this partnership."})
    if audit.questions.exists():
        raise ValidationError(
            {"source": "This tool already has questions: copy into an empty tool."}
        )
    if not source.questions.exists():
        raise ValidationError({"source": "That audit's tool has no questions to copy."})
    with transaction.atomic():
        return [
            Question.objects.create(
                audit=audit, order=q.order, text=q.text, kind=q.kind, guidance=q.guidance
            )
            for q in source.questions.order_by("order")
        ]


def tool_finalise(*, audit: Audit, on: datetime.date | None = None) -> Audit:
    """The tool is fixed: the same questions go to every agency. Step "tool-devised" done."""
    on = on or timezone.localdate()
    _check_open_tool(audit)
    if not audit.questions.exists():
        raise ValidationError("Add at least one question before finalising the tool.")
    with transaction.atomic():
        audit.tool_finalised_on = on
        audit.save(update_fields=["tool_finalised_on"])
        step_happened(audit, "tool-devised", on)
    return audit
