"""Found on a walk: an audit's dates on non-working days, and a learning event held
before its arranged date.

The rules proved here:
- an audit's QA&P presentation date and its returns' due dates fall on working days
  (the clock's one check, naming the next working day);
- the learning event behaves as meetings do: a date on a Saturday moves to the next
  working day and the page says so; a change of date is a move, with its reason kept;
- a learning event is recorded as held on the day arranged, once it has come: not
  before it (it was accepted as held on 3 December for an event arranged later), and a
  different day needs the arrangements changed first."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lantern.audits import events, returns
from lantern.meetings.services import moved_by_person_sentence

from .conftest import QAP_ON, TODAY, date_data, open_audit, url

pytestmark = pytest.mark.django_db

D = datetime.date
SATURDAY = D(2026, 3, 7)
MONDAY = D(2026, 3, 9)


def _schedule(audit, user, day, **extra):
    return events.event_schedule(
        audit=audit, date=day, time=None, location="Civic Centre", programme="09:30 Welcome",
        user=user, **extra,
    )  # fmt: skip


def test_a_qap_meeting_on_a_saturday_is_refused_found_on_a_walk(partnership, theme_lead):
    with pytest.raises(ValidationError) as refused:
        open_audit(partnership, theme_lead, qap_meeting_on=D(2027, 1, 30))
    assert refused.value.message_dict["qap_meeting_on"] == [
        "30 January 2027 is a Saturday: choose a working day, such as Monday 1 February 2027."
    ]
    assert open_audit(partnership, theme_lead, qap_meeting_on=QAP_ON).qap_meeting_on == QAP_ON


def test_returns_due_on_a_saturday_are_refused_when_sent_and_when_added(ready, agencies):
    council, police = agencies["Council"], agencies["Police"]
    with pytest.raises(ValidationError) as refused:
        returns.template_send(audit=ready, agency_ids=[council.pk], due=SATURDAY)
    assert "7 March 2026 is a Saturday" in refused.value.message_dict["due"][0]
    returns.template_send(audit=ready, agency_ids=[council.pk], due=MONDAY)
    selected = ready.draws.get().selected
    for agency in (police, council):  # a new request, and one more return on a request
        with pytest.raises(ValidationError) as refused:
            returns.return_add(
                audit=ready, case_reference=selected[0], agency_id=agency.pk, due=SATURDAY
            )
        assert "Monday 9 March 2026" in refused.value.message_dict["due"][0]


def test_a_learning_event_on_a_saturday_moves_to_monday_and_says_so_found_on_a_walk(sent, manager):
    event = _schedule(sent, manager, SATURDAY)
    assert event.meeting.date == MONDAY
    assert events.event_moved(event) == (
        "7 March 2026 is a Saturday: moved to Monday 9 March 2026, the next working day"
    )
    # Saving the arrangements again as shown (the Monday) is not a move.
    _schedule(sent, manager, MONDAY)
    event.meeting.refresh_from_db()
    assert event.meeting.moved_from is None


def test_the_arrangements_page_says_the_event_moved(client, audit_cast, cast_returned):
    client.force_login(audit_cast.member)
    data = {**date_data("date", SATURDAY), "location": "Civic Centre", "programme": "Welcome"}
    response = client.post(url("event_schedule", audit_cast.case), data, follow=True)
    page = response.content.decode()
    assert "7 March 2026 is a Saturday: moved to Monday 9 March 2026, the next working day" in page


def test_changing_the_date_is_a_move_that_needs_its_reason(sent, manager):
    event = _schedule(sent, manager, MONDAY)
    with pytest.raises(ValidationError) as refused:
        _schedule(sent, manager, TODAY)
    assert "reason" in refused.value.message_dict
    _schedule(sent, manager, TODAY, reason="Brought forward to meet before the QA&P papers.")
    event.meeting.refresh_from_db()
    assert event.meeting.date == TODAY
    assert moved_by_person_sentence(event.meeting) == (
        "Moved from 9 March 2026 to 2 March 2026: Brought forward to meet before the QA&P papers."
    )


def test_held_before_the_day_arranged_is_refused_found_on_a_walk(sent, manager):
    event = _schedule(sent, manager, MONDAY)
    invitee = events.invitee_add(event=event, user=manager, name="Ann", email="ann@example.org")
    events.programme_send(event=event, user=manager)
    with pytest.raises(ValidationError) as refused:
        events.attendance_save(
            event=event, attendance={invitee.pk: "attended"}, held_on=TODAY, user=manager
        )
    assert refused.value.message_dict["held_on"] == [
        "The learning event was arranged for 9 March 2026, so it is recorded as held on that "
        "day. If it was held on 2 March 2026 instead, change the arrangements to that day "
        "first, saying why."
    ]
    event.meeting.refresh_from_db()
    assert not event.meeting.held
    # Who attended is not recorded either: the kernel's list still says nobody came.
    assert not event.meeting.attendance.filter(attended=True).exists()


def test_the_arranged_day_once_come_is_held(sent, manager):
    event = _schedule(sent, manager, TODAY)
    invitee = events.invitee_add(event=event, user=manager, name="Ann", email="ann@example.org")
    events.programme_send(event=event, user=manager)
    events.attendance_save(
        event=event, attendance={invitee.pk: "attended"}, held_on=TODAY, user=manager
    )
    event.meeting.refresh_from_db()
    assert (event.meeting.held, event.meeting.held_on) == (True, TODAY)
