from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "lantern.calendars"
    verbose_name = "Calendars"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        # Resetting a feed is on the trail; the key itself is never written there.
        track(models.FeedKey, redact={"key"})
