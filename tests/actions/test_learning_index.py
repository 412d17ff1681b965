"""Issue 13: repeat learning reads a stored index of the partnership's learning, kept up
to date when a recommendation or finding is saved or deleted (its version in the
database), instead of normalising and weighing every text on each visit."""

import random

import pytest
from benchmarks.repeat_learning import load, synthetic
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantern.actions import learning_index, term_index
from lantern.actions.models import LearningTerms, LearningVersion, Recommendation
from lantern.actions.repeats import similar_learning
from lantern.actions.services import recommendation_create
from lantern.actions.similarity import Candidate, SimilarityIndex, term_weights
from lantern.actions.term_index import TermIndex, columns
from tests.factories import CaseFactory, GroupFactory, MembershipFactory

from .helpers import MEASURE, days, make_plan

NEW = (
    "The hospital trust and children's social care share every discharge plan for an "
    "infant within 24 hours, under a written protocol."
)
FAR = (
    "Schools record every child missing education and tell the local authority within "
    "five days, with the reasons given."
)


@pytest.fixture
def plan(cast):
    return make_plan(cast)


def _keys(results) -> list[str]:
    return [r.key for r in results]


def _other_review(plan, text: str = NEW):
    """A recommendation on another review that the plan's case lead may not see."""
    case = CaseFactory(partnership=plan.case.partnership, pathway="sar")
    lead = MembershipFactory(case=case).person
    return recommendation_create(
        case=case,
        text=text,
        monitoring_group=GroupFactory(partnership=plan.case.partnership),
        owner=lead,
        impact_measure=MEASURE,
        impact_review_on=days(100),
        user=lead,
    )


def _bulk_recommendations(plan, count: int) -> None:
    """``count`` recommendations on another review, inserted in bulk (as the benchmark
    generator does), then refreshed."""
    case = CaseFactory(partnership=plan.case.partnership, pathway="cspr")
    items = load()
    texts = [c.text for c in synthetic(items, count, seed=13)]
    Recommendation.objects.bulk_create(
        Recommendation(
            partnership=plan.case.partnership,
            case=case,
            number=n,
            text=text,
            monitoring_group=plan.group,
            owner=plan.owner,
            impact_measure=MEASURE,
            impact_review_on=days(100),
            created_by=plan.owner,
        )
        for n, text in enumerate(texts, start=1)
    )
    learning_index.refresh(plan.case.partnership_id)


def _queries(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return len(captured), result


# For whoever reads every case: the version, the ids of the case's findings (left out),
# the similar recommendations and their actions.
MANAGER_QUERIES = 4
# For the case's lead: the version, the ids of the recommendations and findings they may
# read, the similar recommendations and their actions, the similar findings and the
# recommendations answering them.
MEMBER_QUERIES = 7
# After a change, once per process: the stored weights and the ids of the learning.
BUILD_QUERIES = 2


@pytest.mark.parametrize("count", [5, 200])
def test_issue_13_queries_stay_flat_from_5_to_200_recommendations(plan, count):
    _bulk_recommendations(plan, count)
    manager, member = plan.cast.business_manager, plan.cast.member
    for person in (manager, member):  # their roles, agencies and groups, read once
        similar_learning(person, "warm up")
    learning_index.learning_changed(plan.case.partnership_id)
    bulk = Recommendation.objects.filter(case__pathway="cspr").order_by("number").first()
    ask = {"exclude": bulk, "case": bulk.case}
    first, found = _queries(lambda: similar_learning(manager, bulk.text, **ask))
    again, repeated = _queries(lambda: similar_learning(manager, bulk.text, **ask))
    assert (first, again) == (MANAGER_QUERIES + BUILD_QUERIES, MANAGER_QUERIES)
    assert found and _keys(repeated) == _keys(found)
    member_queries, mine = _queries(lambda: similar_learning(member, NEW))
    assert member_queries == MEMBER_QUERIES
    assert set(_keys(mine)) == {
        f"rec:{plan.recommendation.pk}",
        f"finding:{plan.recommendation.finding_id}",
    }


def test_issue_13_bulk_inserts_are_weighed_and_found_after_a_refresh(plan):
    _bulk_recommendations(plan, 5)
    bulk = Recommendation.objects.filter(case__pathway="cspr").order_by("number")
    # refresh() stored every bulk text's weights.
    keys = {f"rec:{pk}" for pk in bulk.values_list("pk", flat=True)}
    assert keys <= set(LearningTerms.objects.values_list("key", flat=True))
    first = bulk.first()
    assert f"rec:{first.pk}" in _keys(similar_learning(plan.cast.business_manager, first.text))


def test_issue_13_editing_a_recommendations_text_changes_the_next_answer(plan):
    other = _other_review(plan)
    manager = plan.cast.business_manager
    assert f"rec:{other.pk}" in _keys(similar_learning(manager, NEW))
    assert f"rec:{other.pk}" not in _keys(similar_learning(manager, FAR))
    before = learning_index.version_of(plan.case.partnership_id)
    other.text = FAR
    other.save()
    assert learning_index.version_of(plan.case.partnership_id) != before
    assert f"rec:{other.pk}" not in _keys(similar_learning(manager, NEW))
    assert f"rec:{other.pk}" in _keys(similar_learning(manager, FAR))


def test_issue_13_a_change_made_by_another_process_is_seen(plan):
    """Another app process's change reaches this one through the version row alone: the
    text written without this process's signals, then the version bumped."""
    other = _other_review(plan)
    manager = plan.cast.business_manager
    assert f"rec:{other.pk}" in _keys(similar_learning(manager, NEW))
    Recommendation.objects.filter(pk=other.pk).update(text=FAR)
    LearningTerms.objects.filter(key=f"rec:{other.pk}").delete()
    learning_index.learning_changed(plan.case.partnership_id)
    assert f"rec:{other.pk}" not in _keys(similar_learning(manager, NEW))
    assert f"rec:{other.pk}" in _keys(similar_learning(manager, FAR))


def test_issue_13_deleting_a_recommendation_removes_it(plan):
    other = _other_review(plan)
    manager = plan.cast.business_manager
    key = f"rec:{other.pk}"
    assert key in _keys(similar_learning(manager, NEW))
    other.delete()
    assert key not in _keys(similar_learning(manager, NEW))
    assert not LearningTerms.objects.filter(key=key).exists()


def test_issue_13_a_cached_answer_never_reaches_someone_who_may_not_see_it(plan):
    other = _other_review(plan)
    key = f"rec:{other.pk}"
    # The manager's answer, now cached, holds the other review's recommendation.
    assert key in _keys(similar_learning(plan.cast.business_manager, NEW))
    for person in (plan.cast.member, plan.cast.outsider, plan.cast.stranger):
        assert key not in _keys(similar_learning(person, NEW))
    # Given the case, the lead sees it, and only then.
    MembershipFactory(case=other.case, person=plan.cast.member)
    assert key in _keys(similar_learning(plan.cast.member, NEW))


def test_issue_13_a_deactivated_person_is_given_no_learning(plan):
    member = plan.cast.member
    assert similar_learning(member, NEW)
    member.is_active = False
    member.save()
    assert similar_learning(member, NEW) == []


def test_issue_13_every_partnership_has_a_version_row_once_its_learning_changes(plan):
    row = LearningVersion.objects.get(partnership_id=plan.case.partnership_id)
    _other_review(plan)
    assert LearningVersion.objects.get(pk=row.pk).version == row.version + 1


@pytest.mark.parametrize("few", [(500, 1500), (5, 20)])
def test_issue_13_the_stored_index_scores_as_the_index_of_the_candidates_does(monkeypatch, few):
    """TermIndex over any subset of the learning gives SimilarityIndex's answer over that
    subset (IDF over the candidates only): the same keys and the same scores, whichever
    way it counts (few left out, few candidates, or every weight in numpy)."""
    monkeypatch.setattr(term_index, "FEW_LEFT_OUT", few[0])
    monkeypatch.setattr(term_index, "FEW_CANDIDATES", few[1])
    items = load()
    texts = [(i.id, i.text) for i in items] + [(c.key, c.text) for c in synthetic(items, 200)]
    stored = TermIndex((key, *columns(term_weights(text))) for key, text in texts)
    rng = random.Random(13)
    for share in (0.1, 0.4, 0.6, 0.95, 1.0):
        chosen = [(key, text) for key, text in texts if rng.random() < share]
        keys = {key for key, _ in chosen}
        fresh = SimilarityIndex(Candidate(key, text) for key, text in chosen)
        for item in rng.sample(items, 8):
            expected = fresh.query(item.text, limit=50, threshold=0.0)
            assert stored.query(item.text, candidates=keys, limit=50, threshold=0.0) == expected
    left_out = {key for key, _ in rng.sample(texts, 7)}
    fresh = SimilarityIndex(Candidate(key, text) for key, text in texts if key not in left_out)
    for item in rng.sample(items, 8):
        expected = fresh.query(item.text, limit=50, threshold=0.0)
        assert stored.query(item.text, exclude=left_out, limit=50, threshold=0.0) == expected
