"""What waits for whom: the dashboard's list, and who is late on a case."""

import datetime

import pytest
from django.template.loader import render_to_string

from lantern.actions.services import action_update_record, action_update_request
from lantern.agencyrequests.models import RequestStatus
from lantern.agencyrequests.selectors import late_requests, requests_for_user
from lantern.cases.models import Capacity, CaseStatus
from tests.actions.helpers import days, make_plan
from tests.factories import MembershipFactory

from .conftest import TODAY, make_request

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


class TestRequestsForUser:
    def test_a_representative_sees_only_their_agencys_waiting_requests(self, cast, agencies):
        mine = make_request(cast.case, agencies.police)
        make_request(cast.case, agencies.icb)
        done = make_request(cast.case, agencies.police, title="Done", status="accepted")
        assert list(requests_for_user(agencies.police_rep)) == [mine]
        assert done not in requests_for_user(agencies.police_rep)

    def test_returned_requests_wait_again(self, cast, agencies):
        returned = make_request(cast.case, agencies.police, status=RequestStatus.RETURNED)
        assert list(requests_for_user(agencies.police_rep)) == [returned]

    def test_closed_cases_are_left_out(self, cast, agencies):
        make_request(cast.case, agencies.police)
        cast.case.status = CaseStatus.CLOSED
        cast.case.save()
        assert not requests_for_user(agencies.police_rep).exists()

    def test_an_observer_with_an_agency_is_not_asked(self, cast, agencies):
        make_request(cast.case, agencies.police)
        observer = MembershipFactory(
            case=cast.case, capacity=Capacity.OBSERVER, agency=agencies.police
        ).person
        assert not requests_for_user(observer).exists()

    def test_people_of_another_partnership_see_nothing(self, cast, agencies):
        make_request(cast.case, agencies.police)
        assert not requests_for_user(cast.stranger).exists()

    def test_empty_state_text(self, cast):
        html = render_to_string(
            "agencyrequests/_my_requests.html", {"my_requests": requests_for_user(cast.outsider)}
        )
        assert "Nothing is waiting. Scoping returns, individual management reviews" in html


def test_late_requests_are_the_waiting_ones_past_their_due_date(cast, agencies):
    late = make_request(cast.case, agencies.police, due=TODAY - DAY)
    make_request(cast.case, agencies.icb, due=TODAY - DAY, status=RequestStatus.SUBMITTED)
    make_request(cast.case, agencies.icb, title="Due today", due=TODAY)
    assert list(late_requests(cast.case)) == [late]
    assert list(late_requests(cast.case, today=TODAY + 2 * DAY)) != [late]


class TestActionUpdatesForUser:
    """An action update reaches whoever the policy lets update the action (can_update_action)
    and who answers for its lead agency: its owner and the agency's safeguarding lead, on
    the case or not."""

    @pytest.fixture
    def plan(self, cast, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        return make_plan(cast)

    @pytest.fixture
    def update(self, cast, plan):
        return action_update_request(action=plan.action, due=days(14), user=cast.member)

    def test_the_owner_and_the_lead_agencys_lead_see_it_off_the_case(self, plan, update):
        assert list(requests_for_user(plan.owner)) == [update]
        assert list(requests_for_user(plan.lead)) == [update]

    def test_others_do_not(self, cast, plan, update):
        # The case's lead updates it but answers for no agency; the group reads it only.
        for person in (cast.member, cast.read_only_member, cast.outsider, cast.stranger):
            assert not requests_for_user(person).exists()
        assert not requests_for_user(plan.chair).exists()
        assert not requests_for_user(plan.group_member).exists()

    def test_rule_an_action_update_still_waits_after_its_case_closes(self, cast, plan, update):
        rep = MembershipFactory(
            case=cast.case, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=plan.agency
        ).person
        make_request(cast.case, plan.agency)
        cast.case.status = CaseStatus.CLOSED
        cast.case.save()
        assert list(requests_for_user(plan.owner)) == [update]
        assert list(requests_for_user(rep)) == [update]  # not the scoping return

    def test_once_answered_it_waits_no_more(self, plan, update):
        action_update_record(action=plan.action, user=plan.lead, status="on_track", note="Going.")
        assert not requests_for_user(plan.owner).exists()
        assert not requests_for_user(plan.lead).exists()
