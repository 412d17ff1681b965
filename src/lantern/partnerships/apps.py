from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "lantern.partnerships"
    verbose_name = "Partnerships"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        track(models.Partnership)
        track(models.Group)
        track(models.Agency)
