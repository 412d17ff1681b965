from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import Actor, acting_as, client_ip


class AuditContextMiddleware:
    """Names the signed-in person and their address on every audit event of a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        with acting_as(Actor(user=user, ip_address=client_ip(request), channel="web")):
            return self.get_response(request)
