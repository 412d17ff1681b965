from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "lantern.notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        # The body is kept on the notification itself; the trail only needs the sending.
        track(models.Notification, ignore={"body"})
