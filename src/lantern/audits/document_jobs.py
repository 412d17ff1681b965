"""The audit's report, written in the background (lantern.documents.jobs): its DOCX and
PDF are kept as the audit's documents, as when they were written in the request, by the
audit's lead (check_lead) alone."""

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse

from lantern.documents.jobs import CASE_DOCUMENTS, Builder, Report, job_request, register
from lantern.documents.models import Document, DocumentJob

from . import report
from .access import check_lead, get_led_audit_for_user
from .findings import has_findings
from .models import Audit


def _led(user: Any, params: dict[str, Any]) -> Audit:
    audit = get_led_audit_for_user(user, params["reference"])
    check_lead(user, audit)
    return audit


def _check(user: Any, params: dict[str, Any]) -> None:
    _led(user, params)


def _store(job: DocumentJob, progress: Report) -> list[Document]:
    audit = _led(job.requested_by, job.params)
    progress("Counting the grades and writing the report as DOCX and PDF", 20)
    return report.report_generate(audit=audit, user=job.requested_by)


def _back(job: DocumentJob) -> tuple[str, str]:
    return reverse("audits:report", args=[job.params["reference"]]), "Back to the report"


REPORT = register(
    Builder(
        name="audits.report",
        formats={CASE_DOCUMENTS: ""},
        check=_check,
        store=_store,
        back=_back,
    )
)


def report_request(*, audit: Audit, user: Any) -> DocumentJob:
    """Ask for the report (refused at once while there are no findings to report)."""
    check_lead(user, audit)
    if not has_findings(audit):
        raise ValidationError("Record the findings before generating the report.")
    return job_request(
        user=user,
        builder=REPORT,
        params={"reference": audit.case.reference},
        fmt=CASE_DOCUMENTS,
        title=report.REPORT_TITLE,
        case=audit.case,
    )
