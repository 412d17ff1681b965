"""Care Act 2014 s44: when a SAR must be arranged, and when it may be."""

import pytest

from lantern.adults.rules import decision_problems, s44_criteria

MANDATORY_DEATH = dict(
    care_and_support_needs=True, died=True, abuse_or_neglect="suspected", serious=False,
    agencies_concern=True,
)  # fmt: skip


def test_s44_a_death_from_suspected_abuse_with_agency_concern_is_mandatory():
    assert s44_criteria(**MANDATORY_DEATH) == "mandatory"


def test_s44_a_living_adult_needs_serious_abuse_or_neglect_for_a_mandatory_sar():
    alive = MANDATORY_DEATH | {"died": False}
    assert s44_criteria(**alive) == "discretionary"
    assert s44_criteria(**alive | {"serious": True, "abuse_or_neglect": "known"}) == "mandatory"


@pytest.mark.parametrize(
    "change",
    [
        {"care_and_support_needs": False},
        {"abuse_or_neglect": "not_suspected"},
        {"agencies_concern": False},
    ],
)
def test_s44_without_any_one_condition_the_sar_is_discretionary(change):
    assert s44_criteria(**MANDATORY_DEATH | change) == "discretionary"


def test_decision_cannot_call_mandatory_a_sar_the_answers_do_not_require():
    problems = decision_problems(kind="mandatory", criteria="discretionary", rationale="x")
    assert "do not meet the s44 duty" in problems["kind"]


def test_decision_cannot_make_discretionary_a_sar_the_law_requires():
    assert "kind" in decision_problems(kind="discretionary", criteria="mandatory", rationale="x")


def test_decision_other_steps_always_allowed_but_need_a_rationale():
    assert decision_problems(kind="other", criteria="mandatory", rationale="Because.") == {}
    assert "rationale" in decision_problems(kind="other", criteria="mandatory", rationale=" ")
