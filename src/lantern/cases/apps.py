from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "lantern.cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        # A subject's identity is confidential: the trail says a field changed, not to what.
        track(models.Subject, redact={"full_name", "date_of_birth", "address", "notes"})
        track(models.Case)
        track(models.CaseMembership)
