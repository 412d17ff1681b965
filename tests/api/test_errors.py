"""Every error under /api/ is JSON with a readable "detail"; none is an HTML page."""

import pytest
from django.test import Client

from lantern.api.services import token_create, token_revoke
from lantern.api.v1 import me
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

UNAUTHENTICATED = {"detail": "Send a valid API token as 'Authorization: Bearer <token>'."}


class TestUnauthenticated:
    @pytest.mark.parametrize(
        "authorization",
        [None, "", "Bearer", "Bearer nonsense", "Bearer lnt_00000000_secret", "Token abc"],
    )
    def test_missing_or_bad_token_is_401_json(self, client, authorization):
        headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
        response = client.get("/api/v1/cases", **headers)
        assert response.status_code == 401
        assert response["Content-Type"].startswith("application/json")
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json() == UNAUTHENTICATED

    def test_revoked_token_is_401(self, client):
        token, raw = token_create(user=UserFactory())
        token_revoke(token=token)
        response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 401

    def test_token_of_deactivated_person_is_401(self, client, bearer):
        user = UserFactory()
        headers = bearer(user)
        user.is_active = False
        user.save()
        assert client.get("/api/v1/me", **headers).status_code == 401


@pytest.mark.parametrize("path", ["/api/", "/api/v1/", "/api/v1/nothing", "/api/v1/me/", "/api/x"])
def test_unknown_path_is_404_json_with_or_without_token(client, bearer, path):
    for headers in ({}, bearer(UserFactory())):
        response = client.get(path, **headers)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_wrong_method_is_405_json_naming_the_allowed_ones(client, bearer):
    response = client.delete("/api/v1/me", **bearer(UserFactory()))
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {"detail": "DELETE is not allowed here. Allowed: GET."}


def test_unexpected_failure_is_500_json_and_logged(bearer, monkeypatch, caplog):
    def broken(user):
        raise RuntimeError("the database fell over")

    monkeypatch.setattr(me, "_roles", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/me", **bearer(UserFactory()))
    assert response.status_code == 500
    assert response.json() == {
        "detail": "Something went wrong in Lantern. The error has been logged; try again later."
    }
    assert "the database fell over" not in response.content.decode()
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info[1].args == ("the database fell over",)


def test_pages_outside_the_api_keep_their_html_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
