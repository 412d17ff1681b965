"""The audit session and learning event in invitees' calendars: the programme's e-mail
carries invite.ics, and a change of date or time sends the update (same UID, higher
SEQUENCE) to everyone invited, with or without an account."""

import datetime

import pytest

from lantern.audits import events
from lantern.notifications.models import Notification
from tests.calendars.helpers import invite_of, the_event
from tests.factories import UserFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def invited(sent, manager, agencies):
    event = events.event_schedule(
        audit=sent, date=TODAY, time=datetime.time(9, 30), location="Room 4",
        programme="09:30 Welcome", user=manager,
    )  # fmt: skip
    police = UserFactory(partnership=sent.case.partnership, agency=agencies["Police"])
    events.invitee_add(event=event, user=manager, person=police)
    events.invitee_add(event=event, user=manager, name="Ann Other", email="ann@example.org")
    return event


def test_rule_the_programme_carries_the_learning_event_as_a_calendar_request(
    invited, manager, mailoutbox
):
    """Invitees get nothing until the programme goes (the kernel's own invitation is not
    sent for a learning event); then each gets invite.ics, 09:30 GMT on 2 March 2026."""
    assert not Notification.objects.filter(kind__startswith="meeting_").exists()
    events.programme_send(event=invited, user=manager)
    programmes = [m for m in mailoutbox if "Programme:" in m.subject]
    assert len(programmes) == 2
    for message in programmes:
        calendar = invite_of(message)
        assert calendar["method"] == "REQUEST"
        event = the_event(calendar)
        assert event["summary"] == f"{invited.audit.case.reference}: Learning event"
        assert event.decoded("dtstart").astimezone(UTC) == datetime.datetime(
            2026, 3, 2, 9, 30, tzinfo=UTC
        )


def test_rule_a_changed_time_after_the_programme_updates_everyones_calendar(
    invited, manager, mailoutbox
):
    events.programme_send(event=invited, user=manager)
    first = the_event(invite_of(mailoutbox[-1]))
    mailoutbox.clear()
    events.event_schedule(
        audit=invited.audit, date=TODAY, time=datetime.time(13, 0), location="Room 4",
        programme="13:00 Welcome", user=manager,
    )  # fmt: skip
    assert sorted(m.to[0] for m in mailoutbox)[0] == "ann@example.org"
    assert len(mailoutbox) == 2 and all("Changed:" in m.subject for m in mailoutbox)
    moved = the_event(invite_of(mailoutbox[-1]))
    assert moved["uid"] == first["uid"] and moved["sequence"] == first["sequence"] + 1
    assert moved.decoded("dtstart").astimezone(UTC).hour == 13
