"""The Child Safeguarding Practice Review that a rapid review decided on."""

import datetime
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.clock.models import CaseStep
from lantern.clock.services import case_schedule, step_extend

from .models import Cspr, RapidReview
from .outcome import rapid_review_decision
from .publication import identifying_details
from .services import set_stage, step_happened

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
    if on < decision.decided_on or on > timezone.localdate():
        raise ValidationError({"commissioned_on": "Enter a date between the decision and today."})
    case = review.case
    with transaction.atomic():
        cspr = Cspr.objects.create(
            case=case, commissioned_on=on, terms_of_reference=terms_of_reference_draft(review)
        )
        case.pathway = "cspr"
        case.save(update_fields=["pathway"])
        set_stage(case, "commissioning")
        case_schedule(case=case, pathway="cspr", start=decision.decided_on)
    return cspr


def cspr_update(*, cspr: Cspr, **fields: str) -> Cspr:
    unknown = set(fields) - set(CSPR_FIELDS)
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(cspr, name, value.strip())
    with transaction.atomic():
        cspr.save()
        if cspr.case.stage == "commissioning" and cspr.terms_of_reference and cspr.methodology:
            set_stage(cspr.case, "review")
    return cspr


def publication_plan(*, cspr: Cspr, planned: datetime.date, reason: str) -> None:
    """Agreeing the publication date moves the 7-working-day step before it too."""
    step = CaseStep.objects.get(case=cspr.case, pathway="cspr", step_id="publication")
    step_extend(step=step, new_due=planned, reason=reason or "Publication date agreed.")


def document_text(document: Any) -> str:
    data = document.file.open("rb").read()
    name = document.filename.lower()
    if name.endswith(".docx"):
        from docx import Document as Docx

        parts = Docx(io.BytesIO(data))
        return "\n".join(p.text for p in parts.paragraphs) + "\n".join(
            cell.text for table in parts.tables for row in table.rows for cell in row.cells
        )
    if name.endswith(".pdf"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if name.endswith((".txt", ".csv")):
        return data.decode("utf-8", errors="replace")
    raise ValidationError(
        "Lantern can check only DOCX, PDF or text reports for the child's details. "
        "Upload the final report in one of those formats."
    )


def final_report_set(*, cspr: Cspr, document: Any, on: datetime.date | None = None) -> Cspr:
    if document.case_id != cspr.case_id:
        raise ValidationError("Choose a document of this review.")
    if document.is_draft:
        raise ValidationError("A draft cannot be the final report.")
    cspr.final_report = document
    with transaction.atomic():
        cspr.save()
        step_happened(cspr.case, "complete", on or timezone.localdate())
        set_stage(cspr.case, "report")
    return cspr


def final_report_sent(*, cspr: Cspr, on: datetime.date) -> Cspr:
    if cspr.final_report is None:
        raise ValidationError("Choose the final report first.")
    if on > timezone.localdate():
        raise ValidationError({"sent_on": "The date it was sent cannot be in the future."})
    cspr.final_report_sent_on = on
    with transaction.atomic():
        cspr.save()
        step_happened(cspr.case, "final-report-sent", on)
    return cspr


def publish(*, cspr: Cspr, on: datetime.date, url: str) -> Cspr:
    """Publication is refused while the report still names the child (WT2023 asks for
    publication in full, as far as possible, and never of the child's identity)."""
    errors: list[str] = []
    if cspr.final_report is None:
        errors.append("Choose the final report first.")
    if cspr.final_report_sent_on is None:
        errors.append(
            "Send the final report to the National Panel and the Secretary of State at least "
            "7 working days before publication, and record it."
        )
    elif on < cspr.final_report_sent_on:
        errors.append("Publication cannot come before the report was sent to the National Panel.")
    if errors:
        raise ValidationError(errors)
    subject = cspr.case.subject
    found = identifying_details(
        document_text(cspr.final_report),
        full_name=subject.full_name,
        date_of_birth=subject.date_of_birth,
        address=subject.address,
    )
    if found:
        listed = "; ".join(f"{f.what} (“{f.found}”)" for f in found)
        raise ValidationError(
            f"The report still names the child: {listed}. Replace them with the pseudonym "
            f"“{cspr.case.pseudonym or 'Child A'}” and upload the report again."
        )
    cspr.published_on = on
    cspr.publication_url = url
    with transaction.atomic():
        cspr.save()
        step_happened(cspr.case, "publication", on)
        set_stage(cspr.case, "publication")
    return cspr
