"""The learning shared after an audit: a summary that may be flagged for publication
(never while it names a case audited), and the lunchtime seminars and briefings that
fed it back."""

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.learning.sources import library_sync_audit_summary

from .access import check_lead
from .findings import is_ratified
from .grading import selected_references
from .models import Audit, Seminar


def references_in(text: str, references: list[str]) -> list[str]:
    """The case references that appear in `text`, whole (C-1 is not found in C-10),
    whatever their case."""
    found = []
    for reference in references:
        pattern = rf"(?<![\w-]){re.escape(reference)}(?![\w-])"
        if re.search(pattern, text, flags=re.IGNORECASE):
            found.append(reference)
    return found


def learning_summary_save(*, audit: Audit, text: str, flagged: bool, user: Any) -> Audit:
    """Saves the learning summary. Flagging it for publication is refused while it names
    any case audited, and until the Executive has ratified the findings."""
    check_lead(user, audit)
    text = text.strip()
    errors: dict[str, str] = {}
    if flagged:
        named = references_in(text, selected_references(audit))
        if not text:
            errors["text"] = "Enter the learning summary before flagging it for publication."
        elif named:
            errors["text"] = (
                f"The summary names {', '.join(named)}: remove every case reference "
                "before flagging it for publication."
            )
        if not is_ratified(audit):
            errors["flagged"] = (
                "Learning is flagged for publication once the Executive has ratified the findings."
            )
    if errors:
        raise ValidationError(errors)
    audit.learning_summary, audit.learning_flagged_for_publication = text, flagged
    with transaction.atomic():
        audit.save(update_fields=["learning_summary", "learning_flagged_for_publication"])
        library_sync_audit_summary(audit)  # issue 14: the summary is in the learning library
    return audit


def seminar_record(
    *,
    audit: Audit,
    held_on: datetime.date | None,
    title: str,
    audience: str,
    attended_count: int | None,
    user: Any,
) -> Seminar:
    """A seminar or briefing held to feed the learning back."""
    check_lead(user, audit)
    errors: dict[str, str] = {}
    if held_on is None:
        errors["held_on"] = "Enter the date of the seminar or briefing."
    elif held_on > timezone.localdate():
        errors["held_on"] = "Record a seminar or briefing once it has been held."
    if not title.strip():
        errors["title"] = "Enter the title of the seminar or briefing."
    if not audience.strip():
        errors["audience"] = "Enter who it was for."
    if attended_count is None or attended_count < 0:
        errors["attended_count"] = "Enter how many attended, as a number."
    if errors:
        raise ValidationError(errors)
    assert held_on is not None and attended_count is not None
    with transaction.atomic():
        return Seminar.objects.create(
            audit=audit,
            held_on=held_on,
            title=title.strip(),
            audience=audience.strip(),
            attended_count=attended_count,
        )
