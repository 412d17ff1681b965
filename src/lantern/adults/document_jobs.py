"""The notice of a SAR's delay, written in the background (lantern.documents.jobs): the
reasons and recipients are recorded in the request; the DOCX and PDF are kept as the
case's documents by the job, for whoever may write the notice (the page's own rule)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from lantern.documents.jobs import CASE_DOCUMENTS, Builder, Report, job_request, register
from lantern.documents.models import Document, DocumentJob
from lantern.workflow.access import get_case_for_page

from . import delay
from .models import Sar


def _sar(user: Any, params: dict[str, Any]) -> Sar:
    case = get_case_for_page(user, params["reference"], "adults:action", what="SAR", name="delay")
    try:
        return case.sar
    except Sar.DoesNotExist:
        raise ValidationError("Commission the SAR first.") from None


def _check(user: Any, params: dict[str, Any]) -> None:
    _sar(user, params)


def _store(job: DocumentJob, report: Report) -> list[Document]:
    sar = _sar(job.requested_by, job.params)
    report("Writing the notice as DOCX and PDF", 20)
    return list(delay.notice_write(sar=sar, user=job.requested_by))


def _back(job: DocumentJob) -> tuple[str, str]:
    return reverse("adults:case", args=[job.params["reference"]]), "Back to the SAR"


NOTICE = register(
    Builder(
        name="adults.delay_notice",
        formats={CASE_DOCUMENTS: ""},
        check=_check,
        store=_store,
        back=_back,
    )
)


def notice_request(*, sar: Sar, reasons: str, recipients: str, user: Any) -> DocumentJob:
    """Record the notice (refused at once if the review is not delayed, or reasons or
    recipients are missing), then ask for it to be written."""
    with transaction.atomic():
        delay.delay_record(sar=sar, reasons=reasons, recipients=recipients)
        return job_request(
            user=user,
            builder=NOTICE,
            params={"reference": sar.case.reference},
            fmt=CASE_DOCUMENTS,
            title=delay.NOTICE_TITLE,
            case=sar.case,
        )
