"""Rule (the SAR timetable: the sub-group decides within its window): a SAR Panel meeting
before the SAR is commissioned makes that decision, so one scheduled outside the
decision's window needs its reason (found on a walk: no reason was asked)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from lantern.adults import services
from lantern.clock.models import CaseStep
from lantern.meetings.models import Meeting

from .conftest import TODAY, answer_scoping

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoped(submitted, manager, chair, panel_chair):
    with time_machine.travel(TODAY, tick=False):
        services.referral_screen(
            referral=submitted, user=manager, panel_chair=panel_chair, on=TODAY
        )
        services.scoping_sign_off(referral=submitted, user=chair)
        services.scoping_send(referral=submitted)
        answer_scoping(submitted)
        services.scoping_complete(referral=submitted)
    return submitted


def _schedule(client, case, day, **extra):
    return client.post(
        reverse("meetings:schedule", args=[case.reference]),
        {"title": "SAR Panel", "kind": "panel", "date_0": day.day, "date_1": day.month,
         "date_2": day.year, "time": "10:00", "location": "Council House", **extra},
    )  # fmt: skip


def test_a_panel_meeting_outside_the_decision_window_needs_its_reason(client, scoped, manager):
    case = scoped.case
    step = CaseStep.objects.get(case=case, pathway="sar-referral", step_id="decision")
    late = step.due + datetime.timedelta(days=7)
    while late.weekday() >= 5:
        late += datetime.timedelta(days=1)
    client.force_login(manager)
    with time_machine.travel(TODAY, tick=False):
        response = _schedule(client, case, late)
        assert response.status_code == 200
        assert "is outside the window for this meeting" in response.content.decode()
        assert not Meeting.objects.filter(case=case).exists()
        _schedule(client, case, late, outside_window_reason="The Panel chair is away.")
    assert Meeting.objects.get(case=case).outside_window_reason == "The Panel chair is away."
