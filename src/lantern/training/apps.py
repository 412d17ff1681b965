"""Training and its impact (issue 15): the multi-agency programme, who booked and
attended, the surveys on the day, three months after and to managers, and the
evaluation the L&D co-ordinator reports."""

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "lantern.training"
    verbose_name = "Training and its impact"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        for model in (
            models.TrainingSettings,
            models.Course,
            models.TrainingSession,
            models.Observation,
            models.Booking,
            models.SurveyQuestion,
            models.SurveyInvitation,
            models.SurveyResponse,
            models.EvaluationReport,
        ):
            track(model)
