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


def test_a_decision_that_differs_from_the_s44_assessment_is_left_to_the_kernel_s_gate():
    """Care Act s44: the sub-group may decide otherwise than the assessment, with a reason
    (lantern.workflow's ReasonIfDiffers; see test_decision_gates.py), so these rules no
    longer refuse it outright."""
    assert decision_problems(kind="mandatory", criteria="discretionary", rationale="x") == {}
    assert decision_problems(kind="discretionary", criteria="mandatory", rationale="x") == {}


def test_decision_other_steps_always_allowed_but_need_a_rationale():
    assert decision_problems(kind="other", criteria="mandatory", rationale="Because.") == {}
    assert "rationale" in decision_problems(kind="other", criteria="mandatory", rationale=" ")
