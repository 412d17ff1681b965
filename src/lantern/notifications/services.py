"""Sending e-mail: the one place Lantern does, so every message is on the case's history.

`notify` renders a plain-text template for each recipient, sends it with Django's
`send_mail` (SMTP or the console, as the settings choose) and records a Notification
for each one, sent or not. A refused message is logged and kept with its error: it is
never lost silently, and it never undoes the work that asked for it.
"""

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from lantern.accounts.models import User
from lantern.cases.models import Case

from .models import Notification

logger = logging.getLogger(__name__)


def lantern_link(path: str) -> str:
    """An absolute link for an e-mail, or "" when Lantern does not know its own address."""
    base = getattr(settings, "LANTERN_BASE_URL", "") or ""
    return f"{base.rstrip('/')}{path}" if base else ""


def _recipients(to: Sequence[User] | Sequence[str], case: Case | None) -> list[tuple[str, Any]]:
    """(address, person) pairs: active people only, each address once, none of another
    partnership when the message is about a case."""
    seen: set[str] = set()
    found: list[tuple[str, Any]] = []
    for item in to:
        person = item if isinstance(item, User) else None
        address = (person.email if person is not None else str(item)).strip().lower()
        if person is not None and not person.is_active:
            continue
        if person is not None and case is not None and person.partnership_id != case.partnership_id:
            logger.warning("Not e-mailing %s about a case of another partnership.", address)
            continue
        if address and address not in seen:
            seen.add(address)
            found.append((address, person))
    return found


def notify(
    *,
    to: Sequence[User] | Sequence[str],
    subject: str,
    template: str,
    context: dict[str, Any],
    kind: str,
    case: Case | None = None,
) -> list[Notification]:
    """E-mail each recipient (one message each) and record it. Inactive people are skipped.

    `template` is a plain-text template; it gets `context` plus `recipient` (the person,
    or None for a bare address) and `case`.
    """
    recipients = _recipients(to, case)
    partnership_id = case.partnership_id if case is not None else None
    if partnership_id is None:
        partnership_id = next((p.partnership_id for _, p in recipients if p is not None), None)
    full_subject = f"{settings.EMAIL_SUBJECT_PREFIX}{subject}"
    notifications = []
    for address, person in recipients:
        body = render_to_string(template, {**context, "recipient": person, "case": case})
        sent_at, error = None, ""
        try:
            send_mail(full_subject, body, None, [address], fail_silently=False)
            sent_at = timezone.now()
        except Exception as failure:  # any backend failure is recorded, not raised
            error = f"{type(failure).__name__}: {failure}"[:2000]
            logger.exception("Could not send the %s e-mail to %s.", kind, address)
        notifications.append(
            Notification.objects.create(
                partnership_id=partnership_id,
                case=case,
                kind=kind,
                to_email=address,
                to_person=person,
                subject=subject,
                body=body,
                sent_at=sent_at,
                error=error,
            )
        )
    return notifications
