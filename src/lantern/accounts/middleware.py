from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .services import confirmed_totp_device

# Reachable before the second factor: signing out, assets, the health check and the
# API (which has its own tokens).
_EXEMPT_PREFIXES = ("/account/logout/", "/static/", "/healthz", "/api/")


class TwoFactorMiddleware:
    """Asks for the authenticator code of anyone who has one, and makes everyone in a
    partnership that requires two-factor set one up before doing anything else.

    Someone who has an authenticator but has not given its code yet can reach only
    the code page: not set-up (which would replace the device) nor removal.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr]
            and not request.path.startswith(_EXEMPT_PREFIXES)
        ):
            if confirmed_totp_device(user) is not None:  # type: ignore[arg-type]
                target = reverse("accounts:two_factor_verify")
            elif user.partnership is not None and user.partnership.require_two_factor:  # type: ignore[union-attr]
                target = reverse("accounts:two_factor_setup")
            else:
                target = ""
            if target and request.path != target:
                return redirect(target)
        return self.get_response(request)
