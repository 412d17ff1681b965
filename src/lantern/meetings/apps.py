from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "lantern.meetings"
    verbose_name = "Meetings and decisions"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        # Minutes and rationales may name the child or family: the trail says they
        # changed, not to what (reading them is logged as a read of the case).
        track(models.Meeting, redact={"minutes"})
        track(models.Attendance)
        track(models.Decision, redact={"rationale", "immediate_actions"})
