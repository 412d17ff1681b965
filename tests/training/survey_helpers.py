"""Shared by the survey tests: an attendee's invitation made as surveys.py makes it,
with the token its e-mail would carry; the token read back from an e-mail."""

import datetime
import re

from django.core import mail
from django.utils import timezone

from lantern.training import links
from lantern.training.models import Stage, SurveyInvitation
from lantern.training.questions import ensure_standard_questions

BASE = "https://lantern.example.org"
TOKEN_IN_LINK = re.compile(re.escape(BASE) + r"/survey/([^/\s]+)/")


def invite(booking, stage=Stage.ON_THE_DAY, *, days_open=28, sent_at=None):
    ensure_standard_questions(booking.partnership_id)
    key = links.new_key()
    sent_at = sent_at or timezone.now()
    invitation = SurveyInvitation.objects.create(
        partnership_id=booking.partnership_id,
        booking=booking,
        stage=stage,
        email=booking.manager_email if stage == Stage.MANAGER else booking.email,
        key_hash=links.key_hash(key),
        sent_at=sent_at,
        expires_at=sent_at + datetime.timedelta(days=days_open),
    )
    return invitation, links.make_token(invitation.pk, key)


def tokens_sent_to(address: str) -> list[str]:
    return [
        token
        for message in mail.outbox
        if message.to == [address]
        for token in TOKEN_IN_LINK.findall(message.body)
    ]


def full_answers(questions) -> dict[str, str]:
    """A POST answering every question of the stage."""
    data = {}
    for question in questions:
        if question.kind == "scale":
            data[f"q{question.pk}"] = "4"
        elif question.kind == "yes_no":
            data[f"q{question.pk}"] = "1"
        else:
            data[f"q{question.pk}"] = "I now check the chronology before a strategy meeting."
    return data
