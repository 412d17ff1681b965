"""Answering a survey through its signed link, and the survey timescales.

A link is refused, with a page that says why, when it is not one of ours or its key is
not the invitation's ("bad"), when it was answered ("used"), when it has closed
("expired"), or when a reminder replaced it ("replaced"). Answering claims the invitation
with a conditional UPDATE (... WHERE answered_at IS NULL AND expires_at > now AND
key_hash = the link's) in the same transaction as the answers: two tabs, or two clicks,
cannot both answer, and a link a reminder replaced meanwhile is refused as replaced.

Where the course says its surveys are anonymous the response keeps no link to the
invitation or the booking, and no agency: only the session, the stage and the month
(its first day). The invitation records that it was answered, not when: its answered_at
is its sent_at. Nothing Lantern shows or sends then tells which invitation a response
answered (surveys.manager_due_at does not hurry an anonymous course's manager's survey).
"""

import datetime
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from lantern.audit.context import Actor, acting_as
from lantern.web.text import clean_text
from lantern.web.versioning import save_versioned

from . import links
from .models import (
    QuestionKind,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    TrainingSettings,
)

#: The longest written answer kept.
TEXT_LIMIT = 2000

BAD, USED, EXPIRED, REPLACED = "bad", "used", "expired", "replaced"


class LinkRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def invitation_for_token(token: str, *, now: datetime.datetime | None = None) -> SurveyInvitation:
    """The invitation a link is for, if it may still be answered; else LinkRefused."""
    now = now or timezone.now()
    try:
        parts = links.read_token(token)
    except links.BadLink:
        raise LinkRefused(BAD) from None
    invitation = (
        SurveyInvitation.objects.filter(pk=parts.invitation_id)
        .select_related("booking__session__course__partnership", "booking__agency")
        .first()
    )
    if invitation is None:
        raise LinkRefused(BAD)
    if not links.key_matches(parts.key, invitation.key_hash):
        # Signed by us but not the current key: the first e-mail's link after a reminder.
        raise LinkRefused(REPLACED if invitation.reminded_at is not None else BAD)
    if invitation.answered_at is not None:
        raise LinkRefused(USED)
    if invitation.expires_at <= now:
        raise LinkRefused(EXPIRED)
    return invitation


def stage_questions(invitation: SurveyInvitation) -> list[SurveyQuestion]:
    """The questions of the invitation's stage: the partnership's standard ones, then the
    course's own, each in its order; retired ones left out. Only reads: the standard set
    was made when the invitation was (surveys.py), so thirty people opening their links
    at once cannot make it thirty times."""
    course = invitation.booking.session.course
    return list(
        SurveyQuestion.objects.filter(
            Q(course=None) | Q(course=course),
            partnership_id=invitation.partnership_id,
            stage=invitation.stage,
            is_active=True,
        ).order_by(F("course_id").asc(nulls_first=True), "order", "pk")  # standard first
    )


def _checked(question: SurveyQuestion, value: Any) -> tuple[int | None, str]:
    """(number, text) for one answer; ValidationError when it is not a possible one."""
    if question.kind == QuestionKind.TEXT:
        text = "" if value is None else str(value)
        if clean_text(text) != text.replace("\r\n", "\n") or "\x00" in text:
            raise ValidationError("Your answer has characters that cannot be kept. Type it again.")
        text = text.strip()
        if len(text) > TEXT_LIMIT:
            raise ValidationError(f"Your answer must be {TEXT_LIMIT:,} characters or fewer.")
        return None, text
    allowed = range(1, 6) if question.kind == QuestionKind.SCALE else range(0, 2)
    if value in (None, ""):
        return None, ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError("Choose one of the answers.") from None
    if number not in allowed:
        raise ValidationError("Choose one of the answers.")
    return number, ""


def survey_answer(
    *, token: str, answers: dict[int, Any], now: datetime.datetime | None = None
) -> SurveyResponse:
    """Records the answers given through a link (question id -> value) and closes the
    link, in one transaction. Raises LinkRefused if the link may not be used (it was
    used meanwhile, in another tab), ValidationError (by question field "q<id>") if an
    answer is missing or impossible; nothing is written then."""
    now = now or timezone.now()
    invitation = invitation_for_token(token, now=now)
    questions = stage_questions(invitation)
    errors: dict[str, list[str]] = {}
    rows: list[tuple[SurveyQuestion, int | None, str]] = []
    for question in questions:
        try:
            number, text = _checked(question, answers.get(question.pk))
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
            continue
        if question.required and number is None and not text:
            errors[f"q{question.pk}"] = [f"Answer “{question.text}”"]
            continue
        if number is not None or text:
            rows.append((question, number, text))
    if set(answers) - {q.pk for q in questions}:
        errors.setdefault("__all__", []).append("The survey has changed: open the link again.")
    if errors:
        raise ValidationError(errors)
    session = invitation.booking.session
    anonymous = session.course.anonymous_surveys
    today = timezone.localdate(now)
    # For an anonymous course the audit trail keeps no address of the person's computer
    # next to the response it records.
    audit = acting_as(Actor(channel="web")) if anonymous else nullcontext()
    with audit, transaction.atomic():
        # For an anonymous course the invitation says that it was answered, not when
        # (its sent time stands in), so it cannot be matched to the response by time.
        answered_at = invitation.sent_at if anonymous else now
        claimed = SurveyInvitation.objects.filter(
            pk=invitation.pk, answered_at=None, expires_at__gt=now, key_hash=invitation.key_hash
        ).update(answered_at=answered_at)
        if not claimed:
            raise LinkRefused(_why_not_claimed(invitation, now))
        if not anonymous:
            # Saved again so the audit trail records the answering; not for an anonymous
            # course, where that record would sit next to the response's.
            invitation.answered_at = answered_at
            invitation.save(update_fields=["answered_at"])
        response = SurveyResponse.objects.create(
            partnership_id=invitation.partnership_id,
            session=session,
            stage=invitation.stage,
            invitation=None if anonymous else invitation,
            # Anonymous: no agency (one person from an agency on a session would be
            # named by it) and the month only.
            agency_id=None if anonymous else invitation.booking.agency_id,
            submitted_on=today.replace(day=1) if anonymous else today,
        )
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(response=response, question=question, number=number, text=text)
            for question, number, text in rows
        )
    return response


def _why_not_claimed(invitation: SurveyInvitation, now: datetime.datetime) -> str:
    """Why the claim found nothing to update, as the invitation stands now: answered (in
    another tab), replaced (a reminder gave it a new key since the link was read), or
    closed (its time ran out meanwhile)."""
    current = (
        SurveyInvitation.objects.filter(pk=invitation.pk)
        .values("answered_at", "key_hash", "expires_at")
        .first()
    )
    if current is None:
        return BAD
    if current["answered_at"] is not None:
        return USED
    if current["key_hash"] != invitation.key_hash:
        return REPLACED
    return EXPIRED if current["expires_at"] <= now else USED


@dataclass(frozen=True)
class Limits:
    months: tuple[int, int] = (1, 12)
    link_days: tuple[int, int] = (7, 90)
    manager_days: tuple[int, int] = (1, 60)


LIMITS = Limits()


def settings_errors(values: dict[str, int]) -> dict[str, str]:
    errors = {}
    months, link, reminder, manager = (
        values["follow_up_months"],
        values["link_days"],
        values["reminder_days"],
        values["manager_after_days"],
    )
    if not LIMITS.months[0] <= months <= LIMITS.months[1]:
        errors["follow_up_months"] = "Enter a number of months from 1 to 12."
    if not LIMITS.link_days[0] <= link <= LIMITS.link_days[1]:
        errors["link_days"] = "Enter a number of days from 7 to 90."
    if not 1 <= reminder < link:
        errors["reminder_days"] = (
            "Enter a number of days of at least 1 and fewer than the days a link stays open."
        )
    if not LIMITS.manager_days[0] <= manager <= LIMITS.manager_days[1]:
        errors["manager_after_days"] = "Enter a number of days from 1 to 60."
    return errors


SETTINGS_FIELDS = ["follow_up_months", "link_days", "reminder_days", "manager_after_days"]


def training_settings_save(
    *,
    user: Any,
    values: dict[str, int],
    version: int | None = None,
    seen: dict[str, str] | None = None,
) -> TrainingSettings:
    """Saves the partnership's survey timescales (made from an older version: EditConflict,
    nothing saved). Only those who manage training (the view checks; so does this)."""
    from lantern.access.policy import can_manage_training

    if not can_manage_training(user):
        raise ValidationError("Only the L&D co-ordinator and the Business Unit change this.")
    values = {name: int(values[name]) for name in SETTINGS_FIELDS}
    if errors := settings_errors(values):
        raise ValidationError(errors)
    with transaction.atomic():
        record, created = TrainingSettings.objects.get_or_create(
            partnership_id=user.partnership_id, defaults=values
        )
        if created:
            return record
        for name, value in values.items():
            setattr(record, name, value)
        save_versioned(record, SETTINGS_FIELDS, version=version, seen=seen)
    return record
