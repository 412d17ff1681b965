from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "lantern.audits"
    verbose_name = "Multi-agency case file audits"

    def ready(self) -> None:
        from lantern.audit.registry import track
        from lantern.meetings.rules import MeetingRules, register

        from . import models
        from .events import on_event_held

        for model in (
            models.Audit,
            models.Question,
            models.Draw,
            models.AuditReturn,
            models.CaseJudgement,
            models.LearningEvent,
            models.Invitee,
            models.Engagement,
            models.Finding,
            models.Recommendation,
            models.GoodPractice,
            models.Ratification,
            models.Seminar,
        ):
            track(model)
        # The learning event is a kernel meeting: when it is held, the audit moves on.
        register("macfa", MeetingRules(on_held=on_event_held))
