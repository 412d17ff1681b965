"""Lantern's API: /api/v1/ with bearer tokens, OpenAPI at /api/openapi.json, docs at /api/docs.

The docs page is Lantern's own, server-rendered from the OpenAPI document in GOV.UK
Frontend's patterns (lantern.api.reference). It replaced ninja's Swagger UI, whose widget
failed WCAG 2.2 AA (issue 12, items 16 and 17). ninja still routes /api/docs, so the page
stays public and, like all of /api/, needs no second factor, as before.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from . import errors, v1
from .auth import BearerToken, as_caller
from .base import LanternAPI
from .reference import Reader, prose
from .text import refuse_nul

DESCRIPTION = """\
Lantern's records, under the same permissions as its pages.

Send a token with every call: `Authorization: Bearer <token>`. An administrator makes one
with `lantern api-token EMAIL`; it acts for that person. Errors are JSON:
`{"detail": "<a sentence>"}`, and a 422 adds `"errors"`, the messages by field.
Text must not contain the null character (U+0000): it is refused with a 422.
"""


class Reference(DocsBase):
    """The API reference page, built from the same document /api/openapi.json serves."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        info = schema.get("info", {})
        reader = Reader(schema)
        tags = reader.tags()
        context = {
            "title": info.get("title", ""),
            "version": info.get("version", ""),
            "introduction": prose(info.get("description", "")),
            "openapi_url": self.get_openapi_url(api, kwargs),
            "tags": tags,
            "error_bodies": reader.error_bodies(tags),
        }
        return render(request, "api/reference.html", context)


api = LanternAPI(
    title="Lantern API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=Reference(),
    auth=BearerToken(),
)
errors.install(api)
api.add_decorator(as_caller)
api.add_decorator(refuse_nul)
api.add_router("v1/", v1.router)
