from django.apps import AppConfig


class DhrConfig(AppConfig):
    name = "lantern.dhr"
    verbose_name = "Domestic Homicide Reviews"
