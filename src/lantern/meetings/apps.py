from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "lantern.meetings"
    verbose_name = "Meetings and decisions"
