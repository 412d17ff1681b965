"""POST /api/v1/children/referrals: the same referral rules as the form."""

import json

import pytest
import time_machine

from lantern.api.services import token_create
from lantern.cases.models import Case
from lantern.children.models import RapidReview

from .conftest import TODAY

pytestmark = pytest.mark.django_db
URL = "/api/v1/children/referrals"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _body(**overrides):
    body = {
        "referring_agency": "School",
        "authorised_by": "Pat Lead",
        "authorised_on": "2026-11-02",
        "child": {
            "full_name": "Jamie Example",
            "date_of_birth": "2019-06-14",
            "looked_after": False,
        },
        "incident_on": "2026-11-01",
        "harm": "serious_harm",
        "abuse_or_neglect": "suspected",
        "what_happened": "Unexplained injuries.",
        "involved_agencies": ["Police", "Council"],
    }
    body.update(overrides)
    return body


def _post(client, user, body):
    _, raw = token_create(user=user, name="agency system")
    return client.post(
        URL, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )


def test_a_valid_referral_opens_a_rapid_review(client, referrer, agencies):
    response = _post(client, referrer, _body())
    assert response.status_code == 201
    review = RapidReview.objects.get()
    assert response.json() == {
        "reference": review.case.reference,
        "status": "submitted",
        "received_on": "2026-11-20",
    }
    assert review.referred_by == referrer


def test_rule_refused_when_neither_died_nor_seriously_harmed(client, referrer, agencies):
    response = _post(client, referrer, _body(harm="neither"))
    assert response.status_code == 422
    assert "died or been seriously harmed" in response.json()["detail"]
    assert "harm" in response.json()["errors"]
    assert Case.objects.count() == 0


def test_unknown_agency_is_named_and_nothing_saved(client, referrer, agencies):
    response = _post(client, referrer, _body(involved_agencies=["Nowhere Trust"]))
    assert response.status_code == 422
    assert "Nowhere Trust" in response.json()["errors"]["involved_agencies"][0]
    assert Case.objects.count() == 0


def test_missing_child_is_a_readable_422(client, referrer, agencies):
    body = _body()
    del body["child"]
    response = _post(client, referrer, body)
    assert response.status_code == 422
    assert response.json()["detail"]
    assert Case.objects.count() == 0


def test_without_a_token_401(client, agencies):
    assert client.post(URL, json.dumps(_body()), content_type="application/json").status_code == 401
