from django.apps import AppConfig


class ClockConfig(AppConfig):
    name = "lantern.clock"
    verbose_name = "Statutory clock"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        # Every change of a step's dates, and the reasons for extensions and pauses.
        track(models.CaseStep, ignore={"reminded_on"})  # reminders are in the case history
        track(models.ClosureDay)
        track(models.LocalTimescale)
        track(models.ClockSettings)
