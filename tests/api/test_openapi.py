"""The API describes itself: OpenAPI at /api/openapi.json and a docs page, both public."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_openapi_lists_the_v1_operations_and_the_bearer_scheme(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Lantern API"
    paths = schema["paths"]
    assert set(paths["/api/v1/me"]) == {"get"}
    assert set(paths["/api/v1/cases"]) == {"get"}
    assert set(paths["/api/v1/cases/{reference}"]) == {"get", "patch"}
    assert schema["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
    }
    patch = paths["/api/v1/cases/{reference}"]["patch"]
    assert patch["security"] == [{"BearerToken": []}]
    assert {"200", "401", "403", "404", "422"} <= set(patch["responses"])


def test_docs_page_is_public_and_named_where_the_site_links_to_it(client):
    url = reverse("api-1:openapi-view")
    assert url == "/api/docs"
    response = client.get(url)
    assert response.status_code == 200
    assert "/api/openapi.json" in response.content.decode()


def test_docs_page_runs_under_the_sites_strict_policy(client):
    """The reference is server-rendered: only Lantern's own stylesheet and script, no CDN
    and no inline script but the site's nonce'd one, so the site's Content-Security-Policy
    applies to it unchanged."""
    response = client.get("/api/docs")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["style-src"] == "'self'"
    # 'self' and the nonce of the site's one inline script, as on every page.
    script_src, nonce = policy["script-src"].split()
    assert script_src == "'self'"
    assert nonce.startswith("'nonce-")
    body = response.content.decode()
    for asset in ("dist/lantern.css", "lantern/lantern.js"):
        assert f"/static/{asset}" in body
    assert not re.search(r'(src|href)="(https?:)?//', body)
    assert " style=" not in body
    assert body.count("<script") == 2
    assert f'<script nonce="{nonce[7:-1]}">' in body
    assert '<script type="module" src="/static/lantern/lantern.js">' in body
