"""The NinjaAPI Lantern serves: JSON too for what Django, not ninja, answers.

ninja answers a wrong method with a plain-text 405, and leaves a path it does not know
to Django's HTML 404 page. Here every view under /api/ is wrapped to answer those in
JSON, and a last pattern catches every other path under /api/ with a JSON 404, whatever
the method (issue 12, item 11).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from .errors import NOT_FOUND


class LanternAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        wrapped: list[URLResolver | URLPattern] = []
        for pattern in patterns:
            assert isinstance(pattern, URLPattern), "ninja makes only path() patterns"
            wrapped.append(
                URLPattern(
                    pattern.pattern,
                    self._json_errors(pattern.callback),
                    pattern.default_args,
                    pattern.name,
                )
            )
        # Exempt from CSRF as ninja's own views are (ninja checks CSRF itself where a
        # session cookie authenticates; here a bearer token does): without it a POST to an
        # unknown path got Django's HTML "CSRF failed" page. It reads nothing, changes
        # nothing and answers only 404, so the exemption opens nothing to a forged request.
        wrapped.append(re_path(r"^", csrf_exempt(self._not_found), name="not-found"))
        return wrapped, app_name, namespace

    def _not_found(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.create_response(request, {"detail": NOT_FOUND}, status=404)

    def _json_errors(self, view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def json_errors(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                response = view(request, *args, **kwargs)
            except Http404:  # from ninja's own views, e.g. the bare /api/
                return self._not_found(request)
            if isinstance(response, HttpResponseNotAllowed):
                allowed = response["Allow"]
                detail = f"{request.method} is not allowed here. Allowed: {allowed}."
                response = self.create_response(request, {"detail": detail}, status=405)
                response["Allow"] = allowed
            return response

        return json_errors
