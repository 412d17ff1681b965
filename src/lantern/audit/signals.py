"""Sign-in, sign-out and failed sign-in go on the trail as well."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .context import Actor, acting_as, client_ip
from .models import Action
from .recorder import record


def _actor(request: Any, user: Any) -> Actor:
    ip = client_ip(request) if request is not None else None
    return Actor(user=user, ip_address=ip, channel="web")


@receiver(user_logged_in, dispatch_uid="audit-sign-in")
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with acting_as(_actor(request, user)):
        record(Action.SIGN_IN, user)


@receiver(user_logged_out, dispatch_uid="audit-sign-out")
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        with acting_as(_actor(request, user)):
            record(Action.SIGN_OUT, user)


@receiver(user_login_failed, dispatch_uid="audit-sign-in-failed")
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    attempted = str(credentials.get("username") or credentials.get("email") or "")[:254]
    with acting_as(_actor(request, None)):
        record(
            Action.SIGN_IN_FAILED,
            object_type="accounts.user",
            object_label=attempted,
            actor_label=attempted or "unknown",
        )
