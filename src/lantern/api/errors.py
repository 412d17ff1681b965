"""Every answer under /api/ that is not a success is JSON: {"detail": "<a sentence>"}.

422 adds "errors": each field's messages, "__all__" for those about no one field.
A 404 never says more than "Not found.": an outsider must not learn a case exists.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.log import log_response
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from . import patterns

UNAUTHENTICATED = "Send a valid API token as 'Authorization: Bearer <token>'."
FORBIDDEN = "You do not have permission to do this."
NOT_FOUND = "Not found."
SERVER_ERROR = "Something went wrong in Lantern. The error has been logged; try again later."
INVALID = "Check the fields listed in 'errors'."
NON_FIELD = "__all__"  # as Django names errors about no one field

#: Clearer words for pydantic's commonest messages.
_MESSAGES = {
    "missing": "This field is required.",
    "extra_forbidden": "This field cannot be changed here.",
}


class Error(Schema):
    detail: str


class InvalidInput(Schema):
    detail: str
    errors: dict[str, list[str]]


def responses(ok: Any, *statuses: int, created: bool = False) -> dict[int, Any]:
    """An operation's response schemas for OpenAPI: `ok` for 200 (201 if it `created`
    something, and then no 200), and each error status it can answer, so the document
    lists every status the operation returns and no other (issue 12, item 11): 400 for a
    body that is not JSON, 401 without a valid token, 403, 404, 422 for refused input."""
    errors = {s: InvalidInput if s == 422 else Error for s in statuses}
    return {201 if created else 200: ok, **errors}


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _field(loc: Iterable[Any]) -> str:
    # ninja's loc: ("body", "<argument>", "title", ...) or ("query" | "path", "limit", ...)
    source, *rest = loc
    names = rest[1:] if source == "body" else rest
    return ".".join(str(name) for name in names) or NON_FIELD


def invalid_input(errors: dict[str, list[str]]) -> dict[str, Any]:
    """The body of a 422: a readable summary in "detail", and the messages by field."""
    parts = [m if f == NON_FIELD else f"{f}: {m}" for f, ms in errors.items() for m in ms]
    return {"detail": " ".join(parts) or INVALID, "errors": errors}


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "string_pattern_mismatch" and context.get("pattern") in patterns.MESSAGES:
        return patterns.MESSAGES[context["pattern"]]  # words, not the pattern
    if kind == "string_too_short" and context.get("min_length") == 1:
        return patterns.BLANK
    return _MESSAGES.get(kind) or str(error.get("msg", "Not valid."))


def _from_ninja(exc: ValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field(error.get("loc", ())), []).append(_sentence(_message(error)))
    return errors


def _from_django(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [_sentence(m) for m in ms] for field, ms in exc.message_dict.items()}
    return {NON_FIELD: [_sentence(m) for m in exc.messages]}


def install(api: NinjaAPI) -> None:
    """Answers every exception an operation raises with JSON."""

    def reply(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = reply(request, 401, {"detail": UNAUTHENTICATED})
        response["WWW-Authenticate"] = 'Bearer realm="Lantern"'
        return response

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return reply(request, 403, {"detail": str(exc) or FORBIDDEN})

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return reply(request, 404, {"detail": NOT_FOUND})

    @api.exception_handler(ValidationError)
    def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return reply(request, 422, invalid_input(_from_ninja(exc)))

    @api.exception_handler(DjangoValidationError)
    def refused_by_service(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return reply(request, 422, invalid_input(_from_django(exc)))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return reply(request, exc.status_code, {"detail": _sentence(str(exc))})

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # As Django does for pages: the signal (error reporters) and the django.request log.
        got_request_exception.send(sender=None, request=request)
        response = reply(request, 500, {"detail": SERVER_ERROR})
        log_response(
            "Internal Server Error: %s",
            request.path,
            response=response,
            request=request,
            exception=exc,
        )
        return response
