"""What the audit found: findings with recommendations under them, good practice
acknowledged via the senior management team, and ratification of the findings, first by
the children's partnership group (DSCPG, a children's audit) or the Safeguarding Adults
Board (adults'), then by the Executive. Once the first has ratified, the findings and
recommendations no longer change.

The findings and recommendations are the action tracker's, on the audit's case: they are
written through lantern.actions.services (which also runs the recommendation quality
prompt), so the action plan is built under them in the tracker without a copy. The rules
here are the audit's own: who leads it, the lock after ratification, and its order."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.actions.models import Finding, Recommendation
from lantern.actions.selectors import recommendations_for_case
from lantern.actions.services import finding_create, recommendation_create
from lantern.partnerships.models import Agency, Group, GroupKind

from .access import check_lead
from .grading import check_not_ratified
from .models import Audit, AuditKind, GoodPractice, Ratification, RatifyingBody

#: Who ratifies first, by the kind of audit.
FIRST_RATIFIER = {
    AuditKind.CHILDREN: (GroupKind.CHILDRENS_GROUP, "the children's partnership group (DSCPG)"),
    AuditKind.ADULTS: (GroupKind.SAB, "the Safeguarding Adults Board"),
}


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


@dataclass(frozen=True)
class AuditLearning:
    """The audit's findings, each with its recommendations (their actions prefetched), and
    any recommendation made on the audit's case in the tracker without a finding."""

    findings: list[tuple[Finding, list[Recommendation]]]
    unlinked: list[Recommendation]


def audit_learning(audit: Audit) -> AuditLearning:
    """Five queries at most, however many there are: the recommendations (owner, group and
    finding joined), their actions, the actions' lead agencies and owners (each only when
    there is something to fetch), and the findings."""
    case = audit.case
    by_finding: dict[int | None, list[Recommendation]] = {}
    for recommendation in recommendations_for_case(case):
        recommendation.case = case  # for its label, without a query each
        by_finding.setdefault(recommendation.finding_id, []).append(recommendation)
    findings = [(f, by_finding.get(f.pk, [])) for f in Finding.objects.filter(case=case)]
    return AuditLearning(findings, by_finding.get(None, []))


def has_findings(audit: Audit) -> bool:
    return Finding.objects.filter(case_id=audit.case_id).exists()


def finding_add(*, audit: Audit, text: str, user: Any) -> Finding:
    check_lead(user, audit)
    check_not_ratified(audit)
    return finding_create(case=audit.case, text=text, user=user)


def recommendation_add(
    *,
    audit: Audit,
    finding: Finding,
    text: str,
    owner: Any,
    monitoring_group: Group | None,
    impact_measure: str,
    impact_review_on: datetime.date | None,
    user: Any,
    keep_as_written: bool = False,
) -> Recommendation:
    """A recommendation under one of the audit's findings, with what the action tracker
    needs to follow it up. The tracker's quality prompt may send it back with advice on
    "text", unless the theme lead keeps it as written."""
    check_lead(user, audit)
    check_not_ratified(audit)
    return recommendation_create(
        case=audit.case,
        finding=finding,
        text=text,
        owner=owner,
        monitoring_group=monitoring_group,
        impact_measure=impact_measure,
        impact_review_on=impact_review_on,
        user=user,
        keep_as_written=keep_as_written,
    )


def good_practice_add(*, audit: Audit, text: str, agency: Agency | None, user: Any) -> GoodPractice:
    check_lead(user, audit)
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = "Describe the good practice."
    if agency is not None and agency.partnership_id != audit.case.partnership_id:
        errors["agency"] = "Choose an agency of this partnership."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return GoodPractice.objects.create(audit=audit, text=text.strip(), agency=agency)


def good_practice_acknowledge(
    *,
    practice: GoodPractice,
    acknowledged_to: str,
    acknowledged_on: datetime.date | None,
    user: Any,
) -> GoodPractice:
    """Records to whom in the senior management team the practice was acknowledged, and
    when."""
    check_lead(user, practice.audit)
    errors: dict[str, str] = {}
    if not acknowledged_to.strip():
        errors["acknowledged_to"] = "Enter who it was acknowledged to."
    if acknowledged_on is None:
        errors["acknowledged_on"] = "Enter the date it was acknowledged."
    elif acknowledged_on > timezone.localdate():
        errors["acknowledged_on"] = "The date it was acknowledged can't be in the future."
    if errors:
        raise ValidationError(errors)
    practice.acknowledged_to = acknowledged_to.strip()
    practice.acknowledged_on = acknowledged_on
    with transaction.atomic():
        practice.save(update_fields=["acknowledged_to", "acknowledged_on"])
    return practice


def ratification_record(
    *,
    audit: Audit,
    group: Group | None,
    ratified_on: datetime.date | None,
    note: str,
    user: Any,
) -> Ratification:
    """The findings ratified by a group: the DSCPG or SAB (by the audit's kind) first,
    then the Executive. Never the Executive first, and never one group twice."""
    check_lead(user, audit)
    first_kind, first_name = FIRST_RATIFIER[AuditKind(audit.kind)]
    done = {r.body: r for r in audit.ratifications.select_related("group")}
    errors: dict[str, Any] = {}
    if not has_findings(audit):
        errors["__all__"] = "Record the findings before they are ratified."
    elif not audit.judgement:
        errors["__all__"] = "Moderate the audit's overall judgement before the findings go on."
    body = None
    if group is None or group.partnership_id != audit.case.partnership_id:
        errors["group"] = "Choose the group that ratified the findings."
    elif group.kind == GroupKind.EXECUTIVE:
        body = RatifyingBody.EXECUTIVE
        if RatifyingBody.BOARD not in done:
            errors["group"] = f"The findings go to the Executive after {first_name} ratifies them."
    elif group.kind == first_kind:
        body = RatifyingBody.BOARD
    else:
        errors["group"] = f"This audit's findings are ratified by {first_name}, then the Executive."
    if body is not None and body in done:
        earlier = done[body]
        errors["group"] = f"{earlier.group} ratified the findings on {_day(earlier.ratified_on)}."
    if ratified_on is None:
        errors["ratified_on"] = "Enter the date the findings were ratified."
    elif ratified_on > timezone.localdate():
        errors["ratified_on"] = "The date of ratification can't be in the future."
    elif body == RatifyingBody.EXECUTIVE and RatifyingBody.BOARD in done:
        board = done[RatifyingBody.BOARD]
        if ratified_on < board.ratified_on:
            errors["ratified_on"] = (
                f"The Executive ratifies on or after {board.group} did ({_day(board.ratified_on)})."
            )
    if errors:
        raise ValidationError(errors)
    assert body is not None and group is not None and ratified_on is not None
    with transaction.atomic():
        return Ratification.objects.create(
            audit=audit,
            body=body,
            group=group,
            ratified_on=ratified_on,
            note=note.strip(),
            recorded_by=user,
        )


def is_ratified(audit: Audit) -> bool:
    """Ratified by the Executive: the last step, after which the report is final."""
    return audit.ratifications.filter(body=RatifyingBody.EXECUTIVE).exists()
