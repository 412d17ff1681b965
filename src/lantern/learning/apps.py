from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "lantern.learning"
    verbose_name = "Learning library"
