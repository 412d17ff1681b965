"""Meeting services: the window, attendance, decisions only when quorate, endorsement."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from lantern.accounts.models import Role
from lantern.audit.models import AuditEvent
from lantern.meetings import services
from lantern.meetings.models import Attendance, Decision, Meeting, MeetingKind
from lantern.meetings.rules import RAPID_REVIEW_DECISIONS
from lantern.partnerships.models import StatutoryPartner
from tests.factories import AgencyFactory, CaseFactory, PartnershipFactory, UserFactory

from .factories import AttendanceFactory, MeetingFactory, make_quorate

pytestmark = pytest.mark.django_db

WINDOW = (datetime.date(2026, 3, 10), datetime.date(2026, 3, 18))


def _schedule(case, date, **kwargs):
    return services.meeting_schedule(
        case=case, title="Rapid review meeting", kind=MeetingKind.RAPID_REVIEW, date=date, **kwargs
    )


class TestScheduleWindow:
    @pytest.mark.parametrize("date", [WINDOW[0], datetime.date(2026, 3, 13), WINDOW[1]])
    def test_a_date_inside_the_window_needs_no_reason(self, date):
        meeting = _schedule(CaseFactory(), date, window=WINDOW)
        assert meeting.date == date
        assert meeting.outside_window_reason == ""

    @pytest.mark.parametrize("date", [datetime.date(2026, 3, 9), datetime.date(2026, 3, 19)])
    def test_a_date_outside_the_window_without_a_reason_is_refused(self, date):
        case = CaseFactory()
        with pytest.raises(ValidationError) as refused:
            _schedule(case, date, window=WINDOW, outside_window_reason="  ")
        message = refused.value.message_dict["outside_window_reason"][0]
        assert "outside the window for this meeting (10 March 2026 to 18 March 2026)" in message
        assert "give the reason" in message
        assert not Meeting.objects.exists()

    def test_a_date_outside_the_window_with_a_reason_is_kept_with_it(self):
        meeting = _schedule(
            CaseFactory(),
            datetime.date(2026, 3, 20),
            window=WINDOW,
            outside_window_reason="The police lead is in court all week.",
        )
        assert meeting.outside_window_reason == "The police lead is in court all week."

    def test_a_reason_for_a_date_inside_the_window_is_not_kept(self):
        meeting = _schedule(
            CaseFactory(), WINDOW[0], window=WINDOW, outside_window_reason="Not needed"
        )
        assert meeting.outside_window_reason == ""

    def test_without_a_window_any_date_is_accepted(self):
        assert _schedule(CaseFactory(), datetime.date(2027, 1, 1), window=None).pk

    def test_title_and_kind_are_required(self):
        with pytest.raises(ValidationError) as refused:
            services.meeting_schedule(
                case=CaseFactory(), title=" ", kind="party", date=WINDOW[0], window=None
            )
        assert set(refused.value.message_dict) == {"title", "kind"}


class TestAttendance:
    def test_replaces_the_list_as_one_change_and_the_trail_records_it(self):
        meeting = MeetingFactory()
        old = AttendanceFactory(meeting=meeting, name="Old entry")
        person = UserFactory(partnership=meeting.case.partnership, full_name="Ann Lead")
        agency = AgencyFactory(partnership=meeting.case.partnership)
        before = AuditEvent.objects.count()
        rows = services.attendance_record(
            meeting=meeting,
            rows=[
                {"person": person, "agency": agency, "role": "Chair", "attended": True},
                {"person": None, "name": "Dr Guest", "agency": None, "attended": False},
            ],
        )
        assert [(r.name, r.attended) for r in meeting.attendance.all()] == [
            ("Ann Lead", True),
            ("Dr Guest", False),
        ]
        assert len(rows) == 2
        assert not Attendance.objects.filter(pk=old.pk).exists()
        events = AuditEvent.objects.order_by("pk")[before:]
        assert {e.object_type for e in events} == {"meetings.attendance"}
        assert sorted(e.action for e in events) == ["create", "create", "delete"]
        assert {e.partnership_id for e in events} == {meeting.case.partnership_id}

    def test_people_and_agencies_of_another_partnership_are_refused(self):
        meeting = MeetingFactory()
        other = PartnershipFactory()
        with pytest.raises(ValidationError) as refused:
            services.attendance_record(
                meeting=meeting,
                rows=[
                    {"person": UserFactory(partnership=other), "attended": True},
                    {"name": "X", "agency": AgencyFactory(partnership=other), "attended": True},
                ],
            )
        assert refused.value.messages == [
            "Choose people from this partnership.",
            "Choose agencies from this partnership.",
        ]
        assert not meeting.attendance.exists()

    def test_someone_without_an_account_needs_a_name(self):
        with pytest.raises(ValidationError):
            services.attendance_record(meeting=MeetingFactory(), rows=[{"name": " "}])

    def test_cannot_change_once_a_decision_is_recorded(self):
        meeting = MeetingFactory(held=True, held_on=datetime.date(2026, 3, 10))
        make_quorate(meeting)
        _decide(meeting)
        with pytest.raises(ValidationError, match="can no longer change"):
            services.attendance_record(meeting=meeting, rows=[])
        assert meeting.attendance.count() == 3


def _decide(meeting, **kwargs):
    arguments = {
        "kind": "cspr",
        "choices": RAPID_REVIEW_DECISIONS,
        "rationale": "The criteria for a local review are met.",
        "immediate_actions": "Sibling placed on a child protection plan.",
        "user": UserFactory(partnership=meeting.case.partnership),
    } | kwargs
    return services.decision_record(meeting=meeting, **arguments)


class TestDecision:
    def test_a_quorate_meeting_records_its_decision(self):
        meeting = MeetingFactory(held=True, held_on=datetime.date(2026, 3, 12))
        make_quorate(meeting)
        decision = _decide(meeting)
        assert decision.case == meeting.case
        assert decision.kind == "cspr"
        assert decision.kind_label == "Local child safeguarding practice review"
        assert decision.decided_on == datetime.date(2026, 3, 12)

    def test_refused_when_not_quorate_and_nothing_is_saved(self):
        meeting = MeetingFactory(held=True, held_on=datetime.date(2026, 3, 10))
        make_quorate(meeting, skip=(StatutoryPartner.POLICE,))
        with pytest.raises(ValidationError) as refused:
            _decide(meeting)
        assert refused.value.messages == [
            "The meeting was not quorate: no one attended from the police."
        ]
        assert not Decision.objects.exists()

    def test_refused_without_a_rationale_and_nothing_is_saved(self):
        meeting = MeetingFactory(held=True, held_on=datetime.date(2026, 3, 10))
        make_quorate(meeting)
        with pytest.raises(ValidationError) as refused:
            _decide(meeting, rationale="   ")
        assert refused.value.message_dict == {
            "rationale": ["Enter the rationale for the decision."]
        }
        assert not Decision.objects.exists()

    def test_kind_must_be_one_of_the_choices_given(self):
        meeting = MeetingFactory(held=True, held_on=datetime.date(2026, 3, 10))
        make_quorate(meeting)
        with pytest.raises(ValidationError) as refused:
            _decide(meeting, kind="national")
        assert "kind" in refused.value.message_dict

    def test_another_pathway_passes_its_own_choices(self):
        meeting = MeetingFactory(
            held=True, held_on=datetime.date(2026, 3, 10), kind=MeetingKind.PANEL
        )
        make_quorate(meeting)
        sar = (("sar", "Safeguarding Adult Review"), ("no_sar", "No SAR"))
        decision = _decide(meeting, kind="no_sar", choices=sar)
        assert decision.kind_label == "No SAR"

    def test_a_meeting_decides_once(self):
        meeting = MeetingFactory(held=True, held_on=datetime.date(2026, 3, 10))
        make_quorate(meeting)
        _decide(meeting)
        with pytest.raises(ValidationError, match="already recorded"):
            _decide(meeting, kind="none")
        assert Decision.objects.count() == 1

    def test_the_trail_says_the_rationale_changed_not_what_it_says(self):
        meeting = MeetingFactory(held=True, held_on=datetime.date(2026, 3, 10))
        make_quorate(meeting)
        _decide(meeting, rationale="Mentions the family by name")
        event = AuditEvent.objects.get(object_type="meetings.decision", action="create")
        assert event.changes["rationale"] == "(confidential)"
        assert event.partnership_id == meeting.case.partnership_id


class TestEndorsement:
    def _decision(self, *, has_chair=True):
        partnership = PartnershipFactory(has_independent_chair=has_chair)
        meeting = MeetingFactory(
            held=True, held_on=datetime.date(2026, 3, 10), case=CaseFactory(partnership=partnership)
        )
        make_quorate(meeting)
        return _decide(meeting)

    @time_machine.travel(datetime.date(2026, 3, 16))
    def test_the_independent_chair_endorses(self):
        decision = self._decision()
        chair = UserFactory(partnership=decision.case.partnership, roles=[Role.INDEPENDENT_CHAIR])
        services.decision_endorse(decision=decision, user=chair)
        decision.refresh_from_db()
        assert decision.endorsed_by == chair
        assert decision.endorsed_on == datetime.date(2026, 3, 16)

    @pytest.mark.parametrize("role", [Role.BUSINESS_MANAGER, Role.GROUP_CHAIR, Role.AUDITOR])
    def test_nobody_else_can(self, role):
        decision = self._decision()
        person = UserFactory(partnership=decision.case.partnership, roles=[role])
        with pytest.raises(ValidationError, match="Only the partnership's Independent Chair"):
            services.decision_endorse(decision=decision, user=person)
        decision.refresh_from_db()
        assert decision.endorsed_on is None

    def test_not_the_chair_of_another_partnership(self):
        decision = self._decision()
        elsewhere = UserFactory(roles=[Role.INDEPENDENT_CHAIR])
        with pytest.raises(ValidationError):
            services.decision_endorse(decision=decision, user=elsewhere)

    def test_only_where_the_partnership_has_an_independent_chair(self):
        decision = self._decision(has_chair=False)
        chair = UserFactory(partnership=decision.case.partnership, roles=[Role.INDEPENDENT_CHAIR])
        with pytest.raises(ValidationError, match="has no Independent Chair"):
            services.decision_endorse(decision=decision, user=chair)
        decision.refresh_from_db()
        assert decision.endorsed_on is None

    def test_endorsed_once(self):
        decision = self._decision()
        chair = UserFactory(partnership=decision.case.partnership, roles=[Role.INDEPENDENT_CHAIR])
        services.decision_endorse(decision=decision, user=chair)
        with pytest.raises(ValidationError, match="was endorsed on"):
            services.decision_endorse(decision=decision, user=chair)


@time_machine.travel(datetime.date(2026, 3, 12))
def test_a_meeting_cannot_be_recorded_as_held_in_the_future():
    meeting = MeetingFactory(date=datetime.date(2026, 3, 12))
    with pytest.raises(ValidationError):
        services.meeting_held(meeting=meeting, held_on=datetime.date(2026, 3, 13), minutes="")
    services.meeting_held(meeting=meeting, held_on=datetime.date(2026, 3, 12), minutes=" Notes ")
    meeting.refresh_from_db()
    assert (meeting.held, meeting.minutes) == (True, "Notes")


def test_a_held_meeting_keeps_its_minutes_and_the_actions_agreed(db):
    """SAR Panel meetings are kept "with minutes and actions" (domain: monthly panels)."""
    import datetime

    from lantern.meetings.models import MeetingKind
    from lantern.meetings.services import meeting_held, meeting_schedule
    from tests.factories import CaseFactory

    meeting = meeting_schedule(
        case=CaseFactory(), title="SAR Panel", kind=MeetingKind.PANEL,
        date=datetime.date(2026, 11, 2), window=None,
    )  # fmt: skip
    meeting_held(
        meeting=meeting, held_on=datetime.date(2026, 11, 2), minutes="Progress reviewed.",
        actions="Chase the Demo Homes IMR — Business Manager — 9 Nov\n",
    )  # fmt: skip
    meeting.refresh_from_db()
    assert meeting.actions == "Chase the Demo Homes IMR — Business Manager — 9 Nov"
