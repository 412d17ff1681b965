"""A partnership's OpenID Connect identity providers, and whether its people may still
sign in with a password. Who may sign in, and with what roles, stays Lantern's."""

from django.db import models
from django_otp.models import Device

from lantern.partnerships.models import Partnership


def _domains(text: str) -> list[str]:
    return [d.strip().lower().lstrip("@") for d in text.replace(",", "\n").split() if d.strip()]


class IdentityProviderQuerySet(models.QuerySet["IdentityProvider"]):
    def active(self) -> "IdentityProviderQuerySet":
        return self.filter(active=True)


class IdentityProvider(models.Model):
    """One agency's sign-in service (an Entra ID tenant, say), registered by an operator."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="identity_providers"
    )
    name = models.CharField(max_length=100, help_text='Shown on the button: "Sign in with <name>".')
    issuer = models.URLField(
        "Issuer URL",
        help_text="The provider's issuer, exactly as its discovery document gives it, e.g. "
        "https://login.microsoftonline.com/<tenant id>/v2.0 (never /common).",
    )
    client_id = models.CharField("Client id", max_length=255)
    client_secret_file = models.CharField(
        "Client secret file",
        max_length=500,
        help_text="The path of a file on the server holding the client secret (never the "
        "secret itself).",
    )
    email_domains = models.TextField(
        "E-mail domains",
        help_text="The domains this provider may sign people in for, one a line "
        "(e.g. demoshire-police.example).",
    )
    trusted_acr_values = models.CharField(
        "Trusted acr values",
        max_length=500,
        blank=True,
        help_text="acr values that mean the person used multi-factor authentication, "
        "comma-separated. An amr claim holding 'mfa' always counts.",
    )
    active = models.BooleanField(default=True)

    objects = IdentityProviderQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "name"]
        verbose_name = "identity provider"

    def __str__(self) -> str:
        return self.name

    def domains(self) -> list[str]:
        return _domains(self.email_domains)

    def acr_values(self) -> set[str]:
        return {v.strip() for v in self.trusted_acr_values.split(",") if v.strip()}

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .services import secret_path_problem

        if problem := secret_path_problem(self.client_secret_file):
            raise ValidationError({"client_secret_file": problem})


class SignInPolicy(models.Model):
    """Kept beside the providers rather than on the partnership: without a row, password
    sign-in is allowed, as it always was."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="sign_in_policy"
    )
    password_sign_in = models.BooleanField(
        "Password sign-in allowed",
        default=True,
        help_text="Switch off when everyone signs in through an identity provider.",
    )

    class Meta:
        verbose_name = "sign-in policy"
        verbose_name_plural = "sign-in policies"

    def __str__(self) -> str:
        return f"Sign-in policy of {self.partnership}"


class ProviderMfaDevice(Device):
    """Stands for "the identity provider checked a second factor" in django-otp, so that
    signing in through such a provider counts as verified (user.is_verified()). It takes no
    code: verify_token is Device's, which refuses every token."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE)

    class Meta:
        verbose_name = "identity provider's multi-factor"
