from django.apps import AppConfig


class ManageConfig(AppConfig):
    name = "lantern.manage"
    verbose_name = "Business Unit administration"
