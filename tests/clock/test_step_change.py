"""Rule: a step can be extended or paused only with a recorded reason, by whoever may
change the case; every change of a due date is on the audit trail."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.clock.models import CaseStep
from lantern.clock.services import case_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def step(cast):
    case_schedule(case=cast.case, pathway="rapid-review", start=datetime.date(2026, 11, 2))
    return CaseStep.objects.get(case=cast.case, step_id="meeting")


def _url(step):
    return reverse("cases:step_change", args=[step.case.reference, step.pk])


def test_extension_needs_a_reason_and_is_audited(client, cast, step):
    client.force_login(cast.member)
    data = {"action": "extend", "on_0": "24", "on_1": "11", "on_2": "2026", "reason": ""}
    response = client.post(_url(step), data)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    step.refresh_from_db()
    assert step.due == datetime.date(2026, 11, 19)
    client.post(_url(step), {**data, "reason": "Police need more time."})
    step.refresh_from_db()
    assert step.due == datetime.date(2026, 11, 24)
    assert step.extension_reason == "Police need more time."
    change = AuditEvent.objects.filter(object_type="clock.casestep", action="update").last()
    assert change.actor == cast.member and "due" in change.changes


def test_pause_needs_a_reason(client, cast, step):
    client.force_login(cast.member)
    with time_machine.travel(datetime.date(2026, 11, 5), tick=False):
        response = client.post(_url(step), {"action": "pause", "reason": ""})
        assert "govuk-error-summary" in response.content.decode()
        client.post(_url(step), {"action": "pause", "reason": "Court proceedings."})
    step.refresh_from_db()
    assert (
        step.paused_on == datetime.date(2026, 11, 5) and step.pause_reason == "Court proceedings."
    )


@pytest.mark.parametrize(
    "who, status", [("read_only_member", 403), ("outsider", 404), ("stranger", 404)]
)
def test_only_those_who_may_change_the_case(client, cast, step, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(_url(step)).status_code == status
