from django.apps import AppConfig


class AdultsConfig(AppConfig):
    name = "lantern.adults"
    verbose_name = "Safeguarding Adult Reviews"

    def ready(self) -> None:
        from lantern.audit.registry import track
        from lantern.meetings.rules import register

        from . import models
        from .meeting_rules import SAR_MEETINGS

        for model in (models.SarReferral, models.Sar, models.ImrAuthor):
            track(model)
        register("sar", SAR_MEETINGS)
