from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "lantern.notifications"
    verbose_name = "Notifications"
