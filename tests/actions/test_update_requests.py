"""Asking the lead agency for an action update: the request names its action, its e-mail
links to the action's "Record progress" page, and it may be asked after the case closes."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from lantern.actions.services import action_update_record, action_update_request
from lantern.agencyrequests.models import AgencyRequest, RequestKind, RequestStatus
from lantern.agencyrequests.services import requests_send
from lantern.cases.models import Capacity, CaseStatus
from tests.factories import MembershipFactory

from .helpers import make_plan, working

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LANTERN_BASE_URL = "https://lantern.example.org"
    return make_plan(cast)


@pytest.fixture
def closed(plan):
    plan.case.status = CaseStatus.CLOSED
    plan.case.save()
    return plan


def _ask_url(action):
    return reverse("actions:action_ask", args=[action.pk])


def _due(day) -> dict:
    return {"due_0": day.day, "due_1": day.month, "due_2": day.year}


def test_the_request_names_its_action_and_its_email_links_to_record_progress(cast, plan):
    rep = MembershipFactory(
        case=cast.case, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=plan.agency
    ).person
    request = action_update_request(action=plan.action, due=working(14), user=cast.member)
    assert request.action == plan.action
    [to_rep] = [m for m in mail.outbox if m.to == [rep.email]]
    progress = reverse("actions:action_progress", args=[plan.action.pk])
    assert f"https://lantern.example.org{progress}" in to_rep.body


def test_rule_an_action_update_may_be_asked_for_after_the_case_closes(cast, closed):
    request = action_update_request(action=closed.action, due=working(14), user=cast.member)
    assert (request.case.status, request.kind, request.action) == (
        CaseStatus.CLOSED,
        RequestKind.ACTION_UPDATE,
        closed.action,
    )
    assert any(m.to == [closed.owner.email] for m in mail.outbox)
    # The agency answers by recording progress, as on an open case.
    action_update_record(action=closed.action, user=closed.owner, status="on_track", note="Going.")
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED


def test_other_requests_are_still_refused_on_a_closed_case(closed):
    with pytest.raises(ValidationError, match=r"Requests cannot be sent on a closed case\."):
        requests_send(
            case=closed.case,
            agency_ids=[closed.agency.pk],
            kind=RequestKind.SCOPING,
            title="Scoping",
            instructions="",
            due=working(14),
        )
    assert not AgencyRequest.objects.exists()


@pytest.mark.parametrize(
    "who, status",
    [("member", 302), ("read_only_member", 403), ("outsider", 404), ("stranger", 404)],
)
def test_asking_on_a_closed_case_four_people(client, cast, closed, who, status):
    client.force_login(getattr(cast, who))
    assert client.post(_ask_url(closed.action), _due(working(14))).status_code == status
    asked = AgencyRequest.objects.filter(action=closed.action)
    assert asked.count() == (1 if status == 302 else 0)
