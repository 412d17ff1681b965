from django.apps import AppConfig


class DhrConfig(AppConfig):
    name = "lantern.dhr"
    verbose_name = "Domestic Homicide Reviews"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        track(models.Dhr)
        track(models.HomeOfficeSubmission)
