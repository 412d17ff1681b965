"""Seven-minute briefings and the record of learning disseminated (issue 14, "Briefings").

A seven-minute briefing is drafted from a review's or audit's own records: its findings
(lantern.actions.models.Finding) are "What we learned", its recommendations "What to do
differently", and each recommendation becomes a question for teams. It names the subject
by the case's pseudonym only: nothing is read from the subject or a referral's account
(which may name people). Once drafted, it is a Publication of kind "briefing" like any
other: edited, checked, submitted, approved and published by the same services.

A lunchtime seminar or briefing delivered is a `Dissemination` (date, audience, agencies,
number attending, optionally the publication it presented): the evidence the partnership
shows that its learning reached practitioners.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.access.policy import can_draft_publications, same_partnership
from lantern.cases.models import TITLE_PATHWAY_NAMES, Case
from lantern.partnerships.models import Agency, Partnership
from lantern.web.text import clean_text

from . import services
from .models import Dissemination, DisseminationKind, Kind, Publication
from .text import plain_sections

#: The four sections of a seven-minute briefing, in order.
SECTIONS = ("What happened", "What we learned", "What to do differently", "Questions for teams")
#: More people than any seminar holds: a figure above this is a typing slip.
MOST_ATTENDING = 5000
#: How far back a delivery may be recorded.
EARLIEST = datetime.date(2000, 1, 1)


#: Small numbers in words, as GOV.UK's style has them.
_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _count(number: int, noun: str) -> str:
    said = _WORDS[number] if number < len(_WORDS) else str(number)
    return f"{said} {noun}{'' if number == 1 else 's'}"


def _question(recommendation: str) -> str:
    """A prompt for a team meeting, made from one recommendation."""
    text = recommendation.strip().rstrip(".")
    if text and not text[1:2].isupper():  # "MARAC referrals…" keeps its capitals
        text = text[0].lower() + text[1:]
    return f"What would it take in our team to make sure that {text}?"


def briefing_content(case: Case) -> dict[str, Any]:
    """The draft's fields, made from the case's findings and recommendations."""
    from lantern.actions.models import Finding, Recommendation

    findings = list(
        Finding.objects.filter(case=case).order_by("number").values_list("text", flat=True)
    )
    recommendations = list(
        Recommendation.objects.filter(case=case).order_by("number").values_list("text", flat=True)
    )
    pathway = TITLE_PATHWAY_NAMES.get(case.pathway, case.pathway_def.name)
    who = case.pseudonym.strip()
    about = f"the {pathway} about {who}" if who else f"the {pathway} “{case.title}”"
    happened = [
        f"This briefing shares the learning from {about}: "
        f"{_count(len(findings), 'finding')} and {_count(len(recommendations), 'recommendation')}."
    ]
    audit = getattr(case, "macfa", None)
    if audit is not None and audit.learning_summary.strip():
        happened.append(audit.learning_summary.strip())

    def bullets(items: list[str], none: str) -> str:
        return "\n".join(f"- {' '.join(item.split())}" for item in items) if items else none

    body = "\n\n".join(
        [
            f"## {SECTIONS[0]}",
            "\n\n".join(happened),
            f"## {SECTIONS[1]}",
            bullets(findings, "No findings are recorded yet."),
            f"## {SECTIONS[2]}",
            bullets(recommendations, "No recommendations are recorded yet."),
            f"## {SECTIONS[3]}",
            bullets(
                [_question(r) for r in recommendations]
                + ["What one thing will you do differently after reading this briefing?"],
                "",
            ),
        ]
    )
    title_who = who or case.title or case.reference
    return {
        "kind": Kind.BRIEFING,
        "case": case,
        "title": f"Seven-minute briefing: {title_who}",
        "pseudonym": who,
        "summary": (
            f"A seven-minute briefing on {about}: what happened, what we learned, "
            "what to do differently, and questions for teams."
        ),
        "body": body,
        "key_findings": findings,
    }


def briefing_draft(*, case: Case, user: Any) -> Publication:
    """A new draft briefing on the case, for the Business Unit or the L&I sub-group to
    edit, submit and have approved."""
    if not (same_partnership(user, case) and can_draft_publications(user)):
        raise PermissionDenied(
            "Only the Business Unit and the Learning and Improvement sub-group draft briefings."
        )
    publication = services.publication_create(
        partnership=case.partnership, user=user, **briefing_content(case)
    )
    publication.note = (
        "Lantern drafted this from the case's findings and recommendations. Add a short "
        "account of what happened, naming the subject only by the pseudonym, before you "
        "submit it."
    )
    publication.save(update_fields=["note"])
    return publication


def document_sections(publication: Publication) -> list[tuple[str, str]]:
    """The publication as (heading, text) sections for lantern.documents.generate."""
    sections = [("Summary", publication.summary)]
    for heading, text in plain_sections(publication.body):
        sections.append((heading or "Briefing", text))
    return sections


# Dissemination -------------------------------------------------------------------------------


def _text(value: str, field: str, label: str, errors: dict[str, str], limit: int) -> str:
    value = (value or "").strip()
    if clean_text(value) != value:
        errors[field] = f"{label} must not contain control characters."
    elif not value:
        errors[field] = f"Enter {label.lower()}."
    elif len(value) > limit:
        errors[field] = f"{label} must be {limit} characters or fewer."
    return value


def dissemination_record(
    *,
    partnership: Partnership,
    user: Any,
    kind: str,
    delivered_on: datetime.date | None,
    title: str,
    audience: str,
    attendance: int | None,
    agencies: list[Agency] | None = None,
    publication: Publication | None = None,
) -> Dissemination:
    """Records a seminar or briefing delivered. Validates everything first; writes
    nothing unless all of it is right."""
    if not (user.partnership_id == partnership.pk and can_draft_publications(user)):
        raise PermissionDenied(
            "Only the Business Unit and the Learning and Improvement sub-group record this."
        )
    errors: dict[str, str] = {}
    if kind not in DisseminationKind.values:
        errors["kind"] = "Choose whether it was a seminar or a briefing."
    title = _text(title, "title", "What it was about", errors, 200)
    audience = _text(audience, "audience", "The audience", errors, 200)
    today = timezone.localdate()
    if not isinstance(delivered_on, datetime.date):
        errors["delivered_on"] = "Enter the date it was delivered."
    elif delivered_on > today:
        errors["delivered_on"] = "The date it was delivered must be today or in the past."
    elif delivered_on < EARLIEST:
        errors["delivered_on"] = f"The date it was delivered must be after {EARLIEST:%Y}."
    if isinstance(attendance, bool) or not isinstance(attendance, int):
        errors["attendance"] = "Enter how many attended, as a whole number."
    elif attendance < 0:
        errors["attendance"] = "The number attending cannot be negative."
    elif attendance > MOST_ATTENDING:
        errors["attendance"] = f"The number attending must be {MOST_ATTENDING:,} or fewer."
    agencies = list(agencies or [])
    if any(agency.partnership_id != partnership.pk for agency in agencies):
        errors["agencies"] = "Choose agencies of this partnership."
    if publication is not None and publication.partnership_id != partnership.pk:
        errors["publication"] = "Choose a publication of this partnership."
    if errors or delivered_on is None or attendance is None:
        raise ValidationError(errors)
    with transaction.atomic():
        record = Dissemination.objects.create(
            partnership=partnership,
            kind=kind,
            delivered_on=delivered_on,
            title=title,
            audience=audience,
            attendance=attendance,
            publication=publication,
            created_by=user,
        )
        record.agencies.set(agencies)
    return record
