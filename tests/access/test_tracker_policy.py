"""The policy's rules for the action tracker (docs/permissions.md, "Recommendations and
actions"), person by person."""

import datetime

import pytest

from lantern.access.policy import (
    can_manage_recommendation,
    can_read_recommendation,
    can_update_action,
    can_verify_action,
)
from lantern.accounts.models import Role
from lantern.actions.models import Action, Recommendation
from lantern.cases.models import Capacity
from lantern.partnerships.models import GroupKind
from tests.factories import AgencyFactory, GroupFactory, MembershipFactory, UserFactory


@pytest.fixture
def tracked(cast):
    partnership = cast.case.partnership
    group = GroupFactory(partnership=partnership, kind=GroupKind.QAP)
    agency = AgencyFactory(partnership=partnership)
    owner = UserFactory(partnership=partnership)
    recommendation = Recommendation.objects.create(
        partnership=partnership,
        case=cast.case,
        number=1,
        text="A specific recommendation.",
        monitoring_group=group,
        owner=cast.member,
        impact_measure="A measure.",
        impact_review_on=datetime.date(2027, 6, 1),
        created_by=cast.member,
    )
    action = Action.objects.create(
        recommendation=recommendation,
        number=1,
        title="Do it",
        lead_agency=agency,
        owner=owner,
        due=datetime.date(2027, 1, 1),
        success_measure="Done.",
        created_by=cast.member,
    )
    return group, agency, owner, recommendation, action


def fresh(user):
    # The policy caches roles on the person; a new instance sees new roles.
    return type(user).objects.get(pk=user.pk)


def test_the_case_lead_reads_and_manages_but_cannot_verify(cast, tracked):
    *_, recommendation, action = tracked
    assert can_read_recommendation(cast.member, recommendation)
    assert can_manage_recommendation(cast.member, recommendation)
    assert can_update_action(cast.member, action)
    assert not can_verify_action(cast.member, action)


def test_a_read_only_member_reads_and_changes_nothing(cast, tracked):
    *_, recommendation, action = tracked
    assert can_read_recommendation(cast.read_only_member, recommendation)
    assert not can_manage_recommendation(cast.read_only_member, recommendation)
    assert not can_update_action(cast.read_only_member, action)
    assert not can_verify_action(cast.read_only_member, action)


def test_an_outsider_and_another_partnership_reach_nothing(cast, tracked):
    *_, recommendation, action = tracked
    for person in (cast.outsider, cast.stranger):
        assert not can_read_recommendation(person, recommendation)
        assert not can_update_action(person, action)
        assert not can_verify_action(person, action)


def test_the_monitoring_groups_members_read_and_only_its_chair_verifies(cast, tracked):
    group, *_, recommendation, action = tracked
    partnership = cast.case.partnership
    chair = UserFactory(partnership=partnership, roles=[(Role.GROUP_CHAIR, group)])
    member = UserFactory(partnership=partnership, roles=[(Role.GROUP_MEMBER, group)])
    other_chair = UserFactory(
        partnership=partnership, roles=[(Role.GROUP_CHAIR, GroupFactory(partnership=partnership))]
    )
    assert can_read_recommendation(chair, recommendation)
    assert can_read_recommendation(member, recommendation)
    assert not can_read_recommendation(other_chair, recommendation)
    assert can_verify_action(chair, action)
    assert not can_verify_action(member, action)
    assert not can_verify_action(other_chair, action)
    assert not can_update_action(member, action)


def test_the_lead_agency_and_the_owner_update_their_action_only(cast, tracked):
    _, agency, owner, recommendation, action = tracked
    partnership = cast.case.partnership
    lead = UserFactory(partnership=partnership, roles=[(Role.SAFEGUARDING_LEAD, agency)])
    other_lead = UserFactory(
        partnership=partnership,
        roles=[(Role.SAFEGUARDING_LEAD, AgencyFactory(partnership=partnership))],
    )
    for person in (owner, lead):
        assert can_read_recommendation(person, recommendation)
        assert can_update_action(person, action)
        assert not can_manage_recommendation(person, recommendation)
    assert not can_read_recommendation(other_lead, recommendation)
    assert not can_update_action(other_lead, action)


def test_a_case_representative_updates_only_for_their_own_agency(cast, tracked):
    _, agency, _, _, action = tracked
    ours = MembershipFactory(
        case=cast.case, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=agency
    ).person
    theirs = MembershipFactory(
        case=cast.case,
        capacity=Capacity.AGENCY_REPRESENTATIVE,
        agency=AgencyFactory(partnership=cast.case.partnership),
    ).person
    assert can_update_action(ours, action)
    assert not can_update_action(theirs, action)


def test_the_business_unit_verifies_on_the_groups_behalf_and_the_chair_only_reads(cast, tracked):
    *_, recommendation, action = tracked
    chair = UserFactory(partnership=cast.case.partnership, roles=[Role.INDEPENDENT_CHAIR])
    assert can_verify_action(cast.business_manager, action)
    assert can_read_recommendation(chair, recommendation)
    assert not can_update_action(chair, action)
    assert not can_verify_action(chair, action)
