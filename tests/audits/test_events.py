"""The audit session and learning event: a kernel meeting, invitations e-mailed with the
programme, attendance required of everyone invited, and who was heard."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lantern.audits import events
from lantern.audits.models import Engagement, Invitee
from lantern.clock.models import CaseStep
from lantern.meetings.models import Attendance, MeetingKind
from lantern.notifications.models import Notification
from tests.factories import UserFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db

YESTERDAY = TODAY - datetime.timedelta(days=1)

# The event is arranged for today, so it may be recorded as held today: a learning event
# is held on the day it is arranged for, once it has come (see test_event_dates.py).


def _schedule(audit, user, **overrides):
    values = {
        "audit": audit, "date": TODAY, "time": datetime.time(9, 30),
        "location": "Room 4, Civic Centre", "programme": "09:30 Welcome\n10:00 Case discussion",
        "user": user,
    }  # fmt: skip
    return events.event_schedule(**values | overrides)


@pytest.fixture
def event(sent, manager):
    return _schedule(sent, manager)


@pytest.fixture
def invited(event, manager, agencies):
    police = UserFactory(partnership=event.audit.case.partnership, agency=agencies["Police"])
    events.invitee_add(event=event, user=manager, person=police)
    events.invitee_add(
        event=event, user=manager, name="Ann Other", email="Ann@Example.org",
        agency=agencies["Council"],
    )  # fmt: skip
    return event


def test_the_learning_event_is_a_kernel_meeting_on_the_audits_case(event, sent):
    meeting = event.meeting
    assert meeting.case == sent.case and meeting.kind == MeetingKind.LEARNING_EVENT
    assert meeting.location == "Room 4, Civic Centre" and meeting.time == datetime.time(9, 30)
    assert event.programme.startswith("09:30 Welcome")


def test_rule_the_event_needs_a_date_a_place_and_a_programme(sent, manager):
    with pytest.raises(ValidationError) as error:
        _schedule(sent, manager, date=None, location=" ", programme="")
    assert set(error.value.message_dict) == {"date", "location", "programme"}
    assert not sent.case.meetings.exists()


def test_rule_only_the_theme_lead_or_business_unit_runs_the_event(sent):
    _schedule(sent, sent.theme_lead)
    with pytest.raises(PermissionDenied):
        _schedule(sent, UserFactory(partnership=sent.case.partnership))


def test_invitees_are_people_with_accounts_or_named_with_an_address_each_once(invited, manager):
    rows = list(invited.invitees.values_list("name", "email", "agency__name"))
    assert ("Ann Other", "ann@example.org", "Council") in rows
    assert any(agency == "Police" for _n, _e, agency in rows)  # the person's own agency
    with pytest.raises(ValidationError) as error:
        events.invitee_add(event=invited, user=manager, name="Ann", email="ann@example.org")
    assert error.value.message_dict == {"email": ["ann@example.org is already invited."]}
    with pytest.raises(ValidationError) as error:
        events.invitee_add(event=invited, user=manager)
    assert set(error.value.message_dict) == {"name", "email"}
    with pytest.raises(ValidationError, match="this partnership"):
        events.invitee_add(event=invited, user=manager, person=UserFactory())
    # The kernel meeting lists the same people.
    assert Attendance.objects.filter(meeting=invited.meeting).count() == 2


def test_sending_the_programme_emails_every_invitee_and_marks_programme_sent(
    invited, manager, mailoutbox
):
    sent = events.programme_send(event=invited, user=manager)
    assert len(sent) == 2 and Notification.objects.filter(kind="audit_programme").count() == 2
    assert {m.to[0] for m in mailoutbox if "Programme" in m.subject} >= {"ann@example.org"}
    assert "10:00 Case discussion" in mailoutbox[-1].body
    audit = invited.audit
    step = CaseStep.objects.get(case=audit.case, step_id="programme-sent")
    assert step.done_on == TODAY
    audit.case.refresh_from_db()
    assert audit.case.stage == "audit"


def test_rule_the_programme_goes_to_invitees_so_someone_must_be_invited(event, manager):
    with pytest.raises(ValidationError, match="Invite people"):
        events.programme_send(event=event, user=manager)


def test_rule_attendance_is_required_of_everyone_invited(invited, manager):
    events.programme_send(event=invited, user=manager)
    ann, police = sorted(invited.invitees.all(), key=lambda i: i.name != "Ann Other")
    with pytest.raises(ValidationError) as error:
        events.attendance_save(
            event=invited, attendance={ann.pk: "attended"}, held_on=TODAY, user=manager
        )
    assert error.value.message_dict == {
        f"invitee_{police.pk}": [f"Say whether {police.name} attended."]
    }
    assert not invited.meeting.held


def test_rule_attendance_is_recorded_after_the_programme_and_the_event(invited, manager):
    everyone = {i.pk: "attended" for i in invited.invitees.all()}
    with pytest.raises(ValidationError, match="Send the programme"):
        events.attendance_save(event=invited, attendance=everyone, held_on=TODAY, user=manager)
    events.programme_send(event=invited, user=manager)
    with pytest.raises(ValidationError) as error:
        events.attendance_save(
            event=invited, attendance=everyone, held_on=TODAY + datetime.timedelta(1), user=manager
        )
    assert "future" in error.value.message_dict["held_on"][0]
    nobody = {pk: "apologies" for pk in everyone}
    with pytest.raises(ValidationError, match="Nobody attended"):
        events.attendance_save(event=invited, attendance=nobody, held_on=TODAY, user=manager)


def test_recording_attendance_holds_the_meeting_marks_audit_done_and_moves_to_report(
    invited, manager
):
    events.programme_send(event=invited, user=manager)
    ann, police = sorted(invited.invitees.all(), key=lambda i: i.name != "Ann Other")
    events.attendance_save(
        event=invited, attendance={ann.pk: "attended", police.pk: "apologies"},
        held_on=TODAY, user=manager,
    )  # fmt: skip
    invited.meeting.refresh_from_db()
    assert invited.meeting.held and invited.meeting.held_on == TODAY
    assert dict(Invitee.objects.values_list("name", "attendance"))["Ann Other"] == "attended"
    kernel = dict(Attendance.objects.values_list("name", "attended"))
    assert kernel == {"Ann Other": True, police.name: False}
    audit = invited.audit
    assert CaseStep.objects.get(case=audit.case, step_id="audit").done_on == TODAY
    audit.case.refresh_from_db()
    assert audit.case.stage == "report"
    with pytest.raises(ValidationError, match="has been held"):
        events.invitee_add(event=invited, user=manager, name="Late", email="late@example.org")


def test_engagement_records_who_how_and_what_they_said(sent, manager):
    with pytest.raises(ValidationError) as error:
        events.engagement_record(
            audit=sent, who="neighbour", how="", what_they_said=" ", engaged_on=None, user=manager
        )
    assert set(error.value.message_dict) == {"who", "how", "what_they_said", "engaged_on"}
    events.engagement_record(
        audit=sent, who="parent", how="Home visit by the theme lead.",
        what_they_said="Nobody asked what we needed.", engaged_on=YESTERDAY, user=manager,
    )  # fmt: skip
    heard = Engagement.objects.get()
    assert (heard.get_who_display(), heard.recorded_by) == ("A parent", manager)
