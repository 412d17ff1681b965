"""Grades and moderation: the theme lead (or the Business Unit) grades each agency's work
on each selected case, moderates an overall judgement for the case, then one for the
audit as a whole. Grades follow Ofsted's four. Once the findings are ratified, the
grades that support them no longer change."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.cases.models import Case

from .access import check_lead
from .models import Audit, AuditReturn, CaseJudgement, Grade, Ratification, ReturnStatus
from .selection import current_draw

OVERALL = "Overall (moderated, one per case)"


RATIFIED = "The findings have been ratified: the audit's record is closed."


def check_not_ratified(audit: Audit) -> None:
    if audit.ratifications.exists():
        raise ValidationError(RATIFIED)


def learning_closed(case: Case) -> str:
    """For the action tracker: no new finding or recommendation once ratified."""
    return RATIFIED if Ratification.objects.filter(audit__case=case).exists() else ""


def selected_references(audit: Audit) -> list[str]:
    chosen = current_draw(audit)
    return list(chosen.selected) if chosen else []


def case_moderate(
    *,
    audit: Audit,
    case_reference: str,
    grades: dict[int, str],
    judgement: str,
    note: str,
    user: Any,
) -> CaseJudgement:
    """Grades each agency's return on one case (by return id) and records the case's
    moderated overall judgement with its note. Every return must be in first."""
    check_lead(user, audit)
    check_not_ratified(audit)
    if case_reference not in selected_references(audit):
        raise ValidationError(f"{case_reference} is not one of the cases selected for this audit.")
    returns = list(audit.returns.filter(case_reference=case_reference).select_related("agency"))
    if not returns:
        raise ValidationError("The audit template has not been sent for this case.")
    late = [str(r.agency) for r in returns if r.status != ReturnStatus.SUBMITTED]
    if late:
        raise ValidationError(
            f"Grade {case_reference} once every return is in: still waiting for {', '.join(late)}."
        )
    errors: dict[str, str] = {}
    for ret in returns:
        if grades.get(ret.pk) not in Grade.values:
            errors[f"return_{ret.pk}"] = f"Choose a grade for {ret.agency}."
    if judgement not in Grade.values:
        errors["judgement"] = f"Choose the overall judgement for {case_reference}."
    if not note.strip():
        errors["note"] = "Enter the moderation note: how the overall judgement was reached."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        for ret in returns:
            if ret.grade != grades[ret.pk]:
                ret.grade, ret.graded_by, ret.graded_at = grades[ret.pk], user, now
                ret.save(update_fields=["grade", "graded_by", "graded_at"])
        judged, _created = CaseJudgement.objects.update_or_create(
            audit=audit,
            case_reference=case_reference,
            defaults={
                "grade": judgement,
                "note": note.strip(),
                "moderated_by": user,
                "moderated_at": now,
            },
        )
    return judged


def audit_judge(*, audit: Audit, judgement: str, note: str, user: Any) -> Audit:
    """The moderated judgement of the audit as a whole, once every case has its own."""
    check_lead(user, audit)
    check_not_ratified(audit)
    judged = set(audit.judgements.values_list("case_reference", flat=True))
    waiting = [ref for ref in selected_references(audit) if ref not in judged]
    errors: dict[str, Any] = {}
    if not judged or waiting:
        errors["__all__"] = "Moderate every selected case before the audit as a whole" + (
            f": still to do {', '.join(waiting)}." if waiting else "."
        )
    if judgement not in Grade.values:
        errors["judgement"] = "Choose the overall judgement for the audit."
    if not note.strip():
        errors["note"] = "Enter the moderation note: how the overall judgement was reached."
    if errors:
        raise ValidationError(errors)
    audit.judgement, audit.judgement_note = judgement, note.strip()
    audit.judged_by, audit.judged_at = user, timezone.now()
    with transaction.atomic():
        audit.save(update_fields=["judgement", "judgement_note", "judged_by", "judged_at"])
    return audit


@dataclass(frozen=True)
class GradeRow:
    name: str
    counts: list[int]  # one a grade, in Grade's order

    @property
    def total(self) -> int:
        return sum(self.counts)


def _row(name: str, grades: list[str]) -> GradeRow:
    counted = Counter(grades)
    return GradeRow(name, [counted[grade] for grade in Grade.values])


def grade_rows(
    returns: list[AuditReturn], judgements: list[CaseJudgement]
) -> tuple[list[GradeRow], GradeRow, GradeRow]:
    """Counts per grade: one row an agency (from its graded returns), all agencies
    together, and the moderated judgements of the cases."""
    by_agency: dict[str, list[str]] = {}
    for ret in returns:
        if ret.grade:
            by_agency.setdefault(str(ret.agency), []).append(ret.grade)
    agencies = [_row(name, grades) for name, grades in sorted(by_agency.items())]
    every = _row("All agencies", [r.grade for r in returns if r.grade])
    overall = _row(OVERALL, [j.grade for j in judgements])
    return agencies, every, overall


def grade_chart(agencies: list[GradeRow], overall: GradeRow) -> dict[str, Any]:
    """The keyword arguments of lantern.documents.charts' bar charts for these counts."""
    # Agencies along the axis and one series a grade: four colours however many agencies.
    rows = [*agencies, overall]
    return {
        "title": "Grades by agency, and the moderated judgements",
        "labels": [row.name for row in rows],
        "series": [
            (label, [row.counts[index] for row in rows]) for index, label in enumerate(Grade.labels)
        ],
    }
