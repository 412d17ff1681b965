from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "lantern.children"
    verbose_name = "Children's pathway"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        track(models.RapidReview)
        track(models.Cspr)

        from lantern.meetings.rules import register

        from .meeting_rules import RAPID_REVIEW_MEETINGS

        register("rapid-review", RAPID_REVIEW_MEETINGS)
