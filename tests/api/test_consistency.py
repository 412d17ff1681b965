"""The API answers as its OpenAPI document says (issue 12, item 11): JSON everywhere under
/api/, every status and content type documented, and a body the schema calls valid is
not refused, as a blank title now is by the schema itself. schemathesis checks the whole
document (test_schemathesis.py); these pin the cases the issue names."""

import pytest
from django.test import Client
from django.urls import reverse

from lantern.api.api import api
from lantern.api.patterns import BLANK, LINK, NOT_A_LINK, VISIBLE
from tests.actions.helpers import make_plan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_issue_12_item_11_unknown_api_path_is_json_404_for_any_method_not_the_csrf_page(
    method, bearer
):
    client = Client(enforce_csrf_checks=True)  # as a browser or any client meets it
    for headers in ({}, bearer(UserFactory())):
        response = getattr(client, method)("/api/v1/nothing", **headers)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == {"detail": "Not found."}


def test_issue_12_item_11_pages_still_refuse_a_post_without_their_csrf_token():
    """Only the API's unknown paths are exempt: a page's form keeps its CSRF check."""
    client = Client(enforce_csrf_checks=True)
    sign_in = {"username": "a@example.org", "password": "x"}
    response = client.post(reverse("accounts:login"), sign_in)
    assert response.status_code == 403


def test_issue_12_item_11_a_blank_title_is_a_422_the_schema_foretells(client, cast, bearer):
    title = api.get_openapi_schema()["components"]["schemas"]["CaseChanges"]["properties"]["title"]
    assert title["minLength"] == 1
    assert title["pattern"] == VISIBLE
    for blank in ("", "   ", "\x0b\x01"):
        response = client.patch(
            f"/api/v1/cases/{cast.case.reference}",
            {"title": blank},
            content_type="application/json",
            **bearer(cast.member),
        )
        assert response.status_code == 422
        assert response.json() == {"detail": f"title: {BLANK}", "errors": {"title": [BLANK]}}


def test_issue_12_item_11_every_operation_documents_each_status_it_answers():
    """422 wherever there is input (every operation but /me and /me/work), 400 for a body
    that is not JSON, 201 and no 200 for what creates; every error in the error shape."""
    document = api.get_openapi_schema()
    operations = {
        operation["operationId"]: operation
        for path in document["paths"].values()
        for operation in path.values()
    }
    statuses = {name: set(map(str, op["responses"])) for name, op in operations.items()}
    assert statuses == {
        "me": {"200", "401"},
        "me_work": {"200", "401"},
        "case_list": {"200", "401", "422"},
        "case_detail": {"200", "401", "404", "422"},
        "case_update": {"200", "400", "401", "403", "404", "409", "422"},
        "referral_create": {"201", "400", "401", "422"},
        "sar_referral_create": {"201", "400", "401", "422"},
        "action_list": {"200", "401", "422"},
        "action_detail": {"200", "401", "404", "422"},
        "action_update": {"201", "400", "401", "403", "404", "422"},
        "library_search": {"200", "401", "422"},
    }
    for operation in operations.values():
        for code, response in operation["responses"].items():
            status = str(code)
            (content_type,) = response["content"]
            assert content_type == "application/json"
            if status == "422":
                shape = "#/components/schemas/InvalidInput"
                assert response["content"][content_type]["schema"] == {"$ref": shape}
            elif status.startswith("4") and status != "409":
                shape = "#/components/schemas/Error"
                assert response["content"][content_type]["schema"] == {"$ref": shape}


def test_issue_12_item_11_an_evidence_link_the_schema_allows_is_one_the_page_takes(
    client, cast, bearer
):
    """The schema's link pattern is stricter than Django's URLValidator, and its 422 is
    in words."""
    plan = make_plan(cast)
    link = api.get_openapi_schema()["components"]["schemas"]["EvidenceLinkIn"]["properties"]["url"]
    assert link["pattern"] == LINK
    url = f"/api/v1/actions/{plan.action.pk}/updates"
    body = {"status": "on_track", "note": "Drafted.", "evidence_links": []}
    refused = client.post(
        url,
        {**body, "evidence_links": [{"description": "Plan", "url": "intranet/plan"}]},
        content_type="application/json",
        **bearer(plan.lead),
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == {"evidence_links.0.url": [NOT_A_LINK]}
    taken = client.post(
        url,
        {**body, "evidence_links": [{"description": "Plan", "url": "https://a.example.org/p"}]},
        content_type="application/json",
        **bearer(plan.lead),
    )
    assert taken.status_code == 201
