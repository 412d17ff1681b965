from django.apps import AppConfig


class AdultsConfig(AppConfig):
    name = "lantern.adults"
    verbose_name = "Safeguarding Adult Reviews"
