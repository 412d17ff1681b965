"""Found on a walk: a meeting scheduled for Monday 21 December 2026 was accepted as
"Held on 3 December 2026" (the timetable then said "Done on time"), attendance was
recorded before it had happened, and a decision was recorded while it was "Scheduled".

The rules proved here:
- a meeting is recorded as held on the day it is arranged for, once that day has come:
  not before it, not in the future, not on another day unless it is moved there first;
- a move says why, and the day first arranged and the reason are kept;
- who *attended* is recorded once the meeting has happened (invitations before);
- a decision is recorded only at a meeting recorded as held."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.meetings import services
from lantern.meetings.models import Decision, Meeting
from lantern.meetings.rules import RAPID_REVIEW_DECISIONS

from .factories import MeetingFactory, make_quorate

pytestmark = pytest.mark.django_db

D = datetime.date
MONDAY = D(2026, 12, 21)
TODAY = D(2026, 12, 3)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, 0), tick=False):
        yield


@pytest.fixture
def meeting(cast):
    return MeetingFactory(case=cast.case, date=MONDAY, title="Rapid review meeting")


def _url(name, meeting):
    return reverse(f"meetings:{name}", args=[meeting.case.reference, meeting.pk])


def test_held_before_its_date_is_refused_found_on_a_walk(meeting):
    with pytest.raises(ValidationError) as refused:
        services.meeting_held(meeting=meeting, held_on=TODAY, minutes="")
    assert refused.value.message_dict["held_on"] == [
        "The meeting was arranged for 21 December 2026, so it is recorded as held on that "
        "day. If it was held on 3 December 2026 instead, move the meeting to that day first, "
        "saying why."
    ]
    meeting.refresh_from_db()
    assert (meeting.held, meeting.held_on) == (False, None)


def test_held_on_its_date_before_that_day_has_come_is_refused(meeting):
    with pytest.raises(ValidationError, match="can't be in the future"):
        services.meeting_held(meeting=meeting, held_on=MONDAY, minutes="")


def test_held_on_its_date_once_it_has_come_is_recorded(meeting):
    with time_machine.travel(datetime.datetime(2026, 12, 22, 10, 0), tick=False):
        with pytest.raises(ValidationError, match="arranged for 21 December 2026"):
            services.meeting_held(meeting=meeting, held_on=D(2026, 12, 22), minutes="")
        services.meeting_held(meeting=meeting, held_on=MONDAY, minutes="Facts reviewed.")
    meeting.refresh_from_db()
    assert (meeting.held, meeting.held_on) == (True, MONDAY)


def test_a_meeting_held_on_another_day_is_moved_first_with_its_reason(meeting):
    """The walk's meeting really met on 3 December: moved there, saying why, it is held."""
    services.meeting_move(meeting=meeting, date=TODAY, reason="Brought forward: new concerns.")
    services.meeting_held(meeting=meeting, held_on=TODAY, minutes="")
    meeting.refresh_from_db()
    assert (meeting.date, meeting.held_on, meeting.moved_from) == (TODAY, TODAY, MONDAY)
    assert services.moved_by_person_sentence(meeting) == (
        "Moved from 21 December 2026 to 3 December 2026: Brought forward: new concerns."
    )
    changed = AuditEvent.objects.filter(object_type="meetings.meeting", action="update")
    assert any("moved_reason" in event.changes for event in changed)


def test_a_move_needs_a_reason_and_a_recorded_meeting_cannot_move(meeting):
    with pytest.raises(ValidationError) as refused:
        services.meeting_move(meeting=meeting, date=TODAY, reason="  ")
    assert refused.value.message_dict == {"reason": ["Enter why the meeting is moved."]}
    services.meeting_move(meeting=meeting, date=TODAY, reason="Brought forward.")
    services.meeting_held(meeting=meeting, held_on=TODAY, minutes="")
    with pytest.raises(ValidationError, match="already recorded"):
        services.meeting_move(meeting=meeting, date=MONDAY, reason="Back again.")


def test_a_move_to_a_saturday_goes_on_to_the_next_working_day_and_says_so(meeting):
    services.meeting_move(meeting=meeting, date=D(2026, 12, 12), reason="Chair away on Monday.")
    assert meeting.date == D(2026, 12, 14)
    assert services.moved_sentence(meeting) == (
        "12 December 2026 is a Saturday: moved to Monday 14 December 2026"
    )


def test_a_move_outside_the_window_keeps_the_reason_for_it(meeting):
    window = (D(2026, 12, 14), D(2026, 12, 22))
    services.meeting_move(meeting=meeting, date=TODAY, reason="Urgent.", window=window)
    assert meeting.outside_window_reason == "Urgent."


def test_who_attended_is_not_recorded_before_the_meeting_found_on_a_walk(meeting):
    with pytest.raises(ValidationError, match="once it has happened"):
        services.attendance_record(meeting=meeting, rows=[{"name": "Dr A", "attended": True}])
    assert not meeting.attendance.exists()
    # Invitations are made before the meeting: they are the list of who may see its papers.
    services.attendance_record(meeting=meeting, rows=[{"name": "Dr A", "attended": False}])
    assert meeting.attendance.get().attended is False


def test_a_decision_at_a_meeting_still_scheduled_is_refused_found_on_a_walk(cast):
    meeting = MeetingFactory(case=cast.case, date=D(2026, 12, 1))
    make_quorate(meeting)  # who came is on record, but nobody said it was held
    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            meeting=meeting,
            kind="cspr",
            choices=RAPID_REVIEW_DECISIONS,
            rationale="Criteria met.",
            immediate_actions="",
            user=cast.member,
        )
    assert refused.value.messages == [
        "Record that the meeting was held, and who attended, before recording its decision."
    ]
    assert not Decision.objects.exists()


class TestPages:
    def test_the_held_page_refuses_an_earlier_day_and_offers_the_move(self, client, cast, meeting):
        client.force_login(cast.member)
        page = client.get(_url("held", meeting)).content.decode()
        assert "arranged for Monday 21 December 2026" in page
        assert _url("move", meeting) in page
        response = client.post(
            _url("held", meeting),
            {"held_on_0": "3", "held_on_1": "12", "held_on_2": "2026", "minutes": ""},
        )
        assert response.status_code == 200
        assert "move the meeting to that day first" in response.content.decode()
        assert not Meeting.objects.get(pk=meeting.pk).held

    def test_the_move_page_moves_it_and_the_meeting_page_says_why(self, client, cast, meeting):
        client.force_login(cast.member)
        refused = client.post(
            _url("move", meeting), {"date_0": "3", "date_1": "12", "date_2": "2026"}
        )
        assert "Enter why the meeting is moved." in refused.content.decode()
        response = client.post(
            _url("move", meeting),
            {"date_0": "3", "date_1": "12", "date_2": "2026", "reason": "New concerns."},
        )
        assert response.status_code == 302
        page = client.get(_url("detail", meeting)).content.decode()
        assert "Moved from 21 December 2026 to 3 December 2026: New concerns." in page

    def test_the_decision_button_waits_for_the_meeting_to_be_held(self, client, cast, meeting):
        client.force_login(cast.member)
        assert _url("decision", meeting) not in client.get(_url("detail", meeting)).content.decode()
        Meeting.objects.filter(pk=meeting.pk).update(date=TODAY, held=True, held_on=TODAY)
        assert _url("decision", meeting) in client.get(_url("detail", meeting)).content.decode()

    def test_the_move_page_is_for_whoever_may_change_the_case(self, client, cast, meeting):
        client.force_login(cast.read_only_member)
        assert client.get(_url("move", meeting)).status_code == 403
