"""Lantern's API: /api/v1/ with bearer tokens, OpenAPI at /api/openapi.json, docs at /api/docs.

The docs page is ninja's bundled Swagger UI (no CDN). It runs under the site's strict
Content-Security-Policy unchanged: its scripts are files served by Lantern, and it sets
styles only through the DOM, which style-src 'self' allows.
"""

from ninja.openapi.docs import Swagger

from . import errors, v1
from .auth import BearerToken, as_caller
from .base import LanternAPI
from .text import refuse_nul

DESCRIPTION = """\
Lantern's records, under the same permissions as its pages.

Send a token with every call: `Authorization: Bearer <token>`. An administrator makes one
with `lantern api-token EMAIL`; it acts for that person. Errors are JSON:
`{"detail": "<a sentence>"}`, and a 422 adds `"errors"`, the messages by field.
Text must not contain the null character (U+0000): it is refused with a 422.
"""


class Docs(Swagger):
    # A page of Lantern's own around Swagger UI: a language, a title, a main and an h1.
    template = "web/api_docs.html"


api = LanternAPI(
    title="Lantern API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=Docs(),
    auth=BearerToken(),
)
errors.install(api)
api.add_decorator(as_caller)
api.add_decorator(refuse_nul)
api.add_router("v1/", v1.router)
