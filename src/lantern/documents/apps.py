from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "lantern.documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from django.core.files.storage import storages

        from lantern.audit.registry import track

        from . import models

        # Where documents are kept is configuration (STORAGES["documents"]: on disk or in
        # an S3 bucket, issue 13); the field was built before settings could choose.
        models.Document._meta.get_field("file").storage = storages["documents"]
        # The stored name is internal; the original filename, size and type are recorded.
        track(models.Document, ignore={"file"})
        # The passage may name the subject: the trail says who accepted what, where and
        # why, and the passage itself stays on the acceptance (read under the policy).
        track(models.NameCheckAcceptance, redact={"passage"})
