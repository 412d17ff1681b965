from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lantern.accounts"
    verbose_name = "People and roles"

    def ready(self) -> None:
        from lantern.audit.registry import track

        from . import models

        track(models.User, redact={"password"}, ignore={"last_login"})
        track(models.RoleAssignment)
