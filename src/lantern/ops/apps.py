from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Lantern in production: health checks, logs, sessions, serve and worker."""

    name = "lantern.ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from . import sessions  # noqa: F401  (connects the sign-in receiver)
