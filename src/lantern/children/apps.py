from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "lantern.children"
    verbose_name = "Children's pathway"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        track(models.RapidReview)
