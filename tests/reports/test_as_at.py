"""Where an action stood AS AT a past day comes from its dates, not today's stored status
(lantern.reports.as_at): the annual report's "at year end" figures rest on it."""

import datetime

import pytest
from django.db.models import Count
from django.utils import timezone

from lantern.actions.models import Action, ActionStatus, Recommendation
from lantern.reports.as_at import StateAt, existed_on, state_at, state_at_expression
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    GroupFactory,
    PartnershipFactory,
    UserFactory,
)

D = datetime.date
DAY = D(2026, 3, 31)
pytestmark = pytest.mark.django_db


def _local(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def make():
    p = PartnershipFactory()
    user = UserFactory(partnership=p)
    agency = AgencyFactory(partnership=p)
    case = CaseFactory(partnership=p, pathway="sar", reference="SAR-AT1")
    rec = Recommendation.objects.create(
        partnership=p,
        case=case,
        number=1,
        text="Share discharge plans",
        monitoring_group=GroupFactory(partnership=p),
        owner=user,
        impact_measure="Audit",
        impact_review_on=D(2026, 9, 1),
        created_by=user,
    )
    numbers = iter(range(1, 100))

    def _make(*, due, status=ActionStatus.ON_TRACK, completed_on=None, verified_on=None,
              created=None, updated=None):  # fmt: skip
        created = created or D(2025, 5, 1)
        action = Action.objects.create(
            recommendation=rec,
            number=next(numbers),
            title="An action",
            lead_agency=agency,
            owner=user,
            due=due,
            success_measure="Done",
            status=status,
            completed_on=completed_on,
            verified_on=verified_on,
            created_by=user,
        )
        stamps = {"created_at": created if isinstance(created, datetime.datetime)
                  else _local(created, 10)}  # fmt: skip
        if updated is not None:
            stamps["updated_at"] = _local(updated, 10)
        Action.objects.filter(pk=action.pk).update(**stamps)
        action.refresh_from_db()
        return action

    return _make


def _db_state(action, day=DAY):
    return (
        Action.objects.filter(pk=action.pk)
        .annotate(at=state_at_expression(day))
        .values_list("at", flat=True)
        .get()
    )


def _both(action, day=DAY):
    """The database expression and the Python rule agree; return that state."""
    db = _db_state(action, day)
    assert db == state_at(action, day)
    return db


def test_rule_completed_on_the_day_is_complete_as_at_that_day(make):
    action = make(due=D(2026, 1, 1), status=ActionStatus.COMPLETE, completed_on=DAY)
    assert _both(action) == StateAt.COMPLETE


def test_rule_completed_after_the_day_was_overdue_then_if_past_due(make):
    # Stored status today is complete; on 31 March it was still open and past its due date.
    action = make(due=D(2026, 1, 1), status=ActionStatus.COMPLETE, completed_on=D(2026, 5, 12))
    assert _both(action) == StateAt.OVERDUE
    assert _both(action, D(2026, 5, 12)) == StateAt.COMPLETE


def test_rule_completed_after_the_day_was_open_then_if_not_yet_due(make):
    action = make(due=D(2026, 4, 30), status=ActionStatus.COMPLETE, completed_on=D(2026, 4, 1))
    assert _both(action) == StateAt.OPEN


def test_rule_due_on_the_day_is_not_overdue_due_the_day_before_is(make):
    assert _both(make(due=DAY)) == StateAt.OPEN
    assert _both(make(due=DAY - datetime.timedelta(days=1))) == StateAt.OVERDUE


def test_rule_open_action_past_due_is_overdue_whatever_open_status_it_has(make):
    for status in (ActionStatus.NOT_STARTED, ActionStatus.ON_TRACK, ActionStatus.AT_RISK):
        assert _both(make(due=D(2026, 2, 1), status=status)) == StateAt.OVERDUE


def test_rule_verified_on_the_day_is_verified_verified_later_was_complete(make):
    on_day = make(
        due=D(2026, 1, 1),
        status=ActionStatus.VERIFIED,
        completed_on=D(2026, 2, 1),
        verified_on=DAY,
    )
    later = make(
        due=D(2026, 1, 1),
        status=ActionStatus.VERIFIED,
        completed_on=D(2026, 2, 1),
        verified_on=D(2026, 4, 1),
    )
    neither = make(
        due=D(2026, 1, 1),
        status=ActionStatus.VERIFIED,
        completed_on=D(2026, 4, 2),
        verified_on=D(2026, 4, 9),
    )
    assert _both(on_day) == StateAt.VERIFIED
    assert _both(later) == StateAt.COMPLETE
    assert _both(neither) == StateAt.OVERDUE


def test_rule_done_without_a_date_counts_as_done_only_from_its_last_save(make):
    # Never written so by the services; a hand-made row is done by its last save at latest.
    saved_before = make(due=D(2026, 1, 1), status=ActionStatus.COMPLETE, updated=D(2026, 3, 1))
    saved_after = make(due=D(2026, 1, 1), status=ActionStatus.COMPLETE, updated=D(2026, 4, 1))
    verified = make(due=D(2026, 1, 1), status=ActionStatus.VERIFIED, updated=DAY)
    assert _both(saved_before) == StateAt.COMPLETE
    assert _both(saved_after) == StateAt.OVERDUE
    assert _both(verified) == StateAt.VERIFIED


def test_rule_existed_on_counts_actions_recorded_by_the_end_of_the_day_local_time(make):
    late_on_day = make(due=D(2026, 6, 1), created=_local(DAY, 23, 30))
    next_day = make(due=D(2026, 6, 1), created=_local(D(2026, 4, 1), 0, 10))
    ids = set(Action.objects.filter(existed_on(DAY)).values_list("pk", flat=True))
    assert late_on_day.pk in ids and next_day.pk not in ids


def test_rule_state_at_groups_in_one_query(make, django_assert_num_queries):
    make(due=D(2026, 1, 1))  # overdue
    make(due=D(2026, 6, 1))  # open
    make(due=D(2026, 1, 1), status=ActionStatus.COMPLETE, completed_on=D(2026, 3, 1))
    make(due=D(2026, 1, 1), status=ActionStatus.COMPLETE, completed_on=D(2026, 4, 1))  # overdue
    make(due=D(2026, 6, 1), created=D(2026, 4, 2))  # did not exist yet
    with django_assert_num_queries(1):
        counts = dict(
            Action.objects.filter(existed_on(DAY))
            .annotate(at=state_at_expression(DAY))
            .values("at")
            .annotate(n=Count("id"))
            .values_list("at", "n")
        )
    assert counts == {StateAt.OVERDUE: 2, StateAt.OPEN: 1, StateAt.COMPLETE: 1}
