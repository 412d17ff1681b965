"""What calendars need stored: each person's feed key (reset to revoke the old address)
and, for each event Lantern has put in someone's calendar, its SEQUENCE."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class FeedKey(models.Model):
    """The random part of a person's private calendar address. Resetting it makes the
    old address answer 404 (lantern.calendars.services.feed_reset)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "calendar feed key"

    def __str__(self) -> str:
        return f"Calendar feed of {self.person}"


class EventRevision(models.Model):
    """An event's SEQUENCE (RFC 5545): calendars apply an update only when it is higher
    than the copy they hold. Bumped whenever the event's times or status change, however
    they were changed, by comparing a fingerprint of them with the last one sent."""

    uid = models.CharField(max_length=200, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=200)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "calendar event revision"

    def __str__(self) -> str:
        return f"{self.uid} (sequence {self.sequence})"
