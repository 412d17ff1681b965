from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lantern.api"
    verbose_name = "API"
