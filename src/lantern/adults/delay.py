"""A SAR that will take longer than six months: the adult or their advocate (and others)
are told in writing, with the reasons, and kept updated (domain.md, "Adults")."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.clock.models import CaseStep
from lantern.documents.services import document_generate

from .models import Sar
from .review import add_months

#: The steps whose dates say when the review will be finished.
FINISHING = ["draft-report", "sar-committee", "sab-signoff"]
UPDATE_EVERY = datetime.timedelta(weeks=4)
NOTICE_TITLE = "Notice of delay to the Safeguarding Adult Review"


def six_months(sar: Sar) -> datetime.date:
    return add_months(sar.commissioned_on, 6)


def forecast(sar: Sar) -> datetime.date | None:
    """When the review will be signed off, on the timetable as it stands (with extensions)."""
    dates = [
        s.done_on or s.due
        for s in CaseStep.objects.filter(case=sar.case, pathway="sar", step_id__in=FINISHING)
    ]
    return max(dates) if dates else None


def is_delayed(sar: Sar) -> bool:
    expected = forecast(sar)
    return expected is not None and expected > six_months(sar)


def notice_sections(sar: Sar, reasons: str, recipients: str) -> list[tuple[str, str]]:
    expected = forecast(sar)
    return [
        ("To", recipients),
        (
            "The review",
            f"The Safeguarding Adult Review {sar.case.reference} was commissioned on "
            f"{sar.commissioned_on:%-d %B %Y}. Reviews aim to finish within six months, "
            f"by {six_months(sar):%-d %B %Y}.",
        ),
        ("Why it will take longer", reasons),
        (
            "When we now expect it to finish",
            f"{expected:%-d %B %Y}." if expected else "Not yet known.",
        ),
        (
            "Keeping you informed",
            "We will write to you again at least every four weeks until the review is complete.",
        ),
    ]


def delay_record(*, sar: Sar, reasons: str, recipients: str) -> Sar:
    """Records the notice: its reasons, who it goes to, and when the next update is due.
    The notice itself is written by `notice_write` (in a job: lantern.adults.document_jobs)."""
    problems = {}
    if not is_delayed(sar):
        problems["__all__"] = "The review is forecast to finish within six months."
    if not reasons.strip():
        problems["reasons"] = "Enter the reasons the review will take longer than six months."
    if not recipients.strip():
        problems["recipients"] = "Enter who the notice goes to (the adult or their advocate)."
    if problems:
        raise ValidationError(problems)
    today = timezone.localdate()
    sar.delay_reasons, sar.delay_recipients = reasons.strip(), recipients.strip()
    sar.delay_notice_on, sar.next_update_due = today, today + UPDATE_EVERY
    with transaction.atomic():
        sar.save()
    return sar


def notice_write(*, sar: Sar, user: Any) -> tuple[Any, Any]:
    """Writes the recorded notice as DOCX and PDF, each the next version of the last."""
    if sar.delay_notice_on is None:
        raise ValidationError("Record the reasons for the delay first.")
    return document_generate(
        case=sar.case,
        title=NOTICE_TITLE,
        kind="notice",
        sections=notice_sections(sar, sar.delay_reasons, sar.delay_recipients),
        user=user,
        draft=False,
    )


def delay_notice(*, sar: Sar, reasons: str, recipients: str, user: Any) -> tuple[Any, Any]:
    """Records the notice and writes it (DOCX and PDF) at once: the demo's way; pages ask
    for it through a job (lantern.adults.document_jobs)."""
    with transaction.atomic():
        delay_record(sar=sar, reasons=reasons, recipients=recipients)
        return notice_write(sar=sar, user=user)


def delay_update_sent(*, sar: Sar, on: datetime.date) -> Sar:
    """An update went to the adult or advocate: the next one is due four weeks later."""
    if sar.delay_notice_on is None:
        raise ValidationError("Send the notice of delay first.")
    if on > timezone.localdate() or on < sar.delay_notice_on:
        raise ValidationError({"on": "Enter a date between the notice and today."})
    sar.next_update_due = on + UPDATE_EVERY
    with transaction.atomic():
        sar.save()
    return sar
