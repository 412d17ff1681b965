from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "lantern.documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        # The stored name is internal; the original filename, size and type are recorded.
        track(models.Document, ignore={"file"})
