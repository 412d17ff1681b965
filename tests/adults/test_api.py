"""POST /api/v1/adults/referrals: the same Care Act s44 questions and rules as the form."""

import json

import pytest

from lantern.adults.models import SarReferral
from lantern.api.services import token_create

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.adults.api_urls")]
URL = "/api/v1/adults/referrals"


def _body(**overrides):
    return {
        "referring_agency": "Care Home",
        "authorised_by": "Pat Lead",
        "authoriser_role": "senior_manager",
        "authorised_on": "2026-03-01",
        "adult": {"full_name": "Alex Example"},
        "care_and_support_needs": True,
        "died": False,
        "abuse_or_neglect": "known",
        "serious": True,
        "agencies_concern": True,
        "what_happened": "Serious neglect.",
        "involved_agencies": ["Police"],
    } | overrides


def _post(client, user, body):
    _, raw = token_create(user=user, name="agency system")
    return client.post(
        URL, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )


def test_api_referral_opens_a_sar_and_says_whether_s44_makes_it_mandatory(client, referrer):
    response = _post(client, referrer, _body())
    assert response.status_code == 201
    referral = SarReferral.objects.get()
    assert response.json() == {
        "reference": referral.case.reference, "status": "submitted",
        "criteria": "mandatory", "received_on": "2026-03-02",
    }  # fmt: skip
    assert referral.referred_by == referrer


def test_api_refuses_unknown_agencies_and_saves_nothing(client, referrer):
    response = _post(client, referrer, _body(involved_agencies=["Nowhere"]))
    assert response.status_code == 422 and "involved_agencies" in response.json()["errors"]
    assert not SarReferral.objects.exists()


def test_api_without_a_token_is_401(client):
    assert client.post(URL, "{}", content_type="application/json").status_code == 401
