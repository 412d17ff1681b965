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
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Empty when the mail server refused the message; `error` then says why.
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "e-mail"
        verbose_name_plural = "e-mails"

    def __str__(self) -> str:
        return f"E-mail to {self.to_email}: {self.subject}"

    @property
    def failed(self) -> bool:
        return bool(self.error)
