"""The demo's action plans: on the demo reviews and a national SAR adopted locally, with
actions overdue, complete with evidence and verified, and one repeat; loaded once."""

import pytest

from lantern.actions.models import Action, ActionStatus, Evidence, Recommendation
from lantern.demo.actions import demo_actions_load
from lantern.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py)."""
    partnership = Partnership.objects.get(slug="demo")
    demo_actions_load(partnership)
    return partnership


def test_the_demo_has_action_plans_in_every_state(demo):
    states = {a.state for a in Action.objects.with_state()}
    assert {ActionStatus.OVERDUE, ActionStatus.COMPLETE, ActionStatus.VERIFIED} <= states
    assert Action.objects.overdue().count() >= 2
    for action in Action.objects.filter(status__in=[ActionStatus.COMPLETE, ActionStatus.VERIFIED]):
        assert Evidence.objects.filter(action=action).exclude(link="").exists()
    verified = Action.objects.filter(status=ActionStatus.VERIFIED)
    assert verified.exists()
    assert all(a.verified_on >= a.completed_on for a in verified)


def test_the_demo_adopts_national_learning_and_links_a_repeat(demo):
    pathways = set(Recommendation.objects.values_list("case__pathway", flat=True))
    assert {"cspr", "dhr", "national"} <= pathways
    repeat = Recommendation.objects.get(repeats__isnull=False)
    assert repeat.case.pseudonym == "Child C" and repeat.repeats.case.pseudonym == "Child D"
    assert repeat.repeats.created_at < repeat.created_at


def test_loading_again_adds_nothing(demo):
    counts = (Recommendation.objects.count(), Action.objects.count())
    assert demo_actions_load(demo) == 0
    assert (Recommendation.objects.count(), Action.objects.count()) == counts
