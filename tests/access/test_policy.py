"""The one permission policy: role × membership of the case × agency."""

from pathlib import Path

import pytest

from lantern.access.policy import (
    Access,
    Perm,
    can,
    can_act_for_agency,
    case_access,
    has_perm,
    permission_table,
)
from lantern.accounts.models import Role
from lantern.cases.models import Capacity
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    MembershipFactory,
    PartnershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


@pytest.fixture
def case():
    return CaseFactory()


def _member(case, capacity, agency=None):
    return MembershipFactory(case=case, capacity=capacity, agency=agency).person


@pytest.mark.parametrize(
    "role, expected",
    [
        (Role.BUSINESS_MANAGER, Access.MANAGE),
        (Role.BUSINESS_UNIT_OFFICER, Access.MANAGE),
        (Role.INDEPENDENT_CHAIR, Access.READ),
        (Role.AUDITOR, Access.READ),
        (Role.REVIEWER, Access.NONE),
        (Role.SAFEGUARDING_LEAD, Access.NONE),
        (Role.LD_COORDINATOR, Access.NONE),
    ],
)
def test_roles_alone_reach_cases_only_for_business_unit_chair_and_auditor(case, role, expected):
    user = UserFactory(partnership=case.partnership, roles=[role])
    assert case_access(user, case) is expected


@pytest.mark.parametrize(
    "capacity, expected",
    [
        (Capacity.LEAD, Access.MANAGE),
        (Capacity.CHAIR, Access.MANAGE),
        (Capacity.AGENCY_REPRESENTATIVE, Access.CONTRIBUTE),
        (Capacity.REVIEWER, Access.CONTRIBUTE),
        (Capacity.PANEL_MEMBER, Access.CONTRIBUTE),
        (Capacity.THEME_LEAD, Access.MANAGE),
        (Capacity.OBSERVER, Access.READ),
    ],
)
def test_membership_capacity_decides_reach(case, capacity, expected):
    agency = AgencyFactory(partnership=case.partnership)
    assert case_access(_member(case, capacity, agency), case) is expected


def test_role_and_membership_combine_to_the_greater(case):
    chair = UserFactory(partnership=case.partnership, roles=[Role.INDEPENDENT_CHAIR])
    MembershipFactory(case=case, person=chair, capacity=Capacity.CHAIR)
    assert case_access(chair, case) is Access.MANAGE


def test_no_role_reaches_another_partnership(case):
    stranger = UserFactory(partnership=PartnershipFactory(), roles=list(Role))
    assert case_access(stranger, case) is Access.NONE
    assert not can(stranger, Perm.VIEW_CASE, case)


def test_membership_of_a_case_elsewhere_does_not_leak(case):
    """A stale membership pointing across partnerships still gives nothing."""
    stranger = UserFactory(partnership=PartnershipFactory())
    MembershipFactory(case=case, person=stranger, capacity=Capacity.LEAD)
    assert case_access(stranger, case) is Access.NONE


def test_closed_accounts_and_operators_reach_nothing(case):
    closed = _member(case, Capacity.LEAD)
    closed.is_active = False
    assert case_access(closed, case) is Access.NONE
    operator = UserFactory(partnership=None, is_superuser=True, is_staff=True)
    assert case_access(operator, case) is Access.NONE
    assert not has_perm(operator, Perm.VIEW_AUDIT_TRAIL)


def test_agency_representative_answers_only_for_their_own_agency(case):
    police = AgencyFactory(partnership=case.partnership, name="Police")
    icb = AgencyFactory(partnership=case.partnership, name="ICB")
    rep = _member(case, Capacity.AGENCY_REPRESENTATIVE, police)
    assert can_act_for_agency(rep, case, police.pk)
    assert not can_act_for_agency(rep, case, icb.pk)
    observer = _member(case, Capacity.OBSERVER, icb)
    assert not can_act_for_agency(observer, case, icb.pk)
    manager = UserFactory(partnership=case.partnership, roles=[Role.BUSINESS_MANAGER])
    assert can_act_for_agency(manager, case, icb.pk)


@pytest.mark.parametrize(
    "perm, lead, representative, observer",
    [
        (Perm.VIEW_CASE, True, True, True),
        (Perm.VIEW_SUBJECT, True, True, True),
        (Perm.CONTRIBUTE, True, True, False),
        (Perm.CHANGE_CASE, True, False, False),
        (Perm.MANAGE_CASE_MEMBERS, True, False, False),
    ],
)
def test_case_permissions_by_capacity(case, perm, lead, representative, observer):
    agency = AgencyFactory(partnership=case.partnership)
    assert can(_member(case, Capacity.LEAD), perm, case) is lead
    assert can(_member(case, Capacity.AGENCY_REPRESENTATIVE, agency), perm, case) is representative
    assert can(_member(case, Capacity.OBSERVER), perm, case) is observer


def test_membership_is_looked_up_once_per_case(case, django_assert_num_queries):
    member = _member(case, Capacity.LEAD)
    member.role_set()
    with django_assert_num_queries(1):
        for perm in CASE_PERMS:
            can(member, perm, case)


CASE_PERMS = [Perm.VIEW_CASE, Perm.CHANGE_CASE, Perm.CONTRIBUTE, Perm.MANAGE_CASE_MEMBERS]


def test_docs_carry_the_policy_table_exactly():
    assert permission_table() in DOCS.read_text(encoding="utf-8")
