"""Two people record the same meeting (issue 12, item 12): the second save of its minutes
is refused, showing what the first wrote, and nothing the first saved is lost; a "not
held" recorded meanwhile is not silently turned back into "held"."""

import pytest
from django.test import Client
from django.urls import reverse

from lantern.cases.models import Capacity
from lantern.meetings import services
from lantern.meetings.models import Meeting
from tests.factories import MembershipFactory
from tests.web.conflicts import shown_copy

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _held(**answers: str) -> dict[str, str]:
    return {"held_on_0": "10", "held_on_1": "3", "held_on_2": "2026", "minutes": "", **answers}


@pytest.fixture
def two(cast):
    meeting = MeetingFactory(case=cast.case)
    other = MembershipFactory(case=cast.case, capacity=Capacity.LEAD).person
    first, second = Client(), Client()
    first.force_login(cast.member)
    second.force_login(other)
    url = reverse("meetings:held", args=[cast.case.reference, meeting.pk])
    return meeting, url, first, second


def test_second_save_of_the_minutes_sees_what_changed_issue_12_item_12(two):
    meeting, url, first, second = two
    firsts, seconds = shown_copy(first, url), shown_copy(second, url)
    assert first.post(url, _held(minutes="Agreed a CSPR.", **firsts)).status_code == 302
    refused = second.post(url, _held(minutes="No CSPR needed.", **seconds))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "nothing you sent has been saved" in page and "Agreed a CSPR." in page
    assert Meeting.objects.get(pk=meeting.pk).minutes == "Agreed a CSPR."


def test_a_held_form_opened_before_not_held_was_recorded_is_refused_issue_12_item_12(two, cast):
    meeting, url, first, _second = two
    firsts = shown_copy(first, url)
    services.meeting_not_held(meeting=meeting, reason="The chair was ill.", user=cast.member)
    refused = first.post(url, _held(minutes="Met as planned.", **firsts))
    assert refused.status_code == 200
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.held, stored.not_held_reason) == (False, "The chair was ill.")
