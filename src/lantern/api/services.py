"""Making, revoking and checking API tokens.

A token reads `lnt_<prefix>_<secret>`. The prefix finds the row; the SHA-256 of the
whole token must match the stored hash. The secret has 256 bits of entropy, so a fast
unsalted hash is enough: there is nothing to guess, only to look up.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User

from .models import ApiToken

SCHEME = "lnt"
PREFIX_BYTES = 4  # 8 hex characters
#: last_used_at is written at most this often per token, not on every call.
TOUCH_EVERY = timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_prefix() -> str:
    while True:
        prefix = secrets.token_hex(PREFIX_BYTES)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix


def token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`, and the token itself: the only time it is ever known."""
    if not user.is_active:
        raise ValidationError(f"{user.email} is deactivated: they cannot have an API token.")
    if not user.partnership_id:
        raise ValidationError(
            f"{user.email} belongs to no partnership: the API has nothing for them."
        )
    prefix = _new_prefix()
    raw = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name.strip(), prefix=prefix, key_hash=token_hash(raw))
    token.full_clean()
    with transaction.atomic():
        token.save()
    return token, raw


def token_revoke(*, token: ApiToken) -> ApiToken:
    """Stops the token working from now on. Revoking a revoked token changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        with transaction.atomic():
            token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(raw: str) -> User | None:
    """The person a token acts for, or None for a wrong, revoked or unusable token."""
    raw = raw.strip()
    scheme, _, rest = raw.partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != SCHEME or len(prefix) != 2 * PREFIX_BYTES or not secret:
        return None
    token = ApiToken.objects.select_related("user__partnership").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.key_hash, token_hash(raw)):
        return None
    user = token.user
    if token.revoked_at is not None or not user.is_active or not user.partnership_id:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        # update(): one UPDATE, no signals, so no audit event for merely using a token.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return user
