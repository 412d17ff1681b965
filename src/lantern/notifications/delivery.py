"""How Lantern's e-mails leave: after the transaction commits, by a background task.

`EMAIL_BACKEND` is `QueueBackend` in production, so anything that calls Django's
`send_mail` (password resets, invitations, address changes) only queues the message; the
worker sends it through the backend `LANTERN_EMAIL` chose (`EMAIL_DELIVERY_BACKEND`).
Any other `EMAIL_BACKEND` (the test suite's outbox, a test's refusing server) is used as
it is, so nothing is queued twice.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

QUEUE_BACKEND = "lantern.notifications.delivery.QueueBackend"


def after_commit(callback: Callable[[], Any]) -> None:
    """Run `callback` once the current transaction commits (at once outside one), so a
    rolled-back request sends nothing. LANTERN_TASKS_AFTER_COMMIT is off only in the test
    suite, whose test transactions never commit."""
    if getattr(settings, "LANTERN_TASKS_AFTER_COMMIT", True):
        transaction.on_commit(callback, robust=True)
    else:
        callback()


def backend_for_task() -> str | None:
    """What a task should send with, decided when it is queued: None (the configured
    delivery backend, looked up by the worker) unless EMAIL_BACKEND was replaced, as the
    test suite and the demo loader do, whose messages must not leave by the real one."""
    backend = settings.EMAIL_BACKEND
    return None if backend == QUEUE_BACKEND else backend


def delivery_connection(backend: str | None = None) -> BaseEmailBackend:
    """The backend that really sends: never the queue itself."""
    return get_connection(backend or settings.EMAIL_DELIVERY_BACKEND)


def message_to_data(message: EmailMessage) -> dict[str, Any]:
    """A message as JSON a task can carry. Attachments are refused, not dropped: messages
    sent through Django's mail (password resets, invitations to Lantern) have none, and
    documents are fetched from Lantern, never mailed. (A Notification's calendar file is
    added by its own task as it is sent: lantern.notifications.tasks.)"""
    if message.attachments:
        raise ValueError("Lantern's e-mails carry no attachments: link to the document instead.")
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def data_to_message(data: dict[str, Any], connection: BaseEmailBackend) -> EmailMessage:
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data.get("from_email"),
        to=data.get("to") or [],
        cc=data.get("cc") or [],
        bcc=data.get("bcc") or [],
        reply_to=data.get("reply_to") or [],
        connection=connection,
    )
    for content, mimetype in data.get("alternatives") or []:
        message.attach_alternative(content, mimetype)
    return message


class QueueBackend(BaseEmailBackend):
    """Queues each message as a `send_message` task once the transaction commits."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from .tasks import send_message

        for message in email_messages:
            data = message_to_data(message)
            after_commit(lambda data=data: send_message.enqueue(data, None))
        return len(email_messages)
