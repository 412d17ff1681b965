"""The Home Office Quality Assurance Panel's rounds, and publication after acceptance."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.children.cspr import document_text
from lantern.children.publication import identifying_details

from .models import Dhr, HomeOfficeSubmission, Response
from .services import set_stage


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
    if latest is not None and latest.response == Response.ACCEPTED:
        raise ValidationError("The panel has already accepted the report.")
    if latest is not None and latest.report_id == dhr.overview_report_id:
        raise ValidationError(
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
        set_stage(dhr.case, "home-office")
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
        set_stage(dhr.case, "publication" if response == Response.ACCEPTED else "review")
    return submission


def dhr_publish(*, dhr: Dhr, on: datetime.date, url: str) -> Dhr:
    """Publication only after the Home Office panel accepted the report, and never while
    the report still identifies the person who died."""
    latest = latest_submission(dhr)
    if latest is None or latest.response != Response.ACCEPTED:
        raise ValidationError(
            "The Home Office Quality Assurance Panel must accept the report before it is published."
        )
    problems: dict[str, str] = {}
    assert latest.responded_on is not None
    if on > timezone.localdate():
        problems["on"] = "The date of publication cannot be in the future."
    elif on < latest.responded_on:
        problems["on"] = "Publication cannot come before the panel accepted the report."
    if not url.strip():
        problems["url"] = "Enter the link to the published report."
    if problems:
        raise ValidationError(problems)
    report = dhr.overview_report
    if not _is_version_of(report, latest.report_id):
        raise ValidationError(
            "Publish the report the panel accepted, or a later version of it: choose it as "
            "the overview report."
        )
    subject = dhr.case.subject
    assert subject is not None
    found = identifying_details(
        document_text(report),
        full_name=subject.full_name,
        date_of_birth=subject.date_of_birth,
        address=subject.address,
    )
    if found:
        listed = "; ".join(f"{_about_victim(f.what)} (“{f.found}”)" for f in found)
        raise ValidationError(
            f"The report still names the person who died: {listed}. Replace them with a "
            "pseudonym and upload the report again as a new version."
        )
    dhr.published_on = on
    dhr.publication_url = url.strip()
    with transaction.atomic():
        dhr.save()
        set_stage(dhr.case, "closed")
    return dhr


def _about_victim(what: str) -> str:
    return what.replace("the child's", "the victim's")


def _is_version_of(document: Any, accepted_id: int) -> bool:
    while document is not None:
        if document.pk == accepted_id:
            return True
        document = document.supersedes
    return False
