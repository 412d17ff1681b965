"""Who is calling: bearer tokens, and naming the caller on the audit events of the call."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from lantern.accounts.models import User
from lantern.audit.context import Actor, acting_as, client_ip

from .services import token_authenticate


def caller(request: HttpRequest) -> User:
    """The person the request's token acts for (set by BearerToken before any operation)."""
    user: User = request.auth  # type: ignore[attr-defined]
    return user


class BearerToken(HttpBearer):
    """`Authorization: Bearer lnt_…`: a token made by `lantern api-token EMAIL`."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


def as_caller(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """Runs an operation as its caller, so audit events name them and the "api" channel.

    Authentication returns before the operation runs, so no context manager can span
    both: the API applies this to every operation, which ninja runs after authentication.
    """

    @wraps(view_func)
    def operation(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        user = getattr(request, "auth", None)
        with acting_as(Actor(user=user, ip_address=client_ip(request), channel="api")):
            return view_func(request, *args, **kwargs)

    return operation
