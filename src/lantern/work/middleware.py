"""Forgets the navigation's "My work (3)" counts, and the lists My work keeps, when anyone
changes anything: a form sent, a step recorded, an item done may change any colleague's
list. The next My work works it out again. (A change made outside a request, by a task
or a command, retires a kept list too: lantern.work.selectors keeps it under the
partnership's latest recorded change.)"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .selectors import forget_work_count

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class WorkCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.method not in SAFE_METHODS and user is not None and user.is_authenticated:
            forget_work_count(user)
        return response
