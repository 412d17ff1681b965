"""Findings, recommendations, good practice acknowledged via the senior management team,
and ratification in its order. The findings and recommendations are the action tracker's,
on the audit's case: one record, which the tracker builds the action plan under."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lantern.actions.models import Finding, Recommendation
from lantern.actions.selectors import recommendations_for_case, recommendations_for_user
from lantern.actions.services import action_create
from lantern.audits import findings
from lantern.audits.models import Ratification
from tests.factories import GroupFactory, UserFactory

from .conftest import MEASURE, RECOMMENDATION, TODAY, open_audit

pytestmark = pytest.mark.django_db


def _recommend(finding, user, group, **overrides):
    values = {
        "audit": finding.case.macfa, "finding": finding, "text": RECOMMENDATION,
        "owner": user, "monitoring_group": group, "impact_measure": MEASURE,
        "impact_review_on": TODAY + datetime.timedelta(days=90), "user": user,
    }  # fmt: skip
    return findings.recommendation_add(**values | overrides)


def _ratify(audit, group, user, on=TODAY, note=""):
    return findings.ratification_record(
        audit=audit, group=group, ratified_on=on, note=note, user=user
    )


def test_findings_and_recommendations_are_numbered_through_the_audit(moderated, manager, qap):
    one = findings.finding_add(audit=moderated, text="First.", user=manager)
    two = findings.finding_add(audit=moderated, text="Second.", user=manager)
    _recommend(one, manager, qap)
    _recommend(two, manager, qap)
    _recommend(one, manager, qap)
    assert [(f.case, f.number) for f in Finding.objects.all()] == [
        (moderated.case, 1), (moderated.case, 2)
    ]  # fmt: skip
    numbers = [(r.finding.number, r.number) for r in Recommendation.objects.order_by("pk")]
    assert numbers == [(1, 1), (2, 2), (1, 3)]


def test_rule_a_recommendation_needs_an_owner_group_measure_and_a_future_review(moderated, manager):
    finding = findings.finding_add(audit=moderated, text="First.", user=manager)
    with pytest.raises(ValidationError) as error:
        _recommend(finding, manager, None, text=" ", owner=UserFactory(), impact_measure="",
                   impact_review_on=TODAY)  # fmt: skip
    assert set(error.value.message_dict) == {
        "text", "owner", "monitoring_group", "impact_measure", "impact_review_on"
    }  # fmt: skip
    assert not Recommendation.objects.exists()


def test_rule_the_quality_prompt_advises_until_the_recommendation_is_kept_as_written(
    moderated, manager, qap
):
    finding = findings.finding_add(audit=moderated, text="First.", user=manager)
    vague = {"text": "Raise awareness of the child's voice.", "impact_measure": "Re-audit."}
    with pytest.raises(ValidationError) as error:
        _recommend(finding, manager, qap, **vague)
    [advice] = error.value.message_dict["text"]
    assert "too short to track" in advice and "how the group will know" in advice
    assert not Recommendation.objects.exists()
    kept = _recommend(finding, manager, qap, keep_as_written=True, **vague)
    assert (kept.text, kept.finding, kept.case) == (vague["text"], finding, moderated.case)


def test_rule_a_recommendation_answers_a_finding_of_this_audit(
    moderated, partnership, theme_lead, manager, qap
):
    other = open_audit(partnership, theme_lead, theme="Another theme")
    elsewhere = findings.finding_add(audit=other, text="Elsewhere.", user=manager)
    with pytest.raises(ValidationError) as error:
        _recommend(elsewhere, manager, qap, audit=moderated)
    assert set(error.value.message_dict) == {"finding"}


def test_an_audits_recommendation_is_in_the_action_tracker_for_the_business_manager(
    found, manager, qap
):
    [recommendation] = recommendations_for_case(found.case)
    assert recommendation.text == RECOMMENDATION and recommendation.case.pathway == "macfa"
    assert recommendation.source == "audit"
    assert list(recommendations_for_user(manager)) == [recommendation]
    assert (recommendation.monitoring_group, recommendation.owner) == (qap, manager)
    # ... and the action plan is built under that same record.
    action = action_create(
        recommendation=recommendation, title="Add the child's words to the visit template",
        lead_agency=found.case.partnership.agencies.get(name="Police"), owner=manager,
        due=TODAY + datetime.timedelta(days=60), success_measure="Template in use.",
        user=found.theme_lead,
    )  # fmt: skip
    assert list(recommendations_for_case(found.case)[0].actions.all()) == [action]


def test_rule_findings_are_recorded_by_the_theme_lead_or_business_unit(moderated, qap):
    lead = moderated.theme_lead
    finding = findings.finding_add(audit=moderated, text="By the lead.", user=lead)
    assert finding.created_by == lead
    assert _recommend(finding, lead, qap).created_by == lead
    someone = UserFactory(partnership=moderated.case.partnership)
    with pytest.raises(PermissionDenied):
        findings.finding_add(audit=moderated, text="x", user=someone)
    with pytest.raises(PermissionDenied):
        _recommend(finding, someone, qap)
    with pytest.raises(ValidationError) as error:
        findings.finding_add(audit=moderated, text=" ", user=lead)
    assert error.value.message_dict == {"text": ["Enter the finding."]}


def test_rule_good_practice_is_acknowledged_to_someone_on_a_past_date(moderated, manager, agencies):
    practice = findings.good_practice_add(
        audit=moderated, text="Police shared information the same day.",
        agency=agencies["Police"], user=manager,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        findings.good_practice_acknowledge(
            practice=practice, acknowledged_to=" ", acknowledged_on=TODAY + datetime.timedelta(1),
            user=manager,
        )  # fmt: skip
    assert set(error.value.message_dict) == {"acknowledged_to", "acknowledged_on"}
    findings.good_practice_acknowledge(
        practice=practice, acknowledged_to="Chief Superintendent, police SMT",
        acknowledged_on=TODAY, user=manager,
    )  # fmt: skip
    practice.refresh_from_db()
    assert (practice.acknowledged_to, practice.acknowledged_on) == (
        "Chief Superintendent, police SMT", TODAY
    )  # fmt: skip


def test_rule_the_executive_before_the_childrens_group_is_refused(found, manager, groups):
    with pytest.raises(ValidationError) as error:
        _ratify(found, groups["executive"], manager)
    assert error.value.message_dict["group"] == [
        "The findings go to the Executive after the children's partnership group (DSCPG) "
        "ratifies them."
    ]
    assert not Ratification.objects.exists()


def test_ratification_is_recorded_childrens_group_then_executive(found, manager, groups):
    _ratify(found, groups["dscpg"], manager, on=TODAY - datetime.timedelta(7), note="Agreed.")
    assert not findings.is_ratified(found)
    _ratify(found, groups["executive"], manager)
    assert findings.is_ratified(found)
    rows = list(Ratification.objects.values_list("body", "group__name", "note"))
    assert rows == [("board", "DSCPG", "Agreed."), ("executive", "Exec", "")]
    with pytest.raises(ValidationError, match="ratified the findings on"):
        _ratify(found, groups["executive"], manager)


def test_rule_an_adults_audit_is_ratified_by_the_sab_not_the_childrens_group(
    partnership, theme_lead, manager, groups
):
    audit = open_audit(partnership, theme_lead, kind="adults")
    with pytest.raises(ValidationError) as error:
        _ratify(audit, groups["dscpg"], manager)
    assert error.value.message_dict["group"] == [
        "This audit's findings are ratified by the Safeguarding Adults Board, then the Executive."
    ]


def test_rule_the_executive_ratifies_on_or_after_the_first_group(found, manager, groups):
    _ratify(found, groups["dscpg"], manager)
    with pytest.raises(ValidationError) as error:
        _ratify(found, groups["executive"], manager, on=TODAY - datetime.timedelta(1))
    assert "on or after DSCPG did" in error.value.message_dict["ratified_on"][0]


def test_rule_ratification_needs_findings_and_the_moderated_judgement(returned, manager, groups):
    with pytest.raises(ValidationError, match="Record the findings"):
        _ratify(returned, groups["dscpg"], manager)
    findings.finding_add(audit=returned, text="First.", user=manager)
    with pytest.raises(ValidationError, match="Moderate the audit's overall judgement"):
        _ratify(returned, groups["dscpg"], manager)


def test_rule_ratification_needs_a_group_of_this_partnership_and_a_past_date(found, manager):
    elsewhere = GroupFactory(kind="childrens_group")
    with pytest.raises(ValidationError) as error:
        _ratify(found, elsewhere, manager, on=TODAY + datetime.timedelta(1))
    assert set(error.value.message_dict) == {"group", "ratified_on"}


def test_rule_findings_and_recommendations_are_fixed_once_ratified(found, manager, groups, qap):
    _ratify(found, groups["dscpg"], manager)
    with pytest.raises(ValidationError, match="ratified"):
        findings.finding_add(audit=found, text="Late.", user=manager)
    with pytest.raises(ValidationError, match="ratified"):
        _recommend(Finding.objects.get(case=found.case), manager, qap)
    assert (Finding.objects.count(), Recommendation.objects.count()) == (1, 1)


def test_rule_once_ratified_the_tracker_cannot_add_learning_to_the_audit_either(
    found, manager, groups, qap
):
    from lantern.actions.services import finding_create, recommendation_create

    _ratify(found, groups["dscpg"], manager)
    with pytest.raises(ValidationError, match="ratified"):
        finding_create(case=found.case, text="Added in the tracker.", user=manager)
    with pytest.raises(ValidationError, match="ratified"):
        recommendation_create(
            case=found.case,
            text=RECOMMENDATION,
            monitoring_group=qap,
            owner=manager,
            impact_measure=MEASURE,
            impact_review_on=TODAY + datetime.timedelta(days=90),
            user=manager,
        )
    assert (Finding.objects.count(), Recommendation.objects.count()) == (1, 1)


def test_rule_once_ratified_a_recommendation_is_not_relinked_as_a_repeat(found, manager, groups):
    from lantern.actions.services import recommendation_link_repeat

    recommendation = Recommendation.objects.get(case=found.case)
    _ratify(found, groups["dscpg"], manager)
    with pytest.raises(ValidationError, match="ratified"):
        recommendation_link_repeat(recommendation=recommendation, earlier=None, user=manager)
