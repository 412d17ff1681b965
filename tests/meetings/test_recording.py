"""Meetings are held on working days, and a past meeting is recorded as held or as not
held with a reason: until then it needs recording, on its page, the case's list and the
work of the people who run the case."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.adults import review
from lantern.adults.models import Sar
from lantern.audit.models import AuditEvent
from lantern.cases.models import Capacity, CaseStatus
from lantern.clock.models import ClosureDay
from lantern.clock.selectors import working_calendar
from lantern.clock.services import case_schedule
from lantern.meetings import services
from lantern.meetings.models import MeetingKind
from lantern.meetings.selectors import meetings_for_case, meetings_to_record_for
from lantern.work.items import WorkItem
from tests.factories import CaseFactory, MembershipFactory, UserFactory

from .factories import MeetingFactory, make_quorate

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 12, 3)  # a Thursday


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _schedule(case, date, window=None):
    return services.meeting_schedule(
        case=case, title="SAR Panel", kind=MeetingKind.PANEL, date=date, window=window
    )


class TestWorkingDays:
    def test_rule_a_sunday_moves_to_the_monday_and_says_why(self):
        meeting = _schedule(CaseFactory(), D(2027, 1, 3))
        assert meeting.date == D(2027, 1, 4)
        assert services.moved_sentence(meeting) == (
            "3 January 2027 is a Sunday: moved to Monday 4 January 2027"
        )

    def test_rule_a_saturday_moves_to_the_next_working_day(self):
        meeting = _schedule(CaseFactory(), D(2027, 4, 3))
        assert meeting.date == D(2027, 4, 5)
        assert meeting.moved_because == "a Saturday"

    def test_rule_a_bank_holiday_moves_to_the_next_working_day(self):
        meeting = _schedule(CaseFactory(), D(2026, 12, 25))  # Christmas Day, a Friday
        # Boxing Day is a Saturday, so its substitute day is Monday 28; Tuesday 29 works.
        assert meeting.date == D(2026, 12, 29)
        assert services.moved_sentence(meeting) == (
            "25 December 2026 is a bank holiday: moved to Tuesday 29 December 2026"
        )

    def test_rule_a_closure_day_moves_to_the_next_working_day(self):
        case = CaseFactory()
        ClosureDay.objects.create(partnership=case.partnership, date=D(2027, 2, 3), reason="Move")
        meeting = _schedule(case, D(2027, 2, 3))
        assert meeting.date == D(2027, 2, 4)
        assert meeting.moved_because == "a closure day (Move)"

    def test_a_working_day_stays_and_says_nothing(self):
        meeting = _schedule(CaseFactory(), D(2027, 1, 5))
        assert (meeting.date, meeting.requested_date, services.moved_sentence(meeting)) == (
            D(2027, 1, 5),
            None,
            "",
        )

    def test_the_window_is_checked_on_the_date_the_meeting_moves_to(self):
        window = (D(2027, 1, 4), D(2027, 1, 8))
        with pytest.raises(ValidationError) as refused:
            _schedule(CaseFactory(), D(2027, 1, 9), window=window)  # Saturday -> Monday 11
        message = refused.value.message_dict["outside_window_reason"][0]
        assert message.startswith(
            "9 January 2027 is a Saturday, so the meeting moves to 11 January 2027, which is "
            "outside the window"
        )
        # Inside the window once moved: a Sunday before it moves onto its first day.
        assert _schedule(CaseFactory(), D(2027, 1, 3), window=window).date == D(2027, 1, 4)

    def test_rule_monthly_sar_panel_meetings_land_on_working_days(self):
        """adults.review.panel_meetings_schedule goes through meeting_schedule: a SAR
        commissioned on 3 December 2026 meets on 4 January and 5 April 2027, not on the
        Sunday and Saturday."""
        case = CaseFactory(pathway="sar", reference="SAR-2026-900")
        sar = Sar.objects.create(case=case, commissioned_on=TODAY)
        case_schedule(case=case, pathway="sar", start=TODAY)
        meetings = review.panel_meetings_schedule(sar)
        dates = [m.date for m in meetings]
        assert D(2027, 1, 4) in dates and D(2027, 4, 5) in dates
        calendar = working_calendar(case.partnership_id)
        assert all(calendar.is_working_day(day) for day in dates)
        moved = {m.requested_date: m.moved_because for m in meetings if m.requested_date}
        assert moved[D(2027, 1, 3)] == "a Sunday" and moved[D(2027, 4, 3)] == "a Saturday"

    def test_rule_rescheduling_moves_to_a_working_day_too(self):
        meeting = _schedule(CaseFactory(), D(2027, 1, 3))
        services.meeting_reschedule(meeting=meeting, date=D(2027, 5, 3))  # early May bank hol.
        assert (meeting.date, meeting.moved_because) == (D(2027, 5, 4), "a bank holiday")
        services.meeting_reschedule(meeting=meeting, date=D(2027, 5, 5), location=" Room 1 ")
        meeting.refresh_from_db()
        assert (meeting.date, meeting.requested_date, meeting.location) == (
            D(2027, 5, 5),
            None,
            "Room 1",
        )

    def test_a_recorded_meeting_cannot_be_rescheduled(self):
        meeting = MeetingFactory(date=D(2026, 12, 1))
        services.meeting_held(meeting=meeting, held_on=D(2026, 12, 1), minutes="")
        with pytest.raises(ValidationError, match="already recorded"):
            services.meeting_reschedule(meeting=meeting, date=D(2027, 1, 5))

    def test_the_schedule_page_says_the_date_was_moved_and_why(self, client, cast):
        client.force_login(cast.member)
        response = client.post(
            reverse("meetings:schedule", args=[cast.case.reference]),
            {
                "title": "Rapid review meeting",
                "kind": "rapid_review",
                "date_0": "3",
                "date_1": "1",
                "date_2": "2027",
            },
            follow=True,
        )
        page = response.content.decode()
        assert "3 January 2027 is a Sunday: moved to Monday 4 January 2027" in page
        assert "Monday 4 January 2027" in page


class TestNotHeld:
    def test_rule_not_held_needs_a_reason_and_records_who_and_when(self):
        meeting = MeetingFactory(date=D(2026, 12, 1))
        user = UserFactory(partnership=meeting.case.partnership)
        with pytest.raises(ValidationError) as refused:
            services.meeting_not_held(meeting=meeting, reason="  ", user=user)
        assert refused.value.message_dict == {"reason": ["Enter why the meeting was not held."]}
        meeting.refresh_from_db()
        assert meeting.not_held_at is None
        services.meeting_not_held(meeting=meeting, reason="The chair was ill.", user=user)
        meeting.refresh_from_db()
        assert (meeting.not_held_reason, meeting.not_held_by) == ("The chair was ill.", user)
        assert meeting.not_held_at.date() == TODAY
        assert meeting.status_label(TODAY) == "Not held"

    def test_not_held_is_audited_like_any_change(self):
        meeting = MeetingFactory(date=D(2026, 12, 1))
        user = UserFactory(partnership=meeting.case.partnership)
        services.meeting_not_held(meeting=meeting, reason="Cancelled.", user=user)
        event = AuditEvent.objects.filter(object_type="meetings.meeting", action="update").last()
        assert event.changes["not_held_reason"] == ["", "Cancelled."]
        assert event.changes["not_held_by"] == [None, user.pk]

    def test_a_meeting_still_to_come_cannot_be_marked_not_held(self):
        meeting = MeetingFactory(date=D(2026, 12, 10))
        user = UserFactory(partnership=meeting.case.partnership)
        with pytest.raises(ValidationError, match="once that day has come"):
            services.meeting_not_held(meeting=meeting, reason="Cancelled.", user=user)

    def test_a_held_meeting_cannot_be_marked_not_held(self):
        meeting = MeetingFactory(date=D(2026, 12, 1))
        services.meeting_held(meeting=meeting, held_on=D(2026, 12, 1), minutes="")
        user = UserFactory(partnership=meeting.case.partnership)
        with pytest.raises(ValidationError, match="recorded as held on 1 December 2026"):
            services.meeting_not_held(meeting=meeting, reason="Cancelled.", user=user)

    def test_rule_a_meeting_not_held_cannot_decide(self):
        meeting = MeetingFactory(date=D(2026, 12, 1))
        make_quorate(meeting)
        user = UserFactory(partnership=meeting.case.partnership)
        services.meeting_not_held(meeting=meeting, reason="Cancelled.", user=user)
        with pytest.raises(ValidationError, match="recorded as not held"):
            services.decision_record(
                meeting=meeting,
                kind="cspr",
                choices=[("cspr", "CSPR")],
                rationale="Criteria met.",
                immediate_actions="",
                user=user,
            )

    def test_recording_it_held_later_corrects_the_not_held(self):
        meeting = MeetingFactory(date=D(2026, 12, 1))
        user = UserFactory(partnership=meeting.case.partnership)
        services.meeting_not_held(meeting=meeting, reason="Wrongly marked.", user=user)
        services.meeting_held(meeting=meeting, held_on=D(2026, 12, 1), minutes="")
        meeting.refresh_from_db()
        assert meeting.held and meeting.not_held_at is None and meeting.not_held_reason == ""


class TestNeedsRecording:
    def test_rule_a_past_meeting_still_scheduled_needs_recording(self):
        past = MeetingFactory(date=D(2026, 12, 2))
        today = MeetingFactory(case=past.case, date=TODAY)
        assert past.status_label(TODAY) == "Needs recording: held or not held?"
        assert today.status_label(TODAY) == "Scheduled"
        listed = {m.pk: m.to_record for m in meetings_for_case(past.case)}
        assert listed == {past.pk: True, today.pk: False}

    def test_the_meeting_page_and_list_say_it_needs_recording(self, client, cast):
        meeting = MeetingFactory(case=cast.case, date=D(2026, 12, 2))
        client.force_login(cast.member)
        for url in (
            reverse("meetings:detail", args=[cast.case.reference, meeting.pk]),
            reverse("meetings:list", args=[cast.case.reference]),
        ):
            assert "Needs recording: held or not held?" in client.get(url).content.decode()
        detail = client.get(reverse("meetings:detail", args=[cast.case.reference, meeting.pk]))
        assert reverse("meetings:not_held", args=[cast.case.reference, meeting.pk]) in (
            detail.content.decode()
        )

    def test_the_not_held_page_requires_a_reason_and_then_shows_it(self, client, cast):
        meeting = MeetingFactory(case=cast.case, date=D(2026, 12, 2))
        url = reverse("meetings:not_held", args=[cast.case.reference, meeting.pk])
        client.force_login(cast.member)
        refused = client.post(url, {"reason": ""})
        assert "Enter why the meeting was not held." in refused.content.decode()
        response = client.post(url, {"reason": "Too few partners could come."}, follow=True)
        page = response.content.decode()
        assert "Not held: Too few partners could come." in page
        assert f"Recorded by {cast.member.full_name}" in page
        assert "Needs recording" not in page

    @pytest.mark.parametrize(
        "who, status",
        [
            ("read_only_member", 403),
            ("outsider", 404),
            ("stranger", 404),
            ("business_manager", 200),
        ],
    )
    def test_the_not_held_page_follows_the_policy(self, client, cast, who, status):
        meeting = MeetingFactory(case=cast.case, date=D(2026, 12, 2))
        client.force_login(getattr(cast, who))
        url = reverse("meetings:not_held", args=[cast.case.reference, meeting.pk])
        assert client.get(url).status_code == status
        client.post(url, {"reason": "Cancelled."})
        meeting.refresh_from_db()
        assert meeting.not_held == (status == 200)


class TestMeetingsToRecordFor:
    def test_rule_a_past_meeting_is_listed_for_those_who_run_the_case_then_gone(self, cast):
        meeting = MeetingFactory(case=cast.case, date=D(2026, 12, 2), title="Panel meeting")
        MeetingFactory(case=cast.case, date=D(2026, 12, 10))  # still to come
        url = reverse("meetings:detail", args=[cast.case.reference, meeting.pk])
        expected = WorkItem(
            kind="meeting",
            title="Record whether Panel meeting was held",
            url=url,
            due=D(2026, 12, 2),
            case_reference=cast.case.reference,
            case_title=cast.case.display_title,
            why="You run this case",
            overdue=True,
        )
        assert meetings_to_record_for(cast.member) == [expected]  # the case lead
        assert [i.url for i in meetings_to_record_for(cast.business_manager)] == [url]
        services.meeting_held(meeting=meeting, held_on=D(2026, 12, 2), minutes="")
        assert meetings_to_record_for(cast.member) == []
        assert meetings_to_record_for(cast.business_manager) == []

    def test_marking_it_not_held_takes_it_off_the_list(self, cast):
        meeting = MeetingFactory(case=cast.case, date=D(2026, 12, 2))
        assert len(meetings_to_record_for(cast.member)) == 1
        services.meeting_not_held(meeting=meeting, reason="Cancelled.", user=cast.member)
        assert meetings_to_record_for(cast.member) == []

    def test_not_listed_for_people_who_do_not_run_the_case(self, cast):
        MeetingFactory(case=cast.case, date=D(2026, 12, 2))
        contributor = MembershipFactory(case=cast.case, capacity=Capacity.REVIEWER).person
        chair = UserFactory(partnership=cast.case.partnership, roles=[Role.INDEPENDENT_CHAIR])
        for person in (cast.read_only_member, cast.outsider, cast.stranger, contributor, chair):
            assert meetings_to_record_for(person) == [], person

    def test_a_business_unit_officer_sees_every_case_and_closed_cases_drop_off(self, cast):
        officer = UserFactory(partnership=cast.case.partnership, roles=[Role.BUSINESS_UNIT_OFFICER])
        other_case = CaseFactory(partnership=cast.case.partnership)
        MeetingFactory(case=cast.case, date=D(2026, 11, 2))
        MeetingFactory(case=other_case, date=D(2026, 11, 30))
        assert [i.case_reference for i in meetings_to_record_for(officer)] == [
            cast.case.reference,
            other_case.reference,
        ]
        other_case.status = CaseStatus.CLOSED
        other_case.save()
        assert [i.case_reference for i in meetings_to_record_for(officer)] == [cast.case.reference]

    def test_one_query_however_many_meetings(self, cast, django_assert_num_queries):
        for day in range(1, 6):
            MeetingFactory(case=cast.case, date=D(2026, 11, day))
        cast.business_manager.role_set()  # roles are read once per request, outside this selector
        # 1: the meetings with their cases.
        with django_assert_num_queries(1):
            assert len(meetings_to_record_for(cast.business_manager)) == 5
