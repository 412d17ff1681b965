from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lantern.api"
    verbose_name = "API"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from .models import ApiToken

        # The trail says a token was made or revoked, never its hash; using it is not an event.
        track(ApiToken, redact={"key_hash"}, ignore={"last_used_at"})
