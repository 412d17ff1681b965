from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "lantern.children"
    verbose_name = "Children's pathway"
