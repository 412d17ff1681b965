from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "lantern.audits"
    verbose_name = "Multi-agency case file audits"

    def ready(self) -> None:
        from lantern.actions.locks import register as register_lock
        from lantern.audit.registry import track
        from lantern.meetings.rules import MeetingRules, register

        from . import models
        from .events import on_event_held
        from .grading import learning_closed

        for model in (
            models.Audit,
            models.Question,
            models.Draw,
            models.AuditReturn,
            models.CaseJudgement,
            models.LearningEvent,
            models.Invitee,
            models.Engagement,
            models.GoodPractice,
            models.Ratification,
            models.Seminar,
        ):
            track(model)
        # The learning event is a kernel meeting: when it is held, the audit moves on.
        register("macfa", MeetingRules(on_held=on_event_held))
        # Once ratified, the audit's findings and recommendations are closed everywhere,
        # the action tracker's pages included.
        register_lock("macfa", learning_closed)
