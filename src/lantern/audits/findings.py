"""What the audit found: findings with recommendations under them, good practice
acknowledged via the senior management team, and ratification of the findings, first by
the children's partnership group (DSCPG, a children's audit) or the Safeguarding Adults
Board (adults'), then by the Executive. Once the first has ratified, the findings and
recommendations no longer change."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lantern.partnerships.models import Agency, Group, GroupKind

from .access import check_lead
from .grading import check_not_ratified
from .models import (
    Audit,
    AuditKind,
    Finding,
    GoodPractice,
    Ratification,
    RatifyingBody,
    Recommendation,
)

#: Who ratifies first, by the kind of audit.
FIRST_RATIFIER = {
    AuditKind.CHILDREN: (GroupKind.CHILDRENS_GROUP, "the children's partnership group (DSCPG)"),
    AuditKind.ADULTS: (GroupKind.SAB, "the Safeguarding Adults Board"),
}


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def finding_add(*, audit: Audit, text: str, user: Any) -> Finding:
    check_lead(user, audit)
    check_not_ratified(audit)
    if not text.strip():
        raise ValidationError({"text": "Enter the finding."})
    with transaction.atomic():
        last = audit.findings.aggregate(last=Max("number"))["last"] or 0
        return Finding.objects.create(audit=audit, number=last + 1, text=text.strip())


def recommendation_add(
    *,
    finding: Finding,
    text: str,
    owner: Any,
    monitoring_group: Group | None,
    impact_measure: str,
    impact_review_on: datetime.date | None,
    user: Any,
) -> Recommendation:
    """A recommendation under a finding, with what the action tracker will need."""
    audit = finding.audit
    check_lead(user, audit)
    check_not_ratified(audit)
    partnership_id = audit.case.partnership_id
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = "Enter the recommendation."
    if owner is None or owner.partnership_id != partnership_id or not owner.is_active:
        errors["owner"] = "Choose the person answerable for this recommendation."
    if monitoring_group is None or monitoring_group.partnership_id != partnership_id:
        errors["monitoring_group"] = "Choose the group of this partnership that will monitor it."
    if not impact_measure.strip():
        errors["impact_measure"] = "Describe how the group will know it has made a difference."
    if impact_review_on is None:
        errors["impact_review_on"] = "Enter the date the impact will be reviewed."
    elif impact_review_on <= timezone.localdate():
        errors["impact_review_on"] = "The impact review date must be in the future."
    if errors:
        raise ValidationError(errors)
    assert monitoring_group is not None and impact_review_on is not None
    with transaction.atomic():
        last = Recommendation.objects.filter(finding__audit=audit).aggregate(n=Max("number"))["n"]
        return Recommendation.objects.create(
            finding=finding,
            number=(last or 0) + 1,
            text=text.strip(),
            owner=owner,
            monitoring_group=monitoring_group,
            impact_measure=impact_measure.strip(),
            impact_review_on=impact_review_on,
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
    if not audit.findings.exists():
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


def action_plan_items(audit: Audit) -> list[tuple[Recommendation, dict[str, Any]]]:
    """Each recommendation not yet in the action tracker, with the keyword arguments of
    lantern.actions.services.recommendation_create for it (all but `user` and the
    tracker's own `finding`)."""
    recommendations = Recommendation.objects.filter(
        finding__audit=audit, tracker_recommendation_id__isnull=True
    ).select_related("finding", "owner", "monitoring_group")
    return [
        (
            r,
            {
                "case": audit.case,
                "text": r.text,
                "monitoring_group": r.monitoring_group,
                "owner": r.owner,
                "impact_measure": r.impact_measure,
                "impact_review_on": r.impact_review_on,
            },
        )
        for r in recommendations
    ]
