"""Repeat learning under the policy: candidates are the partnership's recommendations and
findings the person may see, except the one being written (and its own case's findings)."""

import pytest

from lantern.accounts.models import Role
from lantern.actions.models import Action
from lantern.actions.repeats import findings_for_user, similar_learning
from lantern.actions.services import finding_create, recommendation_create
from tests.factories import CaseFactory, GroupFactory, MembershipFactory, UserFactory

from .helpers import MEASURE, add_action, complete, days, make_plan

NEW = (
    "The hospital trust and children's social care share every discharge plan for an "
    "infant within 24 hours, under a written protocol."
)


@pytest.fixture
def plan(cast):
    return make_plan(cast)


@pytest.fixture
def other_review(plan):
    """A second review of the partnership with a finding and a recommendation on the same
    learning as the plan's, monitored by a group the plan's people do not sit on."""
    case = CaseFactory(partnership=plan.case.partnership, pathway="sar", reference="SAR-2025-002")
    lead = MembershipFactory(case=case).person
    finding = finding_create(
        case=case, text="The hospital did not share the discharge plan for the infant.", user=lead
    )
    recommendation = recommendation_create(
        case=case,
        text="Children's social care and the hospital share written discharge plans for "
        "infants within 24 hours of discharge, under a protocol.",
        monitoring_group=GroupFactory(partnership=plan.case.partnership),
        owner=lead,
        impact_measure=MEASURE,
        impact_review_on=days(100),
        user=lead,
        finding=finding,
    )
    return case, lead, finding, recommendation


def _keys(results) -> list[str]:
    return [r.key for r in results]


def test_whoever_reads_every_case_sees_earlier_recommendations_and_findings(plan, other_review):
    _case, _lead, finding, recommendation = other_review
    found = similar_learning(plan.cast.business_manager, NEW)
    assert f"rec:{recommendation.pk}" in _keys(found)
    assert f"finding:{finding.pk}" in _keys(found)
    assert f"rec:{plan.recommendation.pk}" in _keys(found)
    assert [r.score for r in found] == sorted((r.score for r in found), reverse=True)


def test_each_match_carries_its_source_and_where_it_stands(plan, other_review):
    complete(plan.action, plan.owner)
    found = {r.key: r for r in similar_learning(plan.cast.business_manager, NEW)}
    mine = found[f"rec:{plan.recommendation.pk}"]
    assert mine.status == "Complete"
    assert mine.label == plan.recommendation.label
    assert mine.source == "Case review: Rapid review"
    assert 0 < mine.percent <= 100
    _case, _lead, finding, recommendation = other_review
    assert found[f"rec:{recommendation.pk}"].status == "No actions yet"
    assert found[f"rec:{recommendation.pk}"].source == "Case review: Safeguarding Adult Review"
    earlier = found[f"finding:{finding.pk}"]
    assert (earlier.label, earlier.status) == ("SAR-2025-002 finding 1", "1 recommendation")


def test_an_overdue_action_shows_its_recommendation_overdue(plan):
    Action.objects.filter(pk=plan.action.pk).update(due=days(-1))  # services refuse past dates
    [found] = [
        r for r in similar_learning(plan.cast.business_manager, NEW) if r.recommendation is not None
    ]
    assert found.status == "Overdue"


def test_learning_the_person_may_not_see_is_never_a_candidate(plan, other_review):
    # The plan's case lead reads only the plan's case: the other review is not theirs.
    keys = _keys(similar_learning(plan.cast.member, NEW))
    assert set(keys) == {
        f"rec:{plan.recommendation.pk}",
        f"finding:{plan.recommendation.finding_id}",
    }
    for person in (plan.cast.outsider, plan.cast.stranger):
        assert similar_learning(person, NEW) == []


def test_the_monitoring_group_and_lead_agency_see_what_they_monitor_or_lead(plan, other_review):
    for person in (plan.group_member, plan.lead):
        keys = _keys(similar_learning(person, NEW))
        assert f"rec:{plan.recommendation.pk}" in keys
        assert f"rec:{other_review[3].pk}" not in keys
        # The finding is theirs to see because a recommendation they see answers it.
        assert f"finding:{plan.recommendation.finding_id}" in keys
    other_group = other_review[3].monitoring_group
    member = UserFactory(
        partnership=plan.case.partnership, roles=[(Role.GROUP_MEMBER, other_group)]
    )
    assert f"rec:{other_review[3].pk}" in _keys(similar_learning(member, NEW))


def test_the_recommendation_itself_and_its_own_cases_findings_are_left_out(plan, other_review):
    keys = _keys(
        similar_learning(
            plan.cast.business_manager, NEW, exclude=plan.recommendation, case=plan.case
        )
    )
    assert f"rec:{plan.recommendation.pk}" not in keys
    assert f"finding:{plan.recommendation.finding_id}" not in keys
    assert f"rec:{other_review[3].pk}" in keys


def test_unrelated_or_blank_text_finds_nothing(plan, other_review):
    manager = plan.cast.business_manager
    assert similar_learning(manager, "") == []
    assert similar_learning(manager, "   ") == []
    assert similar_learning(manager, "Quarterly budget for the website hosting contract.") == []


def test_at_most_five_matches(plan):
    for n in range(8):
        add_action(plan.recommendation, agency=plan.agency, owner=plan.owner, user=plan.cast.member)
        recommendation_create(
            case=plan.case,
            text=f"{NEW} Version {n}.",
            monitoring_group=plan.group,
            owner=plan.cast.member,
            impact_measure=MEASURE,
            impact_review_on=days(100),
            user=plan.cast.member,
        )
    assert len(similar_learning(plan.cast.business_manager, NEW)) == 5


def test_findings_for_user_follow_the_policy(plan, other_review):
    finding = other_review[2]
    assert finding in findings_for_user(plan.cast.business_manager)
    assert finding in findings_for_user(other_review[1])
    assert finding not in findings_for_user(plan.cast.member)
    assert not findings_for_user(plan.cast.stranger).exists()
