from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "lantern.sso"
    verbose_name = "Single sign-on"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        track(models.IdentityProvider)
        track(models.SignInPolicy)
