"""The Home Office Quality Assurance Panel's rounds, and publication after acceptance."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.workflow.publication import report_publish
from lantern.workflow.services import stage_set, step_record

from .models import Dhr, HomeOfficeSubmission, Response


def latest_submission(dhr: Dhr) -> HomeOfficeSubmission | None:
    return dhr.submissions.order_by("-round").first()


def submission_add(*, dhr: Dhr, submitted_on: datetime.date) -> HomeOfficeSubmission:
    """Sends the current overview report to the panel. A report the panel asked to be
    resubmitted goes again only as a new version."""
    if dhr.overview_report is None:
        raise ValidationError("Choose the overview report before submitting it.")
    latest = latest_submission(dhr)
    if latest is not None and latest.response == Response.PENDING:
        raise ValidationError("The panel has not answered the last submission yet.")
    if (
        latest is not None
        and latest.response == Response.ACCEPTED
        and latest.report_id == dhr.overview_report_id
    ):
        raise ValidationError("The panel has already accepted this version of the report.")
    if latest is not None and latest.report_id == dhr.overview_report_id:
        raise ValidationError(  # the panel asked for it to be revised
            "The panel asked for this report to be revised. Upload the revised report as a "
            "new version and choose it as the overview report first."
        )
    if submitted_on > timezone.localdate():
        raise ValidationError({"submitted_on": "The date it was sent cannot be in the future."})
    if latest is not None and latest.responded_on and submitted_on < latest.responded_on:
        raise ValidationError(
            {"submitted_on": "A resubmission cannot come before the panel's last response."}
        )
    with transaction.atomic():
        submission = HomeOfficeSubmission.objects.create(
            dhr=dhr,
            round=(latest.round + 1) if latest else 1,
            report=dhr.overview_report,
            submitted_on=submitted_on,
        )
        step_record(case=dhr.case, step_id="submit", on=submitted_on, check=False)
    return submission


def submission_respond(
    *, dhr: Dhr, response: str, feedback: str, responded_on: datetime.date
) -> HomeOfficeSubmission:
    """The panel's answer to the latest submission: accepted, or resubmit with feedback."""
    submission = latest_submission(dhr)
    if submission is None or submission.response != Response.PENDING:
        raise ValidationError("There is no submission waiting for the panel's response.")
    problems: dict[str, str] = {}
    if response not in (Response.ACCEPTED, Response.RESUBMIT):
        problems["response"] = "Choose the panel's response."
    if response == Response.RESUBMIT and not feedback.strip():
        problems["feedback"] = "Enter the panel's feedback, so the chair can revise the report."
    if responded_on > timezone.localdate():
        problems["responded_on"] = "The date of the response cannot be in the future."
    elif responded_on < submission.submitted_on:
        problems["responded_on"] = "The panel cannot have answered before the report was sent."
    if problems:
        raise ValidationError(problems)
    submission.response = response
    submission.feedback = feedback.strip()
    submission.responded_on = responded_on
    with transaction.atomic():
        submission.save()
        stage_set(case=dhr.case, stage="publication" if response == Response.ACCEPTED else "review")
    return submission


def dhr_publish(*, dhr: Dhr, on: datetime.date, url: str, user: Any = None) -> Dhr:
    """Publication only of the exact version the Home Office Quality Assurance Panel
    accepted (a later version goes back to the panel first), and never while the report
    still identifies the person who died: the kernel's publication service."""
    return report_publish(
        record=dhr, document=dhr.overview_report, step_id="publication", on=on, url=url, user=user
    )
