from django.apps import AppConfig


class ClockConfig(AppConfig):
    name = "lantern.clock"
    verbose_name = "Statutory clock"
