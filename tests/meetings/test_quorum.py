"""Quorum: one attendee from each statutory safeguarding partner (LA, ICB, police)."""

import pytest

from lantern.meetings.quorum import is_quorate, quorum_gaps, quorum_problem
from lantern.meetings.selectors import meetings_for_case
from lantern.partnerships.models import AgencyKind, StatutoryPartner
from tests.factories import AgencyFactory, UserFactory

from .factories import AttendanceFactory, MeetingFactory, make_quorate

pytestmark = pytest.mark.django_db


def test_all_three_partners_attending_is_quorate():
    meeting = MeetingFactory()
    make_quorate(meeting)
    assert quorum_gaps(meeting) == []
    assert is_quorate(meeting)
    assert quorum_problem(meeting) == ""


def test_a_missing_partner_is_named():
    meeting = MeetingFactory()
    make_quorate(meeting, skip=(StatutoryPartner.POLICE,))
    assert quorum_gaps(meeting) == ["Police"]
    assert not is_quorate(meeting)
    assert quorum_problem(meeting) == "The meeting was not quorate: no one attended from Police."


def test_every_missing_partner_is_named_in_a_fixed_order():
    meeting = MeetingFactory()
    assert quorum_gaps(meeting) == ["Local authority", "Integrated Care Board", "Police"]
    assert quorum_problem(meeting).endswith(
        "no one attended from Local authority, Integrated Care Board or Police."
    )


def test_someone_invited_who_did_not_attend_does_not_count():
    meeting = MeetingFactory()
    agencies = make_quorate(meeting, skip=(StatutoryPartner.ICB,))
    AttendanceFactory(meeting=meeting, agency=agencies[StatutoryPartner.ICB], attended=False)
    assert quorum_gaps(meeting) == ["Integrated Care Board"]


def test_an_agency_that_is_not_a_statutory_partner_does_not_count():
    meeting = MeetingFactory()
    make_quorate(meeting, skip=(StatutoryPartner.LOCAL_AUTHORITY,))
    school = AgencyFactory(partnership=meeting.case.partnership, kind=AgencyKind.SCHOOL)
    # Even an agency whose *type* is "local authority" counts only if it is the partner.
    council_service = AgencyFactory(
        partnership=meeting.case.partnership, kind=AgencyKind.LOCAL_AUTHORITY
    )
    AttendanceFactory(meeting=meeting, agency=school)
    AttendanceFactory(meeting=meeting, agency=council_service)
    assert quorum_gaps(meeting) == ["Local authority"]


def test_attendance_counts_for_the_agency_on_the_row_not_the_persons_own():
    meeting = MeetingFactory()
    agencies = make_quorate(meeting, skip=(StatutoryPartner.POLICE,))
    officer = UserFactory(
        partnership=meeting.case.partnership, agency=agencies[StatutoryPartner.POLICE]
    )
    school = AgencyFactory(partnership=meeting.case.partnership, kind=AgencyKind.SCHOOL)
    AttendanceFactory(meeting=meeting, person=officer, agency=school)
    assert quorum_gaps(meeting) == ["Police"]


def test_the_list_shows_quorum_by_the_same_rule():
    quorate = MeetingFactory()
    make_quorate(quorate)
    AttendanceFactory(meeting=quorate, agency=None)  # someone with no agency changes nothing
    case = quorate.case
    short = MeetingFactory(case=case)
    police_only = quorate.attendance.get(agency__statutory_partner=StatutoryPartner.POLICE)
    AttendanceFactory(meeting=short, agency=police_only.agency)
    AttendanceFactory(meeting=short, agency=police_only.agency)
    absent = MeetingFactory(case=case)
    for row in quorate.attendance.exclude(agency=None):
        AttendanceFactory(meeting=absent, agency=row.agency, attended=False)
    listed = {m.pk: m.quorate for m in meetings_for_case(case)}
    assert listed == {m.pk: is_quorate(m) for m in (quorate, short, absent)}
    assert listed == {quorate.pk: True, short.pk: False, absent.pk: False}
