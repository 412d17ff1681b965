from django.apps import AppConfig


class AgencyrequestsConfig(AppConfig):
    name = "lantern.agencyrequests"
    verbose_name = "Requests to agencies"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        # An agency's return can be long and is read on its own page (where reads are
        # logged): the trail says it changed, not what it says.
        track(models.AgencyRequest, redact={"response"})
        track(models.Reminder)
        track(models.Chase)
