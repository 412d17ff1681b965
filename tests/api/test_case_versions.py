"""A change through the API loses no one's edit (issue 12, item 12): a PATCH may name the
case's version (in the body or If-Match); made from an older one it is refused with 409,
what changed, and nothing saved. Documented in the OpenAPI schema."""

import pytest

from lantern.cases.models import Case

pytestmark = pytest.mark.django_db


def _url(case: Case) -> str:
    return f"/api/v1/cases/{case.reference}"


def _patch(client, case, body, headers, **extra):
    return client.patch(_url(case), body, content_type="application/json", **headers, **extra)


def test_a_read_gives_the_version_and_a_change_bumps_it_issue_12_item_12(client, cast, bearer):
    assert client.get(_url(cast.case), **bearer(cast.member)).json()["version"] == 1
    response = _patch(client, cast.case, {"title": "Renamed", "version": 1}, bearer(cast.member))
    assert response.status_code == 200
    assert response.json()["version"] == 2


def test_a_change_from_an_older_version_is_409_and_saves_nothing_issue_12_item_12(
    client, cast, bearer
):
    _patch(client, cast.case, {"title": "First", "version": 1}, bearer(cast.member))
    response = _patch(
        client,
        cast.case,
        {"title": "Second", "pseudonym": "Child Z", "version": 1},
        bearer(cast.member),
    )
    assert response.status_code == 409
    body = response.json()
    assert body["version"] == 2
    assert {"field": "title", "theirs": "First", "yours": "Second"} in body["conflicts"]
    assert "nothing was saved" in body["detail"]
    cast.case.refresh_from_db()
    assert (cast.case.title, cast.case.version) == ("First", 2)
    assert cast.case.pseudonym != "Child Z"


def test_if_match_works_as_the_version_issue_12_item_12(client, cast, bearer):
    _patch(client, cast.case, {"title": "First"}, bearer(cast.member))  # no version: allowed
    stale = _patch(client, cast.case, {"title": "x"}, bearer(cast.member), HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409
    fresh = _patch(client, cast.case, {"title": "y"}, bearer(cast.member), HTTP_IF_MATCH='W/"2"')
    assert fresh.status_code == 200
    assert fresh.json()["title"] == "y"


def test_a_malformed_if_match_is_a_422_issue_12_item_12(client, cast, bearer):
    response = _patch(client, cast.case, {"title": "x"}, bearer(cast.member), HTTP_IF_MATCH="abc")
    assert response.status_code == 422
    assert "If-Match" in response.json()["errors"]


def test_the_schema_documents_the_version_and_the_409_issue_12_item_12(client):
    schema = client.get("/api/openapi.json").json()
    patch = schema["paths"]["/api/v1/cases/{reference}"]["patch"]
    assert "409" in patch["responses"]
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in patch["parameters"])
    assert "version" in schema["components"]["schemas"]["CaseChanges"]["properties"]
    assert "version" in schema["components"]["schemas"]["CaseOut"]["properties"]


@pytest.mark.parametrize("version", [0, -1, 2**63, "one"])
def test_a_version_out_of_range_is_a_422_not_a_500_issue_12_item_12(client, cast, bearer, version):
    response = _patch(client, cast.case, {"title": "x", "version": version}, bearer(cast.member))
    assert response.status_code == 422
    assert "version" in response.json()["errors"]
