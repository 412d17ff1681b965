"""The learning library: findings, recommendations, reports, briefings and national
learning, searchable (issue 14)."""

from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "lantern.learning"
    verbose_name = "Learning library"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        track(models.Theme)
        track(models.LibraryItem)
