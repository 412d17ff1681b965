"""Meeting pages under the one policy: member, read-only member, outsider, stranger;
plus the Independent Chair for endorsement and the invited for papers."""

import datetime

import pytest
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.audit.models import AuditEvent
from lantern.cases.models import Capacity
from lantern.meetings import rules
from lantern.meetings.access import can_see_papers
from lantern.meetings.models import Decision, Meeting
from lantern.partnerships.models import AgencyKind, StatutoryFor, StatutoryPartner
from tests.documents.fixtures import upload
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .factories import AttendanceFactory, MeetingFactory, make_quorate

pytestmark = pytest.mark.django_db

OTHERS = [("read_only_member", 403), ("outsider", 404), ("stranger", 404)]
READERS = [("member", 200), ("read_only_member", 200), ("outsider", 404), ("stranger", 404)]


@pytest.fixture
def meeting(cast):
    return MeetingFactory(case=cast.case, title="First rapid review meeting")


def _url(name, meeting, *args):
    return reverse(f"meetings:{name}", args=[meeting.case.reference, meeting.pk, *args])


class TestReading:
    @pytest.mark.parametrize("who, status", READERS)
    def test_list(self, client, cast, meeting, who, status):
        client.force_login(getattr(cast, who))
        response = client.get(reverse("meetings:list", args=[cast.case.reference]))
        assert response.status_code == status
        if status == 200:
            assert "First rapid review meeting" in response.content.decode()

    @pytest.mark.parametrize("who, status", READERS)
    def test_meeting_page(self, client, cast, meeting, who, status):
        client.force_login(getattr(cast, who))
        assert client.get(_url("detail", meeting)).status_code == status

    def test_reading_a_meeting_is_logged_as_a_read_of_the_case(self, client, cast, meeting):
        client.force_login(cast.read_only_member)
        client.get(_url("detail", meeting))
        read = AuditEvent.objects.get(action="read", actor=cast.read_only_member)
        assert (read.object_type, read.changes) == (
            "cases.case",
            {"viewed": f"meeting {meeting.pk}"},
        )

    def test_a_meeting_of_another_case_is_not_found(self, client, cast):
        elsewhere = MeetingFactory(case__partnership=cast.case.partnership)
        client.force_login(cast.member)
        url = reverse("meetings:detail", args=[cast.case.reference, elsewhere.pk])
        assert client.get(url).status_code == 404

    def test_the_page_warns_which_partners_are_missing(self, client, cast, meeting):
        make_quorate(meeting, skip=(StatutoryPartner.ICB, StatutoryPartner.POLICE))
        client.force_login(cast.member)
        page = client.get(_url("detail", meeting)).content.decode()
        assert "govuk-warning-text" in page
        assert (
            "no one from the Integrated Care Board or the police is recorded as attending" in page
        )


class TestSchedule:
    @pytest.fixture(autouse=True)
    def window(self, monkeypatch):
        window = (datetime.date(2026, 3, 10), datetime.date(2026, 3, 18))
        declared = rules.MeetingRules(
            decision_choices=rules.RAPID_REVIEW_DECISIONS,
            window=lambda case, kind: window if kind == "rapid_review" else None,
        )
        monkeypatch.setitem(rules._RULES, "rapid-review", declared)

    def _post(self, client, cast, day, **extra):
        return client.post(
            reverse("meetings:schedule", args=[cast.case.reference]),
            {
                "title": "Rapid review meeting",
                "kind": "rapid_review",
                "date_0": day,
                "date_1": "3",
                "date_2": "2026",
                "time": "14:30",
                "location": "Room 2, Council House",
                **extra,
            },
        )

    def test_the_form_shows_the_window(self, client, cast):
        client.force_login(cast.member)
        page = client.get(reverse("meetings:schedule", args=[cast.case.reference]))
        assert "should be held from 10 March 2026 to 18 March 2026" in page.content.decode()

    def test_member_schedules_inside_the_window(self, client, cast):
        client.force_login(cast.member)
        response = self._post(client, cast, "12")
        meeting = Meeting.objects.get()
        assert response.status_code == 302
        assert response["Location"] == _url("detail", meeting)
        assert (meeting.date, meeting.time) == (datetime.date(2026, 3, 12), datetime.time(14, 30))

    def test_outside_the_window_without_a_reason_is_refused(self, client, cast):
        client.force_login(cast.member)
        response = self._post(client, cast, "20")
        assert response.status_code == 200
        page = response.content.decode()
        assert "govuk-error-summary" in page
        assert "20 March 2026 is outside the window for this meeting" in page
        assert not Meeting.objects.exists()
        self._post(client, cast, "20", outside_window_reason="Chair on leave")
        assert Meeting.objects.get().outside_window_reason == "Chair on leave"

    def test_an_impossible_date_is_refused(self, client, cast):
        client.force_login(cast.member)
        response = self._post(client, cast, "32")
        assert "Date of the meeting must be a real date." in response.content.decode()

    @pytest.mark.parametrize("who, status", OTHERS)
    def test_others_cannot_schedule(self, client, cast, who, status):
        client.force_login(getattr(cast, who))
        assert self._post(client, cast, "12").status_code == status
        assert not Meeting.objects.exists()


class TestAttendancePage:
    def test_member_records_who_was_invited_and_who_came(self, client, cast, meeting):
        agencies = make_quorate(meeting)  # replaced below
        lead = cast.case.memberships.get(person=cast.member)
        observer = cast.case.memberships.get(person=cast.read_only_member)
        client.force_login(cast.member)
        page = client.get(_url("attendance", meeting)).content.decode()
        legend = 'class="govuk-fieldset__legend govuk-fieldset__legend--s">'
        assert f"{legend}{cast.member.full_name} (Case lead)" in page
        response = client.post(
            _url("attendance", meeting),
            {
                f"member_{lead.pk}": "attended",
                f"member_{observer.pk}": "invited",
                **{f"guest_{row.pk}": "attended" for row in meeting.attendance.all()[:2]},
                "new_name": "DS Jones",
                "new_agency": agencies[StatutoryPartner.POLICE].pk,
                "new_role": "Investigating officer",
                "new_attended": "on",
            },
        )
        assert response.status_code == 302
        rows = {r.name: (r.person, r.attended, r.agency) for r in meeting.attendance.all()}
        assert rows[cast.member.full_name][:2] == (cast.member, True)
        assert rows[cast.read_only_member.full_name][:2] == (cast.read_only_member, False)
        assert rows["DS Jones"] == (None, True, agencies[StatutoryPartner.POLICE])
        assert len(rows) == 5  # two members, two guests kept, one added; one guest removed

    def test_an_agency_without_a_name_is_refused(self, client, cast, meeting):
        agencies = make_quorate(meeting)
        client.force_login(cast.member)
        response = client.post(
            _url("attendance", meeting), {"new_agency": agencies[StatutoryPartner.ICB].pk}
        )
        assert "Enter the name of the person you are adding." in response.content.decode()

    @pytest.mark.parametrize("who, status", OTHERS)
    def test_others_cannot_record_attendance(self, client, cast, meeting, who, status):
        client.force_login(getattr(cast, who))
        assert client.post(_url("attendance", meeting), {}).status_code == status


class TestDecisionPage:
    data = {
        "kind": "alternative",
        "rationale": "A table-top review will do.",
        "immediate_actions": "",
    }

    def test_refused_with_the_reason_when_not_quorate(self, client, cast, meeting):
        make_quorate(meeting, skip=(StatutoryPartner.POLICE,))
        client.force_login(cast.member)
        response = client.post(_url("decision", meeting), self.data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "The meeting was not quorate: no one attended from the police." in page
        assert "Immediate actions to keep children safe" in page
        assert not Decision.objects.exists()

    def test_rule_a_sar_meeting_with_childrens_services_instead_of_adult_social_care_is_refused(
        self, client, cast
    ):
        """The decision form refuses per pathway: a SAR needs the council's adult social
        care; its children's services (the partner for children) does not count."""
        partnership = cast.case.partnership
        cast.case.pathway = "sar"
        cast.case.save()
        meeting = MeetingFactory(case=cast.case, kind="panel", title="SAR Panel")
        agencies = make_quorate(meeting)  # a council partner for both sides ...
        council = agencies[StatutoryPartner.LOCAL_AUTHORITY]
        council.statutory_for = StatutoryFor.CHILDREN  # ... now children's services only
        council.save()
        AgencyFactory(
            partnership=partnership,
            kind=AgencyKind.LOCAL_AUTHORITY,
            statutory_partner=StatutoryPartner.LOCAL_AUTHORITY,
            statutory_for=StatutoryFor.ADULTS,
        )
        client.force_login(cast.member)
        page = client.get(_url("decision", meeting)).content.decode()
        assert "no one from the local authority (adult social care) is recorded" in page
        response = client.post(
            _url("decision", meeting), {"kind": "mandatory", "rationale": "Criteria met."}
        )
        assert response.status_code == 200
        assert (
            "The meeting was not quorate: no one attended from the local authority "
            "(adult social care)." in response.content.decode()
        )
        assert not Decision.objects.exists()

    def test_recorded_when_quorate(self, client, cast, meeting):
        make_quorate(meeting)
        Meeting.objects.filter(pk=meeting.pk).update(held=True, held_on=meeting.date)
        client.force_login(cast.member)
        response = client.post(_url("decision", meeting), self.data)
        assert response.status_code == 302
        decision = Decision.objects.get()
        assert (decision.kind, decision.recorded_by) == ("alternative", cast.member)
        page = client.get(_url("detail", meeting)).content.decode()
        assert "Alternative learning review (for example a table-top review)" in page

    def test_a_pathway_without_decisions_has_no_decision_page(self, client, cast, meeting):
        cast.case.pathway = "macfa"
        cast.case.save()
        client.force_login(cast.member)
        assert client.get(_url("decision", meeting)).status_code == 404

    @pytest.mark.parametrize("who, status", OTHERS)
    def test_others_cannot_decide(self, client, cast, meeting, who, status):
        make_quorate(meeting)
        client.force_login(getattr(cast, who))
        assert client.post(_url("decision", meeting), self.data).status_code == status
        assert not Decision.objects.exists()


class TestEndorsePage:
    @pytest.fixture
    def decision(self, meeting, cast):
        make_quorate(meeting)
        return Decision.objects.create(
            case=meeting.case,
            meeting=meeting,
            kind="cspr",
            kind_label="Local child safeguarding practice review",
            rationale="Criteria met.",
            decided_on=meeting.date,
            recorded_by=cast.member,
        )

    def _url(self, decision):
        return reverse("meetings:endorse", args=[decision.case.reference, decision.pk])

    def test_the_independent_chair_endorses(self, client, cast, decision):
        chair = UserFactory(partnership=cast.case.partnership, roles=[Role.INDEPENDENT_CHAIR])
        client.force_login(chair)
        detail = client.get(_url("detail", decision.meeting)).content.decode()
        assert self._url(decision) in detail
        assert client.get(self._url(decision)).status_code == 200
        response = client.post(self._url(decision))
        assert response.status_code == 302
        decision.refresh_from_db()
        assert decision.endorsed_by == chair

    def test_not_where_the_partnership_has_no_independent_chair(self, client, cast, decision):
        partnership = cast.case.partnership
        partnership.has_independent_chair = False
        partnership.save()
        chair = UserFactory(partnership=partnership, roles=[Role.INDEPENDENT_CHAIR])
        client.force_login(chair)
        response = client.post(self._url(decision))
        assert response.status_code == 200
        assert "has no Independent Chair" in response.content.decode()
        decision.refresh_from_db()
        assert decision.endorsed_on is None

    @pytest.mark.parametrize(
        "who, status",
        [("member", 403), ("business_manager", 403), *OTHERS],
    )
    def test_nobody_else_can_endorse(self, client, cast, decision, who, status):
        client.force_login(getattr(cast, who))
        assert client.post(self._url(decision)).status_code == status
        decision.refresh_from_db()
        assert decision.endorsed_on is None


class TestPapers:
    """Papers of a meeting: only for the people invited to it and the case's managers."""

    def test_who_may_see_the_papers(self, cast, meeting):
        invited = MembershipFactory(
            case=cast.case,
            capacity=Capacity.AGENCY_REPRESENTATIVE,
            agency=make_quorate(meeting)[StatutoryPartner.POLICE],
        ).person
        absent = MembershipFactory(case=cast.case, capacity=Capacity.PANEL_MEMBER).person
        AttendanceFactory(meeting=meeting, person=invited, attended=False)
        chair = UserFactory(partnership=cast.case.partnership, roles=[Role.INDEPENDENT_CHAIR])
        assert can_see_papers(invited, meeting)  # invited, even though they did not come
        assert can_see_papers(cast.member, meeting)  # the case lead manages the case
        assert can_see_papers(cast.business_manager, meeting)
        assert not can_see_papers(absent, meeting)
        assert not can_see_papers(cast.read_only_member, meeting)
        assert not can_see_papers(chair, meeting)  # reads every case, but was not invited
        assert not can_see_papers(cast.outsider, meeting)
        assert not can_see_papers(cast.stranger, meeting)

    def test_the_meeting_page_lists_papers_only_for_those_who_may_see_them(
        self, client, cast, meeting
    ):
        upload(cast.case, cast.member, title="Police notification", meeting=meeting)
        client.force_login(cast.read_only_member)
        page = client.get(_url("detail", meeting)).content.decode()
        assert "Police notification" not in page
        assert "shared only with the people invited" in page
        AttendanceFactory(meeting=meeting, person=cast.read_only_member, attended=False)
        page = client.get(_url("detail", meeting)).content.decode()
        assert "Police notification" in page
