"""Steps for a person follow the permission policy, in a constant number of queries."""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lantern.accounts.models import Role
from lantern.cases.models import Capacity, CaseStatus
from lantern.clock.engine import Status
from lantern.clock.models import ClockSettings, ClosureDay
from lantern.clock.selectors import (
    due_within_for_user,
    next_steps_for_user,
    overdue_for_user,
    steps_for_case,
)
from lantern.clock.services import case_schedule, step_done, step_pause
from tests.factories import CaseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# Wed 6 Jan 2027, for a referral on Mon 21 Dec 2026: scoping-sent (23 Dec),
# panel-notified (30 Dec) and scoping-returned (4 Jan) are past; the meeting (12 Jan) is
# 4 working days away; complete and outcome-sent (14 Jan) 6.
TODAY = datetime(2027, 1, 6, 10, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def scheduled_case(partnership=None, **kwargs):
    case = CaseFactory(**({"partnership": partnership} if partnership else {}), **kwargs)
    case_schedule(case=case, pathway="rapid-review", start=date(2026, 12, 21))
    return case


def ids(steps):
    return [(s.case.reference, s.step_id) for s in steps]


def test_steps_for_case_carry_their_status(django_assert_num_queries):
    case = scheduled_case()
    step_done(step=case.steps.get(step_id="scoping-sent"), on=date(2026, 12, 23))
    # Queries: the steps, the partnership's clock settings, its closure days.
    with django_assert_num_queries(3):
        steps = steps_for_case(case)
    assert {s.step_id: s.status for s in steps} == {
        "scoping-sent": Status.DONE_ON_TIME,
        "scoping-returned": Status.OVERDUE,
        "meeting": Status.UPCOMING,
        "complete": Status.UPCOMING,
        "outcome-sent": Status.UPCOMING,
        "panel-notified": Status.OVERDUE,
    }


def test_due_soon_follows_the_partnerships_setting():
    case = scheduled_case()
    ClockSettings.objects.create(partnership=case.partnership, due_soon_days=4)
    statuses = {s.step_id: s.status for s in steps_for_case(case)}
    assert statuses["meeting"] is Status.DUE_SOON  # 7, 8, 11, 12 January
    assert statuses["complete"] is Status.UPCOMING


def test_closure_days_count_in_the_due_soon_window():
    case = scheduled_case()
    ClockSettings.objects.create(partnership=case.partnership, due_soon_days=3)
    ClosureDay.objects.create(partnership=case.partnership, date=date(2027, 1, 7), reason="Move")
    assert {s.step_id: s.status for s in steps_for_case(case)}["meeting"] is Status.DUE_SOON


class TestForUser:
    @pytest.fixture
    def world(self, db):
        ours = scheduled_case()
        theirs = scheduled_case(partnership=ours.partnership)
        closed = scheduled_case(partnership=ours.partnership, status=CaseStatus.CLOSED)
        member = MembershipFactory(case=ours, capacity=Capacity.OBSERVER).person
        manager = UserFactory(partnership=ours.partnership, roles=[Role.BUSINESS_MANAGER])
        outsider = UserFactory(partnership=ours.partnership)
        stranger = UserFactory(roles=[Role.BUSINESS_MANAGER])
        return SimpleNamespace(
            ours=ours,
            theirs=theirs,
            closed=closed,
            member=member,
            manager=manager,
            outsider=outsider,
            stranger=stranger,
        )

    def test_a_member_sees_the_steps_of_their_own_cases_only(self, world):
        ours, member = world.ours, world.member
        assert {ref for ref, _ in ids(next_steps_for_user(member, 20))} == {ours.reference}
        assert ids(overdue_for_user(member)) == [
            (ours.reference, "scoping-sent"),  # due 23 Dec
            (ours.reference, "panel-notified"),  # due 30 Dec
            (ours.reference, "scoping-returned"),  # due 4 Jan
        ]

    def test_whoever_reads_every_case_sees_every_open_case(self, world):
        refs = {ref for ref, _ in ids(next_steps_for_user(world.manager, 50))}
        assert refs == {world.ours.reference, world.theirs.reference}  # not the closed case

    def test_outsiders_and_strangers_see_nothing(self, world):
        for person in (world.outsider, world.stranger):
            assert next_steps_for_user(person, 10) == []
            assert overdue_for_user(person) == []
            assert due_within_for_user(person, 10) == []

    def test_next_steps_soonest_first_and_limited(self, world):
        steps = next_steps_for_user(world.member, 3)
        assert [s.step_id for s in steps] == ["scoping-sent", "panel-notified", "scoping-returned"]
        assert steps[0].status is Status.OVERDUE

    def test_due_within_counts_working_days_and_leaves_out_paused_steps(self, world):
        ours, member = world.ours, world.member
        # 4 working days from Wed 6 Jan: 7, 8, 11, 12 → the meeting (12 Jan) only.
        assert [s.step_id for s in due_within_for_user(member, 4)] == ["meeting"]
        six = [s.step_id for s in due_within_for_user(member, 6)]
        assert six == ["meeting", "complete", "outcome-sent"]
        step_pause(step=ours.steps.get(step_id="meeting"), reason="Coroner")
        assert [s.step_id for s in due_within_for_user(member, 4)] == []
        assert "meeting" in [s.step_id for s in next_steps_for_user(member, 10)]

    def test_queries_stay_flat_as_cases_grow(self, world, django_assert_num_queries):
        ours = world.ours
        manager = UserFactory(partnership=ours.partnership, roles=[Role.BUSINESS_MANAGER])

        def calls():
            # Queries: the person's roles (policy), the steps with their cases, the
            # clock settings, the closure days (once, for due_within's window too).
            for call in (
                lambda: next_steps_for_user(manager, 100),
                lambda: overdue_for_user(manager),
                lambda: due_within_for_user(manager, 5),
            ):
                manager.__dict__.pop("_role_set", None)  # as on a new request
                with django_assert_num_queries(4):
                    assert call()

        calls()
        for _ in range(5):
            scheduled_case(partnership=ours.partnership)
        calls()
