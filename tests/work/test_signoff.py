"""Rule (issue 11, "What is waiting for you": decisions to sign off): a complete action
waits on its monitoring group's chair's My work for the group's sign-off, and leaves it
once signed off; it is nobody else's item."""

import pytest

from lantern.actions.services import action_verify
from lantern.work.selectors import work_for
from tests.actions.helpers import complete, make_plan, today

pytestmark = pytest.mark.django_db

SIGN_OFF = "Sign off action"


def _signoffs(user):
    return [i for i in work_for(user) if i.kind == "signoff"]


def test_a_complete_action_waits_for_its_groups_chair_until_signed_off(cast):
    plan = make_plan(cast)
    assert _signoffs(plan.chair) == []  # open: it is its owner's, not yet the group's
    complete(plan.action, plan.owner)
    [item] = _signoffs(plan.chair)
    assert item.title.startswith(SIGN_OFF) and plan.action.title in item.title
    assert item.case_reference == plan.case.reference
    assert plan.group.name in item.why
    assert item.url == f"/actions/{plan.action.pk}/"
    # The owner's own item has gone; nobody else is asked to sign it off.
    for other in (plan.owner, plan.group_member, plan.lead, cast.business_manager):
        assert _signoffs(other) == []
    action_verify(action=plan.action, user=plan.chair, signed_off_on=today(), note="Agreed.")
    assert _signoffs(plan.chair) == []


def test_a_person_who_chairs_no_group_costs_the_list_no_query(cast, django_assert_num_queries):
    from lantern.work.owned import actions_to_sign_off

    plan = make_plan(cast)
    complete(plan.action, plan.owner)
    plan.owner.role_set()  # the roles are loaded with the person in a request
    with django_assert_num_queries(0):
        assert actions_to_sign_off(plan.owner) == []
