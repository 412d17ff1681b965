"""Grades per case and agency, the moderated judgement of each case and of the audit,
recorded by the theme lead or the Business Unit only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lantern.audits import grading
from lantern.audits.models import AuditReturn, CaseJudgement
from lantern.cases.models import Capacity, CaseMembership
from tests.factories import UserFactory

from .conftest import moderate_all

pytestmark = pytest.mark.django_db


def _moderate(audit, user, reference, grades=None, judgement="good", note="Agreed."):
    rets = audit.returns.filter(case_reference=reference)
    grades = {r.pk: "good" for r in rets} if grades is None else grades
    return grading.case_moderate(
        audit=audit, case_reference=reference, grades=grades, judgement=judgement, note=note,
        user=user,
    )  # fmt: skip


def _first(audit):
    return grading.selected_references(audit)[0]


def test_case_moderation_grades_each_agency_and_records_the_judgement_with_its_note(
    returned, manager
):
    reference = _first(returned)
    rets = list(returned.returns.filter(case_reference=reference).order_by("agency__name"))
    grades = {rets[0].pk: "outstanding", rets[1].pk: "inadequate"}
    judged = _moderate(returned, manager, reference, grades, "requires_improvement", " Split. ")
    assert (judged.grade, judged.note, judged.moderated_by) == (
        "requires_improvement",
        "Split.",
        manager,
    )
    saved = {
        r.agency.name: (r.grade, r.graded_by)
        for r in AuditReturn.objects.filter(case_reference=reference)
    }
    assert saved == {"Council": ("outstanding", manager), "Police": ("inadequate", manager)}
    _moderate(returned, manager, reference, judgement="good")  # moderated again: one record
    assert CaseJudgement.objects.get(case_reference=reference).grade == "good"


def test_rule_grades_are_recorded_by_the_theme_lead_or_the_business_unit_only(returned):
    reference = _first(returned)
    _moderate(returned, returned.theme_lead, reference)  # the theme lead may
    partnership = returned.case.partnership
    rep = UserFactory(partnership=partnership)
    CaseMembership.objects.create(
        case=returned.case, person=rep, agency=partnership.agencies.first(),
        capacity=Capacity.AGENCY_REPRESENTATIVE,
    )  # fmt: skip
    for person in (rep, UserFactory(partnership=partnership), UserFactory()):
        with pytest.raises(PermissionDenied):
            _moderate(returned, person, reference)
        with pytest.raises(PermissionDenied):
            grading.audit_judge(audit=returned, judgement="good", note="x", user=person)


def test_rule_a_case_is_graded_once_every_return_is_submitted(sent, manager):
    with pytest.raises(ValidationError, match="still waiting for Council, Police"):
        _moderate(sent, manager, _first(sent))
    assert not CaseJudgement.objects.exists()


def test_rule_every_agency_gets_a_grade_and_the_judgement_needs_a_note(returned, manager):
    reference = _first(returned)
    police = returned.returns.get(case_reference=reference, agency__name="Police")
    with pytest.raises(ValidationError) as error:
        _moderate(returned, manager, reference, {police.pk: "good"}, judgement="great", note=" ")
    council = returned.returns.get(case_reference=reference, agency__name="Council")
    assert error.value.message_dict == {
        f"return_{council.pk}": ["Choose a grade for Council."],
        "judgement": [f"Choose the overall judgement for {reference}."],
        "note": ["Enter the moderation note: how the overall judgement was reached."],
    }
    assert not AuditReturn.objects.exclude(grade="").exists()


def test_rule_only_selected_cases_are_moderated(returned, manager):
    with pytest.raises(ValidationError, match="not one of the cases selected"):
        _moderate(returned, manager, "C-999", {})


def test_rule_the_audit_is_judged_after_every_case(returned, manager):
    reference = _first(returned)
    _moderate(returned, manager, reference)
    with pytest.raises(ValidationError) as error:
        grading.audit_judge(audit=returned, judgement="good", note="x", user=manager)
    assert "still to do" in error.value.message_dict["__all__"][0]
    moderate_all(returned, manager)
    with pytest.raises(ValidationError) as error:
        grading.audit_judge(audit=returned, judgement="", note="", user=manager)
    assert set(error.value.message_dict) == {"judgement", "note"}
    grading.audit_judge(audit=returned, judgement="good", note="Consistent.", user=manager)
    returned.refresh_from_db()
    assert (returned.judgement, returned.judgement_note, returned.judged_by) == (
        "good", "Consistent.", manager
    )  # fmt: skip


def test_rule_grades_no_longer_change_once_the_findings_are_ratified(ratified, manager):
    with pytest.raises(ValidationError, match="ratified"):
        _moderate(ratified, manager, _first(ratified), judgement="inadequate")
    with pytest.raises(ValidationError, match="ratified"):
        grading.audit_judge(audit=ratified, judgement="inadequate", note="x", user=manager)


def test_grade_rows_count_each_grade_per_agency_all_agencies_and_overall(returned, manager):
    first, second, *_rest = grading.selected_references(returned)
    rets = {(r.case_reference, r.agency.name): r.pk for r in returned.returns.all()}
    _moderate(returned, manager, first, {rets[first, "Council"]: "outstanding",
                                         rets[first, "Police"]: "good"}, "good")  # fmt: skip
    _moderate(returned, manager, second, {rets[second, "Council"]: "good",
                                          rets[second, "Police"]: "good"}, "good")  # fmt: skip
    agencies, every, overall = grading.grade_rows(
        list(returned.returns.select_related("agency")), list(returned.judgements.all())
    )
    assert [(r.name, r.counts) for r in agencies] == [
        ("Council", [1, 1, 0, 0]), ("Police", [0, 2, 0, 0])
    ]  # fmt: skip
    assert every.counts == [1, 3, 0, 0] and every.total == 4
    assert overall.counts == [0, 2, 0, 0] and overall.name == grading.OVERALL
