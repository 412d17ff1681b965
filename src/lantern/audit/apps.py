from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lantern.audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (sign-in and sign-out events)
