"""The demo, person by person: My work lists what the issue found missing."""

import pytest

from lantern.accounts.models import User
from lantern.actions.selectors import actions_for_user
from lantern.cases.models import CaseMembership
from lantern.work.selectors import work_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py)."""


def person(name: str) -> User:
    return User.objects.get(email=f"{name}@example.org")


@pytest.mark.parametrize("name", ["hospital.rep", "safeguarding.lead", "police.rep"])
def test_the_owner_sees_every_open_action_the_tracker_lists_as_theirs(demo, name):
    """/actions/?mine=1 listed hospital.rep's actions while My work said "You own no
    actions" (the same for safeguarding.lead)."""
    me = person(name)
    mine = actions_for_user(me).filter(owner=me).open()
    assert mine.exists()
    listed = {i.url for i in work_for(me) if i.kind == "action"}
    assert listed == {f"/actions/{a.pk}/" for a in mine}


def test_hospital_reps_returned_referral_asks_them_to_correct_and_resend(demo):
    items = [i for i in work_for(person("hospital.rep")) if i.kind == "referral"]
    assert [i.title for i in items] == ["Referral returned to you: correct and resend"]
    assert items[0].url.endswith("/correct/")


def test_the_business_manager_sees_the_steps_of_cases_they_are_not_on(demo):
    manager = person("business.manager")
    steps = [i for i in work_for(manager) if i.kind == "step"]
    on = set(
        CaseMembership.objects.filter(person=manager).values_list("case__reference", flat=True)
    )
    assert {i.case_reference for i in steps} - on  # cases they are not a member of


def test_nothing_waits_on_a_published_or_closed_demo_case(demo):
    """Found on a walk: the Business Manager was asked to agree the plan of Child D's CSPR,
    published weeks before. A case carried to its end leaves nothing on anyone's list."""
    from lantern.cases.models import Case

    ended = {
        c.reference
        for c in Case.objects.all()
        # Closed, or a CSPR published (its last step; a SAR's learning event follows its).
        if c.status == "closed" or (c.pathway == "cspr" and c.stage == "publication")
    }
    assert ended  # the demo has cases carried to their end
    for who in User.objects.filter(is_active=True):
        late = [i.title for i in work_for(who) if i.kind == "step" and i.case_reference in ended]
        assert late == [], (who.email, late)
