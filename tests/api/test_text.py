"""Text with a NUL character is refused everywhere in the API, before anything is done.

PostgreSQL cannot store NUL, so without this a NUL was a 500 there and saved on SQLite:
these tests run on either database and expect the same 422.
"""

import pytest

from lantern.api.text import NUL_REFUSED
from lantern.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _refused(field: str) -> dict[str, object]:
    return {"detail": f"{field}: {NUL_REFUSED}", "errors": {field: [NUL_REFUSED]}}


@pytest.mark.parametrize(
    "body, fields",
    [
        ({"title": "New\x00title"}, ["title"]),
        ({"title": "New title", "pseudonym": "\x00"}, ["pseudonym"]),
        ({"title": "\x00", "pseudonym": "Child\x00B"}, ["title", "pseudonym"]),
    ],
)
def test_a_body_field_with_nul_is_422_by_field_and_nothing_changes(
    client, cast, bearer, body, fields
):
    before = (cast.case.title, cast.case.pseudonym)
    response = client.patch(
        f"/api/v1/cases/{cast.case.reference}",
        body,
        content_type="application/json",
        **bearer(cast.member),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {field: [NUL_REFUSED] for field in fields}
    cast.case.refresh_from_db()
    assert (cast.case.title, cast.case.pseudonym) == before
    assert not AuditEvent.objects.filter(action="update", object_type="cases.case").exists()


def test_a_path_with_nul_is_422_and_nothing_is_read(client, cast, bearer):
    response = client.get(f"/api/v1/cases/{cast.case.reference}%00", **bearer(cast.member))
    assert response.status_code == 422
    assert response.json() == _refused("reference")
    assert not AuditEvent.objects.filter(action="read").exists()


def test_a_nul_is_refused_only_after_the_token(client, cast):
    response = client.patch(
        f"/api/v1/cases/{cast.case.reference}", {"title": "\x00"}, content_type="application/json"
    )
    assert response.status_code == 401


def test_other_control_characters_are_cleaned_not_refused(client, cast, bearer):
    """Issue 12, item 7: what the API stores, every export can write."""
    response = client.patch(
        f"/api/v1/cases/{cast.case.reference}",
        {"title": "Pasted\x0btitle\x01"},
        content_type="application/json",
        **bearer(cast.member),
    )
    assert response.status_code == 200
    cast.case.refresh_from_db()
    assert cast.case.title == "Pasted\ntitle"
