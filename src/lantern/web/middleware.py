"""Addresses no page can have, answered before any view or query sees them."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

NUL = "\x00"


class RefuseNulPathMiddleware:
    """An address with a NUL character (`/cases/%00/`) is Page not found.

    PostgreSQL cannot hold NUL in text, so a view that looked up such a reference would
    fail at the database (a 500) where SQLite finds nothing. No page's address has one;
    refusing it here, once, keeps every view's arguments free of it. The API answers for
    its own addresses (lantern.api.text: a 422 naming the argument, after the token).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path_info and not request.path_info.startswith("/api/"):
            raise Http404("No page has this address.")
        return self.get_response(request)
