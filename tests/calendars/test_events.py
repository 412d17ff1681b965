"""The calendar file of a meeting: times in Europe/London across the clock change, one
UID for the life of the meeting, SEQUENCE up when it moves, METHOD:CANCEL to cancel, and
nothing from the case but its reference and the kind of meeting."""

import datetime

import pytest
from icalendar import Calendar

from lantern.calendars.attachments import attachment_for, meeting_ref
from lantern.calendars.events import CANCEL, REQUEST, calendar_ics, host, meeting_occasion
from tests.factories import CaseFactory, SubjectFactory
from tests.meetings.factories import MeetingFactory

from .helpers import parsed, the_event

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
TEN = datetime.time(10, 0)


def _ics(meeting, method=REQUEST) -> Calendar:
    return parsed(calendar_ics([meeting_occasion(meeting)], method=method))


def test_rule_ten_oclock_in_british_summer_time_is_nine_utc():
    """23 October 2026 is before the clocks go back (25 October): 10:00 BST = 09:00Z."""
    meeting = MeetingFactory(date=datetime.date(2026, 10, 23), time=TEN)
    event = the_event(_ics(meeting))
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/London"
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert start.astimezone(UTC) == datetime.datetime(2026, 10, 23, 9, 0, tzinfo=UTC)
    assert event.decoded("dtend").astimezone(UTC) == datetime.datetime(
        2026, 10, 23, 11, 0, tzinfo=UTC
    )


def test_rule_ten_oclock_after_the_clocks_go_back_is_ten_utc():
    """26 October 2026 is after the change to GMT: 10:00 GMT = 10:00Z."""
    meeting = MeetingFactory(date=datetime.date(2026, 10, 26), time=TEN)
    start = the_event(_ics(meeting)).decoded("dtstart")
    assert start.astimezone(UTC) == datetime.datetime(2026, 10, 26, 10, 0, tzinfo=UTC)


def test_rule_the_file_carries_the_london_timezone_with_both_its_offsets():
    """A parser without a time zone database still reads the times right: the file's own
    VTIMEZONE gives BST (+01:00) and GMT (+00:00)."""
    calendar = _ics(MeetingFactory(date=datetime.date(2026, 10, 23), time=TEN))
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/London"
    names = {str(part.get("tzname")) for part in zone.subcomponents}
    assert {"BST", "GMT"} <= names


def test_rule_a_meeting_without_a_time_is_an_all_day_event():
    meeting = MeetingFactory(date=datetime.date(2026, 10, 26), time=None)
    event = the_event(_ics(meeting))
    assert event.decoded("dtstart") == datetime.date(2026, 10, 26)
    assert event.decoded("dtend") == datetime.date(2026, 10, 27)


def test_rule_the_summary_is_the_case_reference_and_the_kind_of_meeting_only():
    """No subject's name, no meeting title, no location or other free text of the case."""
    subject = SubjectFactory(full_name="Zebedee Quartermain")
    case = CaseFactory(subject=subject, partnership=subject.partnership, reference="RR-2026-777")
    meeting = MeetingFactory(
        case=case,
        date=datetime.date(2026, 10, 23),
        time=TEN,
        title="Zebedee Quartermain's review",
        location="The Quartermain family home",
    )
    ics = calendar_ics([meeting_occasion(meeting)], method=REQUEST)
    assert the_event(parsed(ics))["summary"] == "RR-2026-777: Rapid review meeting"
    assert b"Quartermain" not in ics and b"Zebedee" not in ics


def test_rule_a_moved_meeting_keeps_its_uid_and_its_sequence_goes_up():
    meeting = MeetingFactory(date=datetime.date(2026, 10, 23), time=TEN)
    first = the_event(parsed(attachment_for(meeting_ref(meeting.pk), REQUEST, "a@example.org")))
    again = the_event(parsed(attachment_for(meeting_ref(meeting.pk), REQUEST, "b@example.org")))
    meeting.date = datetime.date(2026, 10, 26)
    meeting.save()
    moved = the_event(parsed(attachment_for(meeting_ref(meeting.pk), REQUEST, "a@example.org")))
    assert first["uid"] == again["uid"] == moved["uid"] == f"meeting-{meeting.pk}@{host()}"
    assert (first["sequence"], again["sequence"], moved["sequence"]) == (0, 0, 1)
    assert moved.decoded("dtstart").astimezone(UTC).hour == 10  # GMT now


def test_rule_a_cancellation_is_method_cancel_with_status_cancelled():
    meeting = MeetingFactory(date=datetime.date(2026, 10, 23), time=TEN)
    calendar = parsed(attachment_for(meeting_ref(meeting.pk), CANCEL, "a@example.org"))
    assert calendar["method"] == "CANCEL"
    assert the_event(calendar)["status"] == "CANCELLED"
    assert the_event(calendar)["uid"] == f"meeting-{meeting.pk}@{host()}"


def test_rule_an_invitation_names_its_reader_only_and_lantern_as_organiser():
    meeting = MeetingFactory(date=datetime.date(2026, 10, 23), time=TEN)
    part = attachment_for(meeting_ref(meeting.pk), REQUEST, "reader@example.org")
    assert part.get_param("method") == "REQUEST"
    event = the_event(parsed(part))
    assert str(event["attendee"]) == "mailto:reader@example.org"
    assert str(event["organizer"]).startswith("mailto:")


def test_rule_an_event_gone_since_the_message_was_queued_sends_no_file():
    assert attachment_for(meeting_ref(999999), REQUEST, "a@example.org") is None


def test_two_steps_of_one_case_on_one_page_are_two_due_dates():
    """Many steps of a case link to its page: each due date keeps its own UID."""
    from types import SimpleNamespace

    from lantern.calendars.events import due_occasion

    def step(title):
        return SimpleNamespace(
            kind="step", title=title, url="/adults/SAR-2026-001/",
            case_reference="SAR-2026-001", due=datetime.date(2026, 12, 7),
        )  # fmt: skip

    first = due_occasion(step("Draft final report to the SAR Panel"), 7)
    second = due_occasion(step("Report shared with the family"), 7)
    assert first.uid != second.uid


def test_the_organiser_is_the_bare_address_of_a_named_sender(settings):
    """From "Lantern <lantern@example.org>", the ORGANIZER is mailto:lantern@example.org:
    a calendar app refuses an invitation whose organiser is not an address."""
    settings.DEFAULT_FROM_EMAIL = "Lantern <lantern@example.org>"
    meeting = MeetingFactory(date=datetime.date(2026, 10, 23), time=TEN)
    event = the_event(_ics(meeting))
    assert str(event["organizer"]) == "mailto:lantern@example.org"
