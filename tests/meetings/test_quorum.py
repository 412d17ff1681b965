"""Quorum per pathway: one attendee from each statutory partner for the decisions the
meeting makes. Children's decisions (rapid review, CSPR): the local authority's children's
services, the ICB and the police. Adults' decisions (SAR, DHR): the local authority's
adult social care, the ICB and the police (Care Act 2014 Sch. 2). Which agency stands for
which is each partnership's own data (Agency.statutory_for)."""

import pytest

from lantern.meetings.quorum import is_quorate, quorum_gaps, quorum_problem, quorum_summary
from lantern.meetings.selectors import meetings_for_case
from lantern.partnerships.models import AgencyKind, StatutoryFor, StatutoryPartner
from tests.factories import AgencyFactory, CaseFactory, PartnershipFactory, UserFactory

from .factories import AttendanceFactory, MeetingFactory, make_quorate

pytestmark = pytest.mark.django_db

LA, ICB, POLICE = StatutoryPartner.LOCAL_AUTHORITY, StatutoryPartner.ICB, StatutoryPartner.POLICE
CHILDREN_LA = "the local authority (children's services)"
ADULTS_LA = "the local authority (adult social care)"


@pytest.fixture
def council():
    """A partnership whose council sends children's services to children's decisions and
    adult social care to the SAB's, as the demo's does; the ICB and police stand for both."""
    partnership = PartnershipFactory()
    agencies = {
        "csc": AgencyFactory(
            partnership=partnership,
            name="Council Children's Services",
            kind=AgencyKind.LOCAL_AUTHORITY,
            statutory_partner=LA,
            statutory_for=StatutoryFor.CHILDREN,
        ),
        "asc": AgencyFactory(
            partnership=partnership,
            name="Council Adult Social Care",
            kind=AgencyKind.LOCAL_AUTHORITY,
            statutory_partner=LA,
            statutory_for=StatutoryFor.ADULTS,
        ),
        "icb": AgencyFactory(
            partnership=partnership, name="ICB", kind=AgencyKind.ICB, statutory_partner=ICB
        ),
        "police": AgencyFactory(
            partnership=partnership, name="Police", kind=AgencyKind.POLICE, statutory_partner=POLICE
        ),
    }
    return partnership, agencies


def _meeting(partnership, pathway, *attending):
    case = CaseFactory(partnership=partnership, pathway=pathway)
    meeting = MeetingFactory(case=case)
    for agency in attending:
        AttendanceFactory(meeting=meeting, agency=agency)
    return meeting


def test_all_three_partners_attending_is_quorate():
    meeting = MeetingFactory()
    make_quorate(meeting)
    assert quorum_gaps(meeting) == []
    assert is_quorate(meeting)
    assert quorum_problem(meeting) == ""


def test_a_missing_partner_is_named_in_words():
    meeting = MeetingFactory()
    make_quorate(meeting, skip=(POLICE,))
    assert quorum_gaps(meeting) == ["the police"]
    assert not is_quorate(meeting)
    assert (
        quorum_problem(meeting) == "The meeting was not quorate: no one attended from the police."
    )


def test_every_missing_partner_is_named_in_a_fixed_order():
    meeting = MeetingFactory()
    assert quorum_gaps(meeting) == [CHILDREN_LA, "the Integrated Care Board", "the police"]
    assert quorum_problem(meeting).endswith(
        f"no one attended from {CHILDREN_LA}, the Integrated Care Board or the police."
    )


class TestPerPathway:
    def test_rule_sar_quorate_with_adult_social_care_icb_and_police(self, council):
        partnership, a = council
        meeting = _meeting(partnership, "sar", a["asc"], a["icb"], a["police"])
        assert quorum_gaps(meeting) == []

    def test_rule_sar_not_quorate_with_childrens_services_instead(self, council):
        partnership, a = council
        meeting = _meeting(partnership, "sar", a["csc"], a["icb"], a["police"])
        assert quorum_gaps(meeting) == [ADULTS_LA]
        assert quorum_problem(meeting) == (
            "The meeting was not quorate: no one attended from "
            "the local authority (adult social care)."
        )

    @pytest.mark.parametrize("pathway", ["rapid-review", "cspr"])
    def test_rule_childrens_decisions_quorate_with_childrens_services(self, council, pathway):
        partnership, a = council
        meeting = _meeting(partnership, pathway, a["csc"], a["icb"], a["police"])
        assert quorum_gaps(meeting) == []

    @pytest.mark.parametrize("pathway", ["rapid-review", "cspr"])
    def test_rule_childrens_decisions_not_quorate_with_adult_social_care(self, council, pathway):
        partnership, a = council
        meeting = _meeting(partnership, pathway, a["asc"], a["icb"], a["police"])
        assert quorum_gaps(meeting) == [CHILDREN_LA]

    def test_rule_dhr_follows_the_adults_partners(self, council):
        partnership, a = council
        assert quorum_gaps(_meeting(partnership, "dhr", a["asc"], a["icb"], a["police"])) == []
        assert quorum_gaps(_meeting(partnership, "dhr", a["csc"], a["icb"], a["police"])) == [
            ADULTS_LA
        ]

    def test_rule_an_audit_meeting_decides_nothing_so_has_no_quorum(self, council):
        partnership, _a = council
        meeting = _meeting(partnership, "macfa")
        assert quorum_gaps(meeting) == [] and quorum_problem(meeting) == ""

    def test_rule_configurable_per_partnership_one_council_agency_for_both(self, council):
        """Another partnership's council is one agency for both sides: it counts for both,
        while the first partnership's split still holds."""
        partnership, a = council
        other = PartnershipFactory()
        whole_council = AgencyFactory(
            partnership=other, kind=AgencyKind.LOCAL_AUTHORITY, statutory_partner=LA
        )
        icb = AgencyFactory(partnership=other, statutory_partner=ICB)
        police = AgencyFactory(partnership=other, statutory_partner=POLICE)
        for pathway in ("sar", "rapid-review"):
            assert quorum_gaps(_meeting(other, pathway, whole_council, icb, police)) == []
        assert quorum_gaps(_meeting(partnership, "sar", a["csc"], a["icb"], a["police"]))

    def test_rule_changing_the_agency_setting_changes_the_quorum_without_code(self, council):
        partnership, a = council
        meeting = _meeting(partnership, "sar", a["csc"], a["icb"], a["police"])
        assert not is_quorate(meeting)
        a["csc"].statutory_for = StatutoryFor.BOTH
        a["csc"].save()
        assert is_quorate(meeting)

    def test_an_icb_for_children_only_does_not_count_for_adults(self, council):
        partnership, a = council
        a["icb"].statutory_for = StatutoryFor.CHILDREN
        a["icb"].save()
        meeting = _meeting(partnership, "sar", a["asc"], a["icb"], a["police"])
        assert quorum_gaps(meeting) == ["the Integrated Care Board"]

    def test_the_settings_summary_names_who_stands_for_each_partner(self, council):
        partnership, _a = council
        children, adults = quorum_summary(partnership.pk)
        assert children == (
            "Children's decisions",
            [
                (CHILDREN_LA, ["Council Children's Services"]),
                ("the Integrated Care Board", ["ICB"]),
                ("the police", ["Police"]),
            ],
        )
        assert adults[1][0] == (ADULTS_LA, ["Council Adult Social Care"])


def test_someone_invited_who_did_not_attend_does_not_count():
    meeting = MeetingFactory()
    agencies = make_quorate(meeting, skip=(ICB,))
    AttendanceFactory(meeting=meeting, agency=agencies[ICB], attended=False)
    assert quorum_gaps(meeting) == ["the Integrated Care Board"]


def test_an_agency_that_is_not_a_statutory_partner_does_not_count():
    meeting = MeetingFactory()
    make_quorate(meeting, skip=(LA,))
    school = AgencyFactory(partnership=meeting.case.partnership, kind=AgencyKind.SCHOOL)
    # Even an agency whose *type* is "local authority" counts only if it is the partner.
    council_service = AgencyFactory(
        partnership=meeting.case.partnership, kind=AgencyKind.LOCAL_AUTHORITY
    )
    AttendanceFactory(meeting=meeting, agency=school)
    AttendanceFactory(meeting=meeting, agency=council_service)
    assert quorum_gaps(meeting) == [CHILDREN_LA]


def test_attendance_counts_for_the_agency_on_the_row_not_the_persons_own():
    meeting = MeetingFactory()
    agencies = make_quorate(meeting, skip=(POLICE,))
    officer = UserFactory(partnership=meeting.case.partnership, agency=agencies[POLICE])
    school = AgencyFactory(partnership=meeting.case.partnership, kind=AgencyKind.SCHOOL)
    AttendanceFactory(meeting=meeting, person=officer, agency=school)
    assert quorum_gaps(meeting) == ["the police"]


def test_the_list_shows_quorum_by_the_same_rule():
    quorate = MeetingFactory()
    make_quorate(quorate)
    AttendanceFactory(meeting=quorate, agency=None)  # someone with no agency changes nothing
    case = quorate.case
    short = MeetingFactory(case=case)
    police_only = quorate.attendance.get(agency__statutory_partner=POLICE)
    AttendanceFactory(meeting=short, agency=police_only.agency)
    AttendanceFactory(meeting=short, agency=police_only.agency)
    absent = MeetingFactory(case=case)
    for row in quorate.attendance.exclude(agency=None):
        AttendanceFactory(meeting=absent, agency=row.agency, attended=False)
    listed = {m.pk: m.quorate for m in meetings_for_case(case)}
    assert listed == {m.pk: is_quorate(m) for m in (quorate, short, absent)}
    assert listed == {quorate.pk: True, short.pk: False, absent.pk: False}


def test_the_list_shows_quorum_per_pathway(council):
    partnership, a = council
    right = _meeting(partnership, "sar", a["asc"], a["icb"], a["police"])
    wrong = MeetingFactory(case=right.case)
    for agency in (a["csc"], a["icb"], a["police"]):
        AttendanceFactory(meeting=wrong, agency=agency)
    listed = {m.pk: m.quorate for m in meetings_for_case(right.case)}
    assert listed == {right.pk: True, wrong.pk: False}


def test_the_list_shows_no_quorum_where_the_pathway_has_none(council):
    partnership, _a = council
    meeting = _meeting(partnership, "macfa")
    assert [m.quorate for m in meetings_for_case(meeting.case)] == [None]
