"""The OpenAPI document tells the truth about the API (issue 12, item 11).

schemathesis reads /api/openapi.json from the app itself (WSGI, no network), generates
requests for every operation, valid and not, sends them with a real bearer token of a
person with data, and runs every check on each answer: no 500, every status and content
type documented, every body as its schema says, valid data accepted, invalid refused,
authentication not ignored, unsupported methods refused.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation

from lantern.actions.services import NewEvidence, action_update_record
from lantern.api.api import api
from lantern.api.services import token_create
from lantern.cases.models import Capacity
from tests.actions.helpers import make_plan
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def same_connection():
    """Requests run in the test's transaction, as under Django's test client: the WSGI
    handler would otherwise close the database connection around each request (which
    PostgreSQL's health check does, losing the test's data)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def caller(cast, same_connection):
    """A person with data: the lead agency's safeguarding lead on an action plan with
    evidence, and a lead on the plan's case, so every operation has something to answer."""
    plan = make_plan(cast)
    MembershipFactory(case=cast.case, person=plan.lead, capacity=Capacity.LEAD)
    # Evidence given before: "complete" then needs none in the body, as the page allows.
    action_update_record(
        action=plan.action,
        user=plan.lead,
        status="on_track",
        note="Drafted.",
        evidence=[NewEvidence("Draft protocol", link="https://intranet.example.org/draft")],
    )
    return plan


CONFIG = schemathesis.Config.from_str(
    """
# Text with NUL (U+0000) is refused with a 422 everywhere, as the API's description says
# (tests/api/test_text.py proves it); JSON Schema has no word for "any string but NUL".
[generation]
allow-x00 = false

# These name records by name (agencies) and apply rules about dates and what went
# before, which no schema can state: a schema-valid body may still be refused, with
# the documented 422 naming the field. Everything else must accept valid data.
[[operations]]
include-operation-id = "referral_create"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "422"]

[[operations]]
include-operation-id = "sar_referral_create"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "422"]

[[operations]]
include-operation-id = "action_list"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "422"]
"""
)

# The document /api/openapi.json serves, read without a request: a request needs the
# database, which collection may not touch. The requests go to the WSGI app.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
schema.app = get_wsgi_application()


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms_to_its_openapi_document(case, caller):
    """issue 12, item 11: every status, content type and body the API answers is the one
    its OpenAPI document promises, and a body the schema calls valid is not refused."""
    if case.meta is not None and case.meta.generation.mode.is_positive:
        # A drawn reference or id names nothing (a 404): valid requests name the caller's
        # own case and action instead, so their answers are checked as well.
        real = {"reference": caller.case.reference, "action_id": caller.action.pk}
        for name in case.path_parameters or {}:
            case.path_parameters[name] = real[name]
        # A case's version goes in the body or in If-Match: both, differing, is a 422 that
        # no schema can state (two places), so a valid request gives it once.
        if isinstance(case.body, dict) and "version" in case.body and case.headers:
            case.headers.pop("If-Match", None)
    if case.meta is None or not case.meta.is_negative_at(ParameterLocation.HEADER):
        # schemathesis draws a bearer token as the scheme says: a real one replaces it,
        # except where the headers are meant to be wrong (no or a malformed token: a 401).
        _, raw = token_create(user=caller.lead, name="schemathesis")
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {raw}"}
    case.call_and_validate()
