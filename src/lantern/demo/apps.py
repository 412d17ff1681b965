from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lantern.demo"
    verbose_name = "Demo partnership"
