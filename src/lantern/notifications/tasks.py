"""Lantern's background tasks: sending e-mail (retried with backoff) and the daily reminders.

They run in `lantern worker` (django-tasks' database worker, or RQ with LANTERN_TASKS=rq).
Every e-mail is enqueued after its transaction commits (`delivery.after_commit`), so a
rolled-back request sends nothing and a failing mail server never fails a request.
"""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from .delivery import data_to_message, delivery_connection
from .models import Notification, ReminderRun

logger = logging.getLogger(__name__)


#: Kind -> a function (dotted path) that rewrites a message's stored body once it has been
#: sent: what only the recipient should hold (a survey's signed link) is not kept.
SCRUB_AFTER_SENT = {"training_survey": "lantern.training.links.scrub"}

#: Builds a message's calendar attachment from its `calendar_event` as it is sent.
CALENDAR_ATTACHMENT = "lantern.calendars.attachments.attachment_for"


def retry_delay(attempt: int) -> datetime.timedelta:
    """1, 4, 16, 64 … minutes after the attempt that failed."""
    return datetime.timedelta(minutes=4 ** (attempt - 1))


def _retry(bound_task: Any, attempt: int, *args: Any) -> bool:
    """Enqueue the next attempt, unless this was the last or the backend cannot wait."""
    if attempt >= settings.LANTERN_EMAIL_ATTEMPTS:
        return False
    if not bound_task.get_backend().supports_defer:
        return False
    later = bound_task.using(run_after=timezone.now() + retry_delay(attempt))
    later.enqueue(*args, attempt=attempt + 1)
    return True


def _error(failure: BaseException) -> str:
    return f"{type(failure).__name__}: {failure}"[:2000]


def _calendar_file(note: Notification) -> Any:
    """The invitation's invite.ics, or None. A calendar file that cannot be made (a race
    on its SEQUENCE, a meeting gone) is logged and the e-mail goes without it: the
    invitation's words matter more than its attachment."""
    if not note.calendar_event:
        return None
    try:
        return import_string(CALENDAR_ATTACHMENT)(
            note.calendar_event, note.calendar_method, note.to_email
        )
    except Exception:
        logger.exception("Could not make the calendar file for notification %s", note.pk)
        return None


@task()
def send_notification(notification_id: int, backend: str | None = None, attempt: int = 1) -> str:
    """Send one recorded Notification and record how it went. Sending twice is refused:
    a message already sent is left alone."""
    note = Notification.objects.filter(pk=notification_id).first()
    if note is None:
        return "gone"
    if note.sent_at is not None:
        return "already sent"
    try:
        with delivery_connection(backend) as connection:
            message = EmailMessage(
                subject=f"{settings.EMAIL_SUBJECT_PREFIX}{note.subject}",
                body=note.body,
                to=[note.to_email],
                connection=connection,
            )
            invite = _calendar_file(note)
            if invite is not None:
                message.attach(invite)
            message.send()
    except Exception as failure:  # every refusal is recorded; the worker logs it too
        again = _retry(send_notification, attempt, notification_id, backend)
        Notification.objects.filter(pk=note.pk).update(error=_error(failure), attempts=attempt)
        logger.error(
            "Could not send the %s e-mail to %s (attempt %d): %s%s",
            note.kind,
            note.to_email,
            attempt,
            _error(failure),
            "; trying again later." if again else "; giving up.",
        )
        return "retrying" if again else "failed"
    Notification.objects.filter(pk=note.pk).update(
        sent_at=timezone.now(), error="", attempts=attempt
    )
    if note.kind in SCRUB_AFTER_SENT:
        scrubbed = import_string(SCRUB_AFTER_SENT[note.kind])(note.body)
        Notification.objects.filter(pk=note.pk).update(body=scrubbed)
    return "sent"


@task()
def send_message(data: dict[str, Any], backend: str | None = None, attempt: int = 1) -> str:
    """Send a message queued by `QueueBackend` (a password reset, an invitation …)."""
    try:
        with delivery_connection(backend) as connection:
            data_to_message(data, connection).send()
    except Exception as failure:  # retried, then logged for the operator
        again = _retry(send_message, attempt, data, backend)
        logger.error(
            "Could not send %r to %s (attempt %d): %s%s",
            data.get("subject"),
            ", ".join(data.get("to") or []),
            attempt,
            _error(failure),
            "; trying again later." if again else "; giving up.",
        )
        if not again:
            raise  # the task's result records the failure (platform admin, Task results)
        return "retrying"
    return "sent"


def reminders_due_at(day: datetime.date) -> datetime.datetime:
    """When the worker sends a day's reminders: LANTERN_REMINDER_TIME, local time."""
    hour, minute = settings.LANTERN_REMINDER_TIME
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def daily_reminders_schedule(day: datetime.date) -> None:
    """Enqueue the reminders of `day` at their time (at once if that time has passed)."""
    when = max(reminders_due_at(day), timezone.now())
    send_daily_reminders.using(run_after=when).enqueue(day.isoformat())


def daily_reminders_run(today: datetime.date) -> dict[str, int]:
    """Every reminder Lantern sends on a day; each kind keeps its own rule for not
    repeating itself."""
    from lantern.actions.reminders import overdue_notices_send
    from lantern.adults.reminders import update_reminders_send
    from lantern.agencyrequests.reminders import reminders_send
    from lantern.clock.reminders import step_reminders_send
    from lantern.training.surveys import surveys_send

    return {
        "requests to agencies": len(reminders_send(today=today, dry_run=False)),
        "overdue actions": len(overdue_notices_send(today=today, dry_run=False)),
        "steps": len(step_reminders_send(today=today, dry_run=False)),
        "SAR updates": len(update_reminders_send(today=today, dry_run=False)),
        "training surveys": len(surveys_send(today=today, dry_run=False)),
    }


@task()
def send_daily_reminders(day: str) -> dict[str, Any]:
    """The day's reminders, once however many workers run; then the next day's is queued.

    The ReminderRun row is the lock: only the task that creates it sends, and only that
    one queues the next day, so a second chain (two workers starting at once) ends here.
    """
    today = datetime.date.fromisoformat(day)
    try:
        with transaction.atomic():
            run = ReminderRun.objects.create(day=today)
    except IntegrityError:
        return {"skipped": f"the reminders of {day} were already sent"}
    try:
        summary = daily_reminders_run(today)
        ReminderRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), summary=summary)
        logger.info("Reminders of %s: %s", day, summary)
        return summary
    finally:
        daily_reminders_schedule(today + datetime.timedelta(days=1))


def daily_reminders_ensure() -> str:
    """Called as a worker starts: make sure the reminders of today (or, once sent,
    tomorrow) are queued. Harmless if another worker queued them too."""
    today = timezone.localdate()
    day = (
        today + datetime.timedelta(days=1)
        if ReminderRun.objects.filter(day=today).exists()
        else today
    )
    if not _already_queued(day):
        daily_reminders_schedule(day)
    return day.isoformat()


def _already_queued(day: datetime.date) -> bool:
    """With the database backend, whether that day's reminders wait in the queue already
    (so restarting workers does not pile them up). Other backends: no way to ask; a
    duplicate would only find the day done."""
    from django.apps import apps

    if not apps.is_installed("django_tasks_db"):
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=send_daily_reminders.module_path,
        status="READY",
        args_kwargs__args=[day.isoformat()],
    ).exists()
