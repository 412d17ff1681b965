from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "lantern.access"
    verbose_name = "Access policy"
