from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "lantern.audits"
    verbose_name = "Multi-agency case file audits"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        for model in (models.Audit, models.Question, models.Draw, models.AuditReturn):
            track(model)
