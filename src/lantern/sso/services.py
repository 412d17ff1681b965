"""Signing in through a partnership's OpenID Connect identity provider (Authlib's Django
client: discovery, state, nonce, PKCE, and the id_token checked against the provider's
keys, issuer, audience and expiry).

The provider only says who the person is. Whether they may sign in is Lantern's: an
active person the Business Unit added to the provider's partnership, at an e-mail domain
the provider is registered for. A person's agency and roles are never taken from it.
"""

import logging
from pathlib import Path
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from joserfc.errors import JoseError

from lantern.accounts.models import User

from .models import IdentityProvider, ProviderMfaDevice, SignInPolicy

logger = logging.getLogger(__name__)

#: Seconds to wait for a provider before saying it is unavailable.
HTTP_TIMEOUT = 5
#: The session remembers which provider signed the person in, to offer its sign-out.
SESSION_PROVIDER_KEY = "lantern_sso_provider"
_BACKEND = "django.contrib.auth.backends.ModelBackend"


class ProviderUnavailable(Exception):
    """The provider could not be reached or answered nonsense: nobody is signed in."""


class SignInRefused(Exception):
    """The provider answered, and Lantern says no. `title` and the message are shown."""

    def __init__(self, title: str, message: str, *, attempted: str = "") -> None:
        super().__init__(message)
        self.title = title
        self.message = message
        self.attempted = attempted


def password_sign_in_allowed(user: User) -> bool:
    if user.partnership_id is None:  # platform operators
        return True
    return not SignInPolicy.objects.filter(
        partnership_id=user.partnership_id, password_sign_in=False
    ).exists()


def sign_in_providers() -> list[IdentityProvider]:
    """The buttons on the sign-in page: one Lantern may serve several partnerships."""
    return list(IdentityProvider.objects.active().select_related("partnership"))


def secret_path_problem(name: str) -> str:
    """Why this file may not hold a client secret; "" if it may. Only files under
    settings.SSO_SECRETS_DIR (LANTERN_SSO_SECRETS_DIR): the secret is sent to the provider,
    and a provider's address is whatever the administrator typed."""
    folder = Path(settings.SSO_SECRETS_DIR)
    if not Path(name).resolve().is_relative_to(folder):
        return f"The client secret file must be in {folder} (LANTERN_SSO_SECRETS_DIR)."
    return ""


def _client_secret(provider: IdentityProvider) -> str:
    if problem := secret_path_problem(provider.client_secret_file):
        logger.error("Identity provider %s: %s", provider.pk, problem)
        raise ProviderUnavailable(provider.name)
    try:
        return Path(provider.client_secret_file).read_text(encoding="utf-8").strip()
    except OSError as error:
        logger.error("Identity provider %s: cannot read its client secret: %s", provider.pk, error)
        raise ProviderUnavailable(provider.name) from None


def oidc_client(provider: IdentityProvider) -> DjangoOAuth2App:
    """A client for this provider, its discovery document loaded and its issuer checked."""
    client: DjangoOAuth2App = OAuth().register(
        name=f"provider{provider.pk}",
        client_id=provider.client_id,
        client_secret=_client_secret(provider),
        server_metadata_url=provider.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": "openid email profile",
            "code_challenge_method": "S256",
            "default_timeout": HTTP_TIMEOUT,
        },
    )
    try:
        metadata = client.load_server_metadata()
    except (requests.RequestException, ValueError) as error:
        logger.warning("Identity provider %s is unavailable: %s", provider.pk, error)
        raise ProviderUnavailable(provider.name) from None
    if str(metadata.get("issuer", "")).rstrip("/") != provider.issuer.rstrip("/"):
        logger.error(
            "Identity provider %s: its discovery names the issuer %r, not %r",
            provider.pk, metadata.get("issuer"), provider.issuer,
        )  # fmt: skip
        raise ProviderUnavailable(provider.name)
    return client


def claims_from_callback(request: HttpRequest, provider: IdentityProvider) -> dict[str, Any]:
    """The id_token's claims, once Authlib has checked its state, nonce, signature, issuer,
    audience and expiry."""
    client = oidc_client(provider)
    try:
        token = client.authorize_access_token(request)
    except requests.RequestException as error:
        logger.warning("Identity provider %s failed during sign-in: %s", provider.pk, error)
        raise ProviderUnavailable(provider.name) from None
    except (AuthlibBaseError, JoseError, ValueError) as error:
        logger.info("Identity provider %s: sign-in answer refused: %r", provider.pk, error)
        if getattr(error, "error", "") == "access_denied":
            raise SignInRefused(
                "Sign-in was cancelled",
                f"{provider.name} did not sign you in. You can try again.",
            ) from None
        raise SignInRefused(
            "We could not confirm who you are",
            f"The answer from {provider.name} could not be checked: it may have expired or "
            "been changed on the way. Try signing in again. If it keeps happening, tell your "
            "Business Unit.",
        ) from None
    claims = token.get("userinfo")
    if not claims:
        raise SignInRefused(
            "We could not confirm who you are",
            f"{provider.name} did not send an identity token. Tell your Business Unit.",
        )
    # Authlib checks the audience only through azp: the token must be for Lantern itself.
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    if provider.client_id not in audiences:
        logger.info("Identity provider %s: id_token for another audience", provider.pk)
        raise SignInRefused(
            "We could not confirm who you are",
            f"The answer from {provider.name} was meant for another service. Try signing in "
            "again. If it keeps happening, tell your Business Unit.",
        )
    return dict(claims)


def person_for_claims(provider: IdentityProvider, claims: dict[str, Any]) -> User:
    """The invited Lantern person the provider vouches for, or SignInRefused."""
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email:
        raise SignInRefused(
            "We could not confirm who you are",
            f"{provider.name} did not tell Lantern your e-mail address. Ask your IT team to "
            "release the e-mail claim to Lantern.",
        )
    if claims.get("email_verified") is False:
        raise SignInRefused(
            "We could not confirm who you are",
            f"{provider.name} says your e-mail address {email} has not been verified.",
            attempted=email,
        )
    domain = email.rpartition("@")[2]
    if domain not in provider.domains():
        raise SignInRefused(
            f"{provider.name} cannot sign you in as {email}",
            f"{provider.name} signs in people with e-mail addresses at "
            f"{', '.join(provider.domains())} only. Use your own organisation's button, or "
            "sign in with your e-mail address and password.",
            attempted=email,
        )
    user = User.objects.filter(email=email, partnership_id=provider.partnership_id).first()
    if user is None:
        raise SignInRefused(
            "You have not been given access to Lantern",
            f"Lantern has no account for {email} in {provider.partnership}. Only people "
            "the partnership's Business Unit has added can sign in. Ask your Business Unit "
            "to add you.",
            attempted=email,
        )
    if not user.is_active:
        raise SignInRefused(
            "Your account has been closed",
            "This account has been closed. Ask your Business Unit.",
            attempted=email,
        )
    return user


def provider_checked_mfa(provider: IdentityProvider, claims: dict[str, Any]) -> bool:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if not isinstance(amr, list):
        amr = []
    acr = claims.get("acr")
    # A list or other odd acr is not one the provider was set to trust (and not a 500).
    return "mfa" in amr or (isinstance(acr, str) and bool(acr) and acr in provider.acr_values())


def refusal_record(request: HttpRequest, provider: IdentityProvider, attempted: str) -> None:
    """Recorded as a failed password sign-in is: the audit trail's 'Sign-in failed' and a
    failure counted towards that account's lock-out."""
    user_login_failed.send(
        sender=__name__,
        credentials={"username": attempted or f"(via {provider.name})"},
        request=request,
    )


def is_locked_out(request: HttpRequest, email: str) -> bool:
    return bool(AxesProxyHandler.is_locked(request, credentials={"username": email}))


@transaction.atomic
def provider_sign_in(
    *, request: HttpRequest, provider: IdentityProvider, user: User, claims: dict[str, Any]
) -> None:
    """Signs the person in (the audit trail's 'Signed in', lock-out reset). A provider that
    checked a second factor meets the two-factor rule; otherwise Lantern's own
    TwoFactorMiddleware asks for the authenticator code, as after a password."""
    login(request, user, backend=_BACKEND)
    request.session[SESSION_PROVIDER_KEY] = provider.pk
    if provider_checked_mfa(provider, claims):
        device, _ = ProviderMfaDevice.objects.get_or_create(
            user=user,
            provider=provider,
            defaults={"name": f"{provider.name} multi-factor", "confirmed": True},
        )
        otp_login(request, device)
