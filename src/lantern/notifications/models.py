"""Every e-mail Lantern sends: one row per recipient, listed in the case's history."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from lantern.cases.models import Case
from lantern.partnerships.models import Partnership


class Notification(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    kind = models.SlugField(max_length=50, help_text="What the message is, e.g. request_sent.")
    to_email = models.EmailField("To")
    to_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(max_length=255)
    body = models.TextField()
    # The calendar event the message carries as invite.ics ("meeting:12"), and whether it
    # invites (REQUEST) or cancels (CANCEL). The file is built when the message is sent,
    # from the event as it is then (lantern.calendars.attachments), so it is not stored.
    calendar_event = models.CharField(max_length=60, blank=True)
    calendar_method = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Empty until the worker has handed the message to the mail server; when the server
    # refused it, `error` says why (and the worker tries again, `attempts` times in all).
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "e-mail"
        verbose_name_plural = "e-mails"

    def __str__(self) -> str:
        return f"E-mail to {self.to_email}: {self.subject}"

    @property
    def failed(self) -> bool:
        return bool(self.error) and self.sent_at is None

    @property
    def status(self) -> str:
        if self.sent_at is not None:
            return "sent"
        return "not sent" if self.error else "queued"


class ReminderRun(models.Model):
    """One row per day the daily reminders ran: two workers never both send a day's."""

    day = models.DateField(unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Reminders of {self.day:%Y-%m-%d}"
