from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "lantern.web"
    verbose_name = "Web pages"
