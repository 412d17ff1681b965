from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "lantern.documents"
    verbose_name = "Documents"
