"""The tracker's core rules: an action closes only with evidence; verification is the
monitoring group's sign-off; overdue follows the due date."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from lantern.accounts.models import Role
from lantern.actions.models import ActionStatus, Rag
from lantern.actions.services import (
    NewEvidence,
    action_create,
    action_update_record,
    action_verify,
    recommendation_create,
)
from lantern.partnerships.models import GroupKind
from tests.factories import AgencyFactory, GroupFactory, UserFactory

TEXT = (
    "Children's social care and the hospital trust agree a written protocol for sharing "
    "discharge plans for infants under one within 24 hours of discharge."
)


@pytest.fixture
def plan(cast):
    group = GroupFactory(partnership=cast.case.partnership, kind=GroupKind.LI)
    agency = AgencyFactory(partnership=cast.case.partnership)
    owner = UserFactory(partnership=cast.case.partnership, agency=agency)
    with time_machine.travel(datetime.date(2026, 11, 2)):
        recommendation = recommendation_create(
            case=cast.case,
            text=TEXT,
            monitoring_group=group,
            owner=cast.member,
            impact_measure="Audit of ten discharges shows plans shared within 24 hours in nine.",
            impact_review_on=datetime.date(2027, 6, 1),
            user=cast.member,
        )
        action = action_create(
            recommendation=recommendation,
            title="Agree the discharge-plan protocol",
            lead_agency=agency,
            owner=owner,
            due=datetime.date(2026, 12, 1),
            success_measure="Protocol signed by both agencies.",
            user=cast.member,
        )
    return group, agency, owner, recommendation, action


def test_vague_recommendation_is_prompted_until_kept_as_written(cast, plan):
    group = plan[0]
    with pytest.raises(ValidationError) as error:
        recommendation_create(
            case=cast.case,
            text="Agencies should raise awareness of neglect.",
            monitoring_group=group,
            owner=cast.member,
            impact_measure="Fewer repeat referrals for neglect within a year.",
            impact_review_on=datetime.date(2030, 1, 1),
            user=cast.member,
        )
    assert "too short" in error.value.message_dict["text"][0]


def test_action_closes_only_with_evidence_and_verifies_only_by_group_sign_off(cast, plan):
    group, _agency, owner, _recommendation, action = plan
    with pytest.raises(ValidationError) as error:
        action_update_record(action=action, user=owner, status="complete", note="Done.")
    assert "only with evidence" in error.value.message_dict["evidence_file"][0]
    action_update_record(
        action=action,
        user=owner,
        status="complete",
        note="Signed.",
        evidence=[NewEvidence("Signed protocol", link="https://intranet.example.org/p")],
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETE
    with pytest.raises(PermissionDenied):
        action_verify(action=action, user=owner, signed_off_on=action.completed_on, note="ok")
    chair = UserFactory(partnership=cast.case.partnership, roles=[(Role.GROUP_CHAIR, group)])
    action_verify(action=action, user=chair, signed_off_on=action.completed_on, note="Agreed.")
    action.refresh_from_db()
    assert action.status == ActionStatus.VERIFIED


def test_an_open_action_past_its_due_date_is_overdue_and_red(plan):
    action = plan[-1]
    assert action.state(datetime.date(2026, 12, 2)) == ActionStatus.OVERDUE
    assert action.rag(datetime.date(2026, 12, 2)) == Rag.RED
    assert action.rag(datetime.date(2026, 11, 20)) == Rag.AMBER
