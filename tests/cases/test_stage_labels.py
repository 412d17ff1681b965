"""Stage names say where a case is, not what has yet to happen (issue 13 walk)."""

from lantern.cases.pathways import PATHWAYS


def test_a_rapid_review_with_a_decision_is_not_said_to_have_sent_its_outcome():
    """A rapid review moves to its "outcome" stage when the decision is recorded; the
    outcome is sent later (review.outcome_sent_on). The stage was called "Outcome sent",
    so the case page and My work said so the moment the decision was made."""
    label = PATHWAYS["rapid-review"].stage_label("outcome")
    assert label == "Decision and outcome"
    assert "sent" not in label.lower()
