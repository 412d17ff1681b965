from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "lantern.documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        # The stored name is internal; the original filename, size and type are recorded.
        track(models.Document, ignore={"file"})
        # The passage may name the subject: the trail says who accepted what, where and
        # why, and the passage itself stays on the acceptance (read under the policy).
        track(models.NameCheckAcceptance, redact={"passage"})
