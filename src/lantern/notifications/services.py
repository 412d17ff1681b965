"""Sending e-mail: the one place Lantern does, so every message is on the case's history.

`notify` renders a plain-text template for each recipient, records a Notification for
each one and, once the transaction commits, queues a task that sends it (SMTP, GOV.UK
Notify or the console, as LANTERN_EMAIL chooses; see tasks.py). The task records when it
was sent, or the error; a refused message is retried a few times, then logged and kept
with its error: it is never lost silently, and it never undoes the work that asked for it.
"""

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from lantern.accounts.models import User
from lantern.cases.models import Case

from .delivery import after_commit, backend_for_task
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
    partnership_id: int | None = None,
    calendar_event: str = "",
    calendar_method: str = "REQUEST",
) -> list[Notification]:
    """E-mail each recipient (one message each) and record it. Inactive people are skipped.

    `template` is a plain-text template; it gets `context` plus `recipient` (the person,
    or None for a bare address) and `case`. `partnership_id` says whose message it is when
    there is no case and the recipients are bare addresses (a practitioner's survey).
    `calendar_event` ("meeting:12", see lantern.calendars.attachments) adds the event as
    an invite.ics attachment, made when the message is sent: an invitation or update
    (`calendar_method` "REQUEST") or a cancellation ("CANCEL").
    """
    recipients = _recipients(to, case)
    if case is not None:
        partnership_id = case.partnership_id
    if partnership_id is None:
        partnership_id = next((p.partnership_id for _, p in recipients if p is not None), None)
    backend = backend_for_task()
    notifications = []
    for address, person in recipients:
        body = render_to_string(template, {**context, "recipient": person, "case": case})
        note = Notification.objects.create(
            partnership_id=partnership_id,
            case=case,
            kind=kind,
            to_email=address,
            to_person=person,
            subject=subject,
            body=body,
            calendar_event=calendar_event,
            calendar_method=calendar_method if calendar_event else "",
        )
        notifications.append(note)
        after_commit(lambda pk=note.pk: _enqueue(pk, backend))
    _refresh(notifications)
    return notifications


def _enqueue(notification_id: int, backend: str | None) -> None:
    from .tasks import send_notification

    send_notification.enqueue(notification_id, backend)


def _refresh(notifications: list[Notification]) -> None:
    """Where the sending already happened (nothing to wait for and a task backend that
    runs at once, as in the tests), the records returned say how it went."""
    from django_tasks.backends.immediate import ImmediateBackend

    from .tasks import send_notification

    waits = getattr(settings, "LANTERN_TASKS_AFTER_COMMIT", True) and (
        transaction.get_connection().in_atomic_block
    )
    if (
        not notifications
        or waits
        or not isinstance(send_notification.get_backend(), ImmediateBackend)
    ):
        return
    fresh = Notification.objects.in_bulk([n.pk for n in notifications])
    for note in notifications:
        for name in ("sent_at", "error", "attempts"):
            setattr(note, name, getattr(fresh[note.pk], name))
