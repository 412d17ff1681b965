"""The completed Rapid Review template, written in the background (lantern.documents.jobs):
its DOCX and PDF are kept as the case's documents, as when they were written in the
request, by whoever may change the case."""

from typing import Any

from django.urls import reverse

from lantern.cases.access import get_rw_case_for_user
from lantern.documents.jobs import CASE_DOCUMENTS, Builder, Report, job_request, register
from lantern.documents.models import Document, DocumentJob

from . import outcome
from .models import RapidReview
from .views import _review


def _reviewed(user: Any, params: dict[str, Any]) -> RapidReview:
    return _review(get_rw_case_for_user(user, params["reference"]))


def _check(user: Any, params: dict[str, Any]) -> None:
    _reviewed(user, params)


def _store(job: DocumentJob, report: Report) -> list[Document]:
    review = _reviewed(job.requested_by, job.params)
    report("Writing the template as DOCX and PDF", 20)
    return list(outcome.template_generate(review=review, user=job.requested_by))


def _back(job: DocumentJob) -> tuple[str, str]:
    return reverse("children:review", args=[job.params["reference"]]), "Back to the review"


TEMPLATE = register(
    Builder(
        name="children.rapid_review_template",
        formats={CASE_DOCUMENTS: ""},
        check=_check,
        store=_store,
        back=_back,
    )
)


def template_request(*, review: RapidReview, user: Any) -> DocumentJob:
    """Ask for the template (refused at once if the meeting's decision is not recorded)."""
    outcome.template_check(review)
    return job_request(
        user=user,
        builder=TEMPLATE,
        params={"reference": review.case.reference},
        fmt=CASE_DOCUMENTS,
        title=outcome.TEMPLATE_TITLE,
        case=review.case,
    )
