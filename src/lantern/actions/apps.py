from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "lantern.actions"
    verbose_name = "Recommendations and action plans"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import learning_index, models

        for model in (
            models.Finding,
            models.Recommendation,
            models.Action,
            models.ActionUpdate,
            models.Evidence,
            models.EvaluationRoute,
        ):
            track(model)
        learning_index.connect()
