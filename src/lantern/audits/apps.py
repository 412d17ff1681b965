from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "lantern.audits"
    verbose_name = "Multi-agency case file audits"
