from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "lantern.chronology"
    verbose_name = "Multi-agency chronology"
