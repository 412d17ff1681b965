"""The evaluation table: the framework's defaults resolved against the partnership's own
groups, changed without code by the Business Manager, and driving where learning goes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lantern.accounts.models import Role
from lantern.actions.evaluation import (
    default_monitoring_group,
    evaluation_route_set,
    evaluation_table,
    reporting_group,
    reporting_route,
)
from lantern.actions.models import EvaluationRoute, ReportedItem
from lantern.partnerships.models import GroupKind
from tests.factories import CaseFactory, GroupFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/actions/reporting/evaluation/"
CHANGE = "/actions/reporting/evaluation/change/"


@pytest.fixture
def partnership():
    return PartnershipFactory()


@pytest.fixture
def groups(partnership):
    return {
        "qap": GroupFactory(partnership=partnership, kind=GroupKind.QAP, name="QA&P sub-group"),
        "li": GroupFactory(partnership=partnership, kind=GroupKind.LI, name="L&I sub-group"),
        "sar": GroupFactory(partnership=partnership, kind=GroupKind.SAR_PANEL, name="SAR Panel"),
    }


@pytest.fixture
def manager(partnership):
    return UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])


def _targets(partnership) -> dict[str, str]:
    return {r.item: r.target_label for r in evaluation_table(partnership)}


class TestDefaults:
    def test_follow_the_framework_resolved_by_kind_of_group(self, partnership, groups):
        assert _targets(partnership) == {
            ReportedItem.AUDITS: "QA&P sub-group",
            ReportedItem.REVIEWS: "L&I sub-group",
            ReportedItem.ACTION_PLANS: "L&I sub-group",
            ReportedItem.TRAINING: "L&D co-ordinator",
        }
        assert all(r.is_default for r in evaluation_table(partnership))

    def test_action_plans_go_to_qap_when_there_is_no_li_group(self, partnership):
        qap = GroupFactory(partnership=partnership, kind=GroupKind.QAP)
        assert reporting_group(partnership, ReportedItem.ACTION_PLANS) == qap
        assert reporting_group(partnership, ReportedItem.REVIEWS) is None
        assert reporting_route(partnership, ReportedItem.REVIEWS).target_label.startswith("Nobody")

    def test_inactive_groups_are_not_defaults(self, partnership):
        GroupFactory(partnership=partnership, kind=GroupKind.QAP, is_active=False)
        assert reporting_group(partnership, ReportedItem.AUDITS) is None

    def test_training_is_reported_to_a_role_not_a_group(self, partnership, groups):
        route = reporting_route(partnership, ReportedItem.TRAINING)
        assert (route.group, route.role) == (None, Role.LD_COORDINATOR)
        assert reporting_group(partnership, ReportedItem.TRAINING) is None

    def test_another_partnerships_groups_are_never_a_default(self, partnership):
        GroupFactory(kind=GroupKind.QAP)  # elsewhere
        assert reporting_group(partnership, ReportedItem.AUDITS) is None


class TestDefaultMonitoringGroup:
    @pytest.mark.parametrize(
        "pathway, group",
        [("macfa", "qap"), ("sar", "li"), ("cspr", "li"), ("dhr", "li"), ("national", "li")],
    )
    def test_is_the_group_the_table_routes_the_source_to(self, partnership, groups, pathway, group):
        case = CaseFactory(partnership=partnership, pathway=pathway)
        assert default_monitoring_group(case) == groups[group]

    def test_follows_a_change_to_the_table(self, partnership, groups, manager):
        evaluation_route_set(
            partnership=partnership, user=manager, routes={ReportedItem.REVIEWS: groups["sar"]}
        )
        case = CaseFactory(partnership=partnership, pathway="sar")
        assert default_monitoring_group(case) == groups["sar"]


class TestRouteSet:
    def test_saved_routes_replace_the_defaults_and_others_keep_theirs(
        self, partnership, groups, manager
    ):
        table = evaluation_route_set(
            partnership=partnership,
            user=manager,
            routes={
                ReportedItem.ACTION_PLANS: groups["qap"],
                ReportedItem.TRAINING: Role.LD_COORDINATOR,
            },
        )
        by_item = {r.item: r for r in table}
        assert by_item[ReportedItem.ACTION_PLANS].group == groups["qap"]
        assert not by_item[ReportedItem.ACTION_PLANS].is_default
        assert not by_item[ReportedItem.TRAINING].is_default
        assert by_item[ReportedItem.REVIEWS].is_default
        assert EvaluationRoute.objects.filter(partnership=partnership).count() == 2

    def test_a_route_can_be_changed_again(self, partnership, groups, manager):
        for group in (groups["qap"], groups["sar"]):
            evaluation_route_set(
                partnership=partnership, user=manager, routes={ReportedItem.AUDITS: group}
            )
        assert reporting_group(partnership, ReportedItem.AUDITS) == groups["sar"]
        assert EvaluationRoute.objects.filter(partnership=partnership).count() == 1

    @pytest.mark.parametrize(
        "target, message",
        [
            ("other_group", "Choose a group of this partnership."),
            ("inactive_group", "Choose a group of this partnership."),
            (Role.GROUP_CHAIR, "Choose a group, or a role held for the whole partnership."),
            (Role.SAFEGUARDING_LEAD, "Choose a group, or a role held for the whole partnership."),
            ("nobody", "Choose a group, or a role held for the whole partnership."),
        ],
    )
    def test_refuses_a_target_outside_the_partnership_or_tied_to_a_group_or_agency(
        self, partnership, groups, manager, target, message
    ):
        targets = {
            "other_group": GroupFactory(kind=GroupKind.QAP),
            "inactive_group": GroupFactory(partnership=partnership, is_active=False),
        }
        with pytest.raises(ValidationError) as error:
            evaluation_route_set(
                partnership=partnership,
                user=manager,
                routes={ReportedItem.AUDITS: targets.get(target, target)},
            )
        assert error.value.message_dict == {ReportedItem.AUDITS: [message]}

    def test_nothing_is_saved_when_one_route_is_refused(self, partnership, groups, manager):
        with pytest.raises(ValidationError) as error:
            evaluation_route_set(
                partnership=partnership,
                user=manager,
                routes={ReportedItem.AUDITS: groups["sar"], "meetings": groups["li"]},
            )
        assert error.value.message_dict == {"meetings": ["Choose an item of the evaluation table."]}
        assert not EvaluationRoute.objects.exists()

    @pytest.mark.parametrize(
        "role", [Role.BUSINESS_UNIT_OFFICER, Role.AUDITOR, Role.INDEPENDENT_CHAIR]
    )
    def test_only_the_business_manager_may_change_it(self, partnership, groups, role):
        user = UserFactory(partnership=partnership, roles=[role])
        with pytest.raises(PermissionDenied):
            evaluation_route_set(
                partnership=partnership, user=user, routes={ReportedItem.AUDITS: groups["sar"]}
            )
        assert not EvaluationRoute.objects.exists()

    def test_another_partnerships_business_manager_may_not(self, partnership, groups):
        stranger = UserFactory(roles=[Role.BUSINESS_MANAGER])
        with pytest.raises(PermissionDenied):
            evaluation_route_set(
                partnership=partnership, user=stranger, routes={ReportedItem.AUDITS: groups["sar"]}
            )


class TestPages:
    def test_business_manager_sees_the_table_and_may_change_it(
        self, client, partnership, groups, manager
    ):
        client.force_login(manager)
        response = client.get(PAGE)
        assert response.status_code == 200
        text = response.content.decode()
        assert "QA&amp;P sub-group" in text and "L&amp;D co-ordinator" in text
        assert "The framework's default" in text
        assert "Change the evaluation table" in text

    @pytest.mark.parametrize("role", [Role.AUDITOR, Role.INDEPENDENT_CHAIR])
    def test_who_sees_the_administration_area_may_read_it_only(
        self, client, partnership, groups, role
    ):
        client.force_login(UserFactory(partnership=partnership, roles=[role]))
        response = client.get(PAGE)
        assert response.status_code == 200
        assert "Only the Business Manager can change" in response.content.decode()
        assert client.get(CHANGE).status_code == 403
        response = client.post(CHANGE, {item: f"group:{groups['sar'].pk}" for item in ReportedItem})
        assert response.status_code == 403
        assert not EvaluationRoute.objects.exists()

    def test_a_group_chair_outside_the_administration_area_is_refused(
        self, client, partnership, groups
    ):
        chair = UserFactory(partnership=partnership, roles=[(Role.GROUP_CHAIR, groups["qap"])])
        client.force_login(chair)
        assert client.get(PAGE).status_code == 403
        assert client.get(CHANGE).status_code == 403

    def test_another_partnership_sees_only_its_own_table(self, client, partnership, groups):
        client.force_login(UserFactory(roles=[Role.BUSINESS_MANAGER]))
        response = client.get(PAGE)
        assert response.status_code == 200
        assert "QA&amp;P sub-group" not in response.content.decode()

    def test_change_saves_every_route(self, client, partnership, groups, manager):
        client.force_login(manager)
        form = client.get(CHANGE)
        assert form.status_code == 200
        assert f'value="group:{groups["qap"].pk}" selected' in form.content.decode()
        response = client.post(
            CHANGE,
            {
                ReportedItem.AUDITS: f"group:{groups['qap'].pk}",
                ReportedItem.REVIEWS: f"group:{groups['sar'].pk}",
                ReportedItem.ACTION_PLANS: f"group:{groups['qap'].pk}",
                ReportedItem.TRAINING: f"role:{Role.LD_COORDINATOR}",
            },
        )
        assert response.status_code == 302
        assert response["Location"] == PAGE
        assert _targets(partnership)[ReportedItem.REVIEWS] == "SAR Panel"
        assert _targets(partnership)[ReportedItem.ACTION_PLANS] == "QA&P sub-group"

    def test_a_choice_not_offered_is_refused_with_nothing_saved(
        self, client, partnership, groups, manager
    ):
        elsewhere = GroupFactory(kind=GroupKind.QAP)
        client.force_login(manager)
        response = client.post(
            CHANGE,
            {
                ReportedItem.AUDITS: f"group:{elsewhere.pk}",
                ReportedItem.REVIEWS: f"group:{groups['li'].pk}",
                ReportedItem.ACTION_PLANS: f"role:{Role.GROUP_CHAIR}",
                ReportedItem.TRAINING: "",
            },
        )
        assert response.status_code == 200
        text = response.content.decode()
        assert text.count("Choose a group or a role from the list.") >= 2 * 2  # summary, field
        assert "There is a problem" in text
        assert not EvaluationRoute.objects.exists()
