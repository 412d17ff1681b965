"""Who is acting, and from where, for the audit events written during a request.

Set by the middleware for pages, by the API's authentication for API calls, and
left empty for management commands (recorded as the system).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user: Any = None  # lantern.accounts.models.User, or None for the system
    ip_address: str | None = None
    channel: str = "system"  # "web", "api" or "system"


_SYSTEM = Actor()
_current: ContextVar[Actor | None] = ContextVar("lantern_audit_actor", default=None)


def current_actor() -> Actor:
    return _current.get() or _SYSTEM


@contextmanager
def acting_as(actor: Actor) -> Iterator[None]:
    token = _current.set(actor)
    try:
        yield
    finally:
        _current.reset(token)


def client_ip(request: Any) -> str | None:
    # REMOTE_ADDR only: a forwarded header is set by whoever sends the request. Behind a
    # proxy, the proxy (or WSGI server) is the place to rewrite REMOTE_ADDR.
    addr: str | None = request.META.get("REMOTE_ADDR") or None
    return addr
