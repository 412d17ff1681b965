"""Idle expiry without a database write on every request.

Django renews a session's expiry only when it is saved; saving it on every request
(SESSION_SAVE_EVERY_REQUEST) was a write per page view. This saves a signed-in
person's session when SESSION_RENEW_SECONDS or more have passed since it was last
renewed, so it still lapses after LANTERN_SESSION_IDLE_MINUTES of inactivity (give or
take that minute) and a page view costs no write in between.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

RENEWED_KEY = "_lantern_renewed"


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    # Signing in saves the session anyway: it counts as the first renewal.
    if request is not None and hasattr(request, "session"):
        request.session[RENEWED_KEY] = int(time.time())


class SessionRenewalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session someone is signed in to: never start one for a visitor, nor
        # bring back one that signing out has just emptied.
        if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response
        if session.get("_auth_user_id") is None:
            return response
        now = int(time.time())
        if now - int(session.get(RENEWED_KEY, 0)) >= settings.SESSION_RENEW_SECONDS:
            session[RENEWED_KEY] = now
        return response
