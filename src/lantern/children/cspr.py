"""The Child Safeguarding Practice Review that a rapid review decided on."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.clock.models import CaseStep
from lantern.clock.services import case_schedule, step_extend
from lantern.web.versioning import save_versioned
from lantern.workflow.publication import final_report_problems, report_publish
from lantern.workflow.services import stage_set, step_check, step_record

from .models import Cspr, RapidReview
from .outcome import rapid_review_decision

CSPR_FIELDS = [
    "methodology",
    "terms_of_reference",
    "practitioner_involvement",
    "family_involvement",
]


def terms_of_reference_draft(review: RapidReview) -> str:
    """A first draft of the terms of reference, from what the rapid review found."""
    decision = rapid_review_decision(review)
    agencies = ", ".join(a.name for a in review.involved_agencies.all())
    return (
        "Purpose: to learn how agencies worked together to safeguard "
        f"{review.case.pseudonym or 'the child'}.\n"
        f"Agencies in scope: {agencies}.\n"
        f"What the rapid review found: {decision.rationale if decision else ''}\n"
        "Questions for the review: to be agreed with the reviewer."
    )


def cspr_open(*, review: RapidReview, on: datetime.date) -> Cspr:
    decision = rapid_review_decision(review)
    if decision is None or decision.kind != "cspr":
        raise ValidationError("Only a rapid review that decided on a local CSPR can open one.")
    if hasattr(review.case, "cspr"):
        raise ValidationError("This CSPR is already open.")
    if on > timezone.localdate():
        raise ValidationError({"commissioned_on": "The date cannot be in the future."})
    step_check(review.case, "cspr-opened", on=on)  # after the rapid review meeting decided
    case = review.case
    with transaction.atomic():
        cspr = Cspr.objects.create(
            case=case, commissioned_on=on, terms_of_reference=terms_of_reference_draft(review)
        )
        case.pathway = "cspr"
        case.save(update_fields=["pathway"])
        stage_set(case=case, stage="commissioning")
        case_schedule(case=case, pathway="cspr", start=decision.decided_on)
    return cspr


def cspr_update(
    *,
    cspr: Cspr,
    version: int | None = None,
    seen: dict[str, str] | None = None,
    **fields: str,
) -> Cspr:
    """Change the review's plan. Made from an older `version`, it raises
    lantern.web.versioning.EditConflict and saves nothing (issue 12, item 12)."""
    unknown = set(fields) - set(CSPR_FIELDS)
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(cspr, name, value.strip())
    with transaction.atomic():
        save_versioned(cspr, list(fields), version=version, seen=seen)
        if cspr.case.stage == "commissioning" and cspr.terms_of_reference and cspr.methodology:
            stage_set(case=cspr.case, stage="review")
    return cspr


def publication_plan(*, cspr: Cspr, planned: datetime.date, reason: str) -> None:
    """Agreeing the publication date moves the 7-working-day step before it too."""
    step = CaseStep.objects.get(case=cspr.case, pathway="cspr", step_id="publication")
    step_extend(step=step, new_due=planned, reason=reason or "Publication date agreed.")


def final_report_set(*, cspr: Cspr, document: Any, on: datetime.date | None = None) -> Cspr:
    if problems := final_report_problems(document, cspr.case):
        raise ValidationError(problems)
    cspr.final_report = document
    with transaction.atomic():
        cspr.save()
        step_record(case=cspr.case, step_id="complete", on=on or timezone.localdate())
    return cspr


def final_report_sent(*, cspr: Cspr, on: datetime.date) -> Cspr:
    if on > timezone.localdate():
        raise ValidationError({"sent_on": "The date it was sent cannot be in the future."})
    step_check(cspr.case, "final-report-sent", on=on)
    cspr.final_report_sent_on = on
    with transaction.atomic():
        cspr.save()
        step_record(case=cspr.case, step_id="final-report-sent", on=on, check=False)
    return cspr


def publish(*, cspr: Cspr, on: datetime.date, url: str, user: Any = None) -> Cspr:
    """Publication: at least 7 working days after the final report went to the National
    Panel and the Secretary of State (WT2023), and never while the report names the child
    (the kernel's publication service checks both)."""
    return report_publish(
        record=cspr, document=cspr.final_report, step_id="publication", on=on, url=url, user=user
    )
