from django.apps import AppConfig


class AgencyrequestsConfig(AppConfig):
    name = "lantern.agencyrequests"
    verbose_name = "Requests to agencies"
