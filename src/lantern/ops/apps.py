from django.apps import AppConfig, apps


class OpsConfig(AppConfig):
    """Running Lantern in production: health checks, logs, sessions, serve and worker."""

    name = "lantern.ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import sessions  # noqa: F401  (connects the sign-in receiver)
        from .cachetable import create_cache_table

        # post_migrate is sent for each app with models (this one has none): after the
        # sessions', once a migrate, which the cache sits beside.
        post_migrate.connect(create_cache_table, sender=apps.get_app_config("sessions"))
