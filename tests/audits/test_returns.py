"""Agency returns: the template sent through the kernel's requests, the rules a return
must meet, drafts, and the immediate safeguarding concern."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lantern.agencyrequests.models import AgencyRequest
from lantern.audits import returns
from lantern.audits.models import AuditReturn, Question
from lantern.cases.models import Capacity, CaseMembership
from lantern.clock.models import CaseStep
from lantern.notifications.models import Notification
from tests.factories import UserFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db

NIA = returns.NO_INFORMATION


def _questions():
    kinds = ["open", "yes_no", "graded"]
    return [Question(pk=i, order=i, text=f"Q{i}", kind=k) for i, k in enumerate(kinds, start=1)]


def test_rule_no_answer_may_be_blank_no_information_available_is_an_answer():
    problems = returns.return_problems(_questions(), {"1": " ", "2": NIA, "3": NIA}, "Impact")
    assert problems == {
        "q1": 'Answer question 1. If your agency has nothing, write "No information available".'
    }
    assert returns.return_problems(_questions(), {"1": NIA, "2": NIA, "3": NIA}, "x") == {}


@pytest.mark.parametrize("bare", ["yes", "No", "no.", " YES! "])
def test_rule_an_open_question_may_not_be_answered_with_a_bare_yes_or_no(bare):
    problems = returns.return_problems(_questions(), {"1": bare, "2": "yes", "3": "good"}, "x")
    assert problems == {
        "q1": "Question 1 is an open question: explain your answer, not just yes or no."
    }


def test_rule_closed_and_graded_answers_must_be_one_of_their_choices():
    problems = returns.return_problems(_questions(), {"1": "We did.", "2": "maybe", "3": "ok"}, "x")
    assert problems == {
        "q2": "Answer question 2 yes or no.",
        "q3": "Choose a grade for question 3.",
    }


def test_rule_evidence_of_impact_is_required():
    answers = {"1": "Seen alone.", "2": "no", "3": "good"}
    assert returns.return_problems(_questions(), answers, "  ") == {
        "impact": "Give evidence of the impact of your agency's interventions."
    }


def test_template_send_uses_kernel_requests_one_return_per_case_and_agency(sent, agencies):
    requests = AgencyRequest.objects.filter(case=sent.case)
    assert {r.kind for r in requests} == {"audit_return"} and requests.count() == 2
    assert AuditReturn.objects.filter(audit=sent).count() == 4 * 2
    assert CaseStep.objects.get(case=sent.case, step_id="template-sent").done_on == TODAY
    with pytest.raises(ValidationError, match="already been sent"):
        returns.template_send(audit=sent, agency_ids=[agencies["Police"].pk])


def test_template_send_needs_a_finalised_tool_and_a_draw(audit, agencies):
    with pytest.raises(ValidationError, match="Finalise the audit tool"):
        returns.template_send(audit=audit, agency_ids=[agencies["Police"].pk])


def _save(ret, user, submit, answers=None, impact="", concern=False, details=""):
    return returns.return_save(
        ret=ret, user=user, answers=answers or {}, impact=impact, concern=concern,
        concern_details=details, submit=submit,
    )  # fmt: skip


def _rep(ret):
    person = UserFactory(partnership=ret.audit.case.partnership)
    CaseMembership.objects.create(
        case=ret.audit.case, person=person, agency=ret.agency,
        capacity=Capacity.AGENCY_REPRESENTATIVE,
    )  # fmt: skip
    return person


def test_a_draft_is_always_saved_and_a_submission_refused_per_question(sent):
    ret = sent.returns.first()
    rep = _rep(ret)
    q1, q2, q3 = sent.questions.all()
    _save(ret, rep, submit=False, answers={str(q1.pk): "yes"})
    ret.refresh_from_db()
    assert ret.status == "draft" and ret.answers == {str(q1.pk): "yes"}
    with pytest.raises(ValidationError) as error:
        _save(ret, rep, submit=True, answers={str(q1.pk): "yes"})
    assert set(error.value.message_dict) == {f"q{q1.pk}", f"q{q2.pk}", f"q{q3.pk}", "impact"}
    ret.refresh_from_db()
    assert ret.status == "draft"
    answers = {str(q1.pk): "Seen alone twice.", str(q2.pk): "yes", str(q3.pk): "good"}
    _save(ret, rep, submit=True, answers=answers, impact="Plan ended; child thriving.")
    ret.refresh_from_db()
    assert ret.status == "submitted" and ret.submitted_by == rep
    with pytest.raises(ValidationError, match="submitted"):
        _save(ret, rep, submit=False)


def test_the_request_is_submitted_when_all_its_returns_are(sent):
    request = sent.returns.first().request
    answers = {str(q.pk): NIA for q in sent.questions.all()}
    manager = UserFactory(partnership=sent.case.partnership, roles=["business_manager"])
    for ret in AuditReturn.objects.filter(request=request):
        request.refresh_from_db()
        assert request.submitted_at is None
        _save(ret, manager, submit=True, answers=answers, impact="None known.")
    request.refresh_from_db()
    assert request.status == "submitted" and request.submitted_at is not None


def test_only_the_agency_representative_or_case_managers_answer(sent, agencies):
    ret = sent.returns.filter(agency=agencies["Council"]).first()
    other = sent.returns.filter(agency=agencies["Police"]).first()
    rep = _rep(other)  # represents the Police, not the Council
    with pytest.raises(PermissionDenied):
        _save(ret, rep, submit=False)
    _save(other, rep, submit=False)
    # The theme lead runs the audit, so may act for any agency, like the Business Unit.
    _save(ret, sent.theme_lead, submit=False)


def test_an_immediate_concern_emails_managers_and_theme_lead_at_once(sent, manager, mailoutbox):
    ret = sent.returns.first()
    rep = _rep(ret)
    with pytest.raises(ValidationError, match="Describe"):
        _save(ret, rep, submit=False, concern=True)
    _save(ret, rep, submit=False, concern=True, details="Child left alone overnight.")
    ret.refresh_from_db()
    assert ret.concern and ret.concern_escalated_at is not None
    concern_mail = [m for m in mailoutbox if "Immediate safeguarding concern" in m.subject]
    assert sorted(m.to[0] for m in concern_mail) == sorted([manager.email, sent.theme_lead.email])
    assert "Child left alone overnight." in concern_mail[0].body
    assert Notification.objects.filter(kind="audit_concern").count() == 2
    _save(ret, rep, submit=False, concern=True, details="Still alone.")  # not sent twice
    assert Notification.objects.filter(kind="audit_concern").count() == 2


def test_rule_a_refused_submission_keeps_what_the_agency_typed_as_a_draft(sent):
    ret = sent.returns.first()
    rep = _rep(ret)
    q1, q2, q3 = sent.questions.all()
    typed = {str(q1.pk): "Seen alone at each visit.", str(q2.pk): "maybe"}
    with pytest.raises(ValidationError) as error:
        _save(ret, rep, submit=True, answers=typed, impact="Attendance rose to 95%.")
    assert set(error.value.message_dict) == {f"q{q2.pk}", f"q{q3.pk}"}
    ret.refresh_from_db()
    assert ret.status == "draft" and ret.submitted_at is None
    assert ret.answers == typed and ret.impact == "Attendance rose to 95%."
    assert not AgencyRequest.objects.filter(pk=ret.request_id, status="submitted").exists()


def test_rule_a_concern_on_a_refused_submission_is_still_recorded_and_escalated_at_once(
    sent, manager, mailoutbox
):
    ret = sent.returns.first()
    rep = _rep(ret)
    with pytest.raises(ValidationError) as error:
        _save(ret, rep, submit=True, concern=True, details="Bruising seen, not referred.")
    assert "impact" in error.value.message_dict
    ret.refresh_from_db()
    assert ret.status == "draft"
    assert ret.concern and ret.concern_escalated_at is not None
    assert ret.concern_details == "Bruising seen, not referred."
    to = sorted(m.to[0] for m in mailoutbox if "Immediate safeguarding concern" in m.subject)
    assert to == sorted([manager.email, sent.theme_lead.email])


def test_rule_a_concern_without_details_keeps_the_draft_but_escalates_nothing(sent, mailoutbox):
    ret = sent.returns.first()
    rep = _rep(ret)
    q1 = sent.questions.first()
    with pytest.raises(ValidationError) as error:
        _save(ret, rep, submit=False, answers={str(q1.pk): "Seen once."}, concern=True)
    assert error.value.message_dict == {
        "concern_details": ["Describe the immediate safeguarding concern."]
    }
    ret.refresh_from_db()
    assert ret.answers == {str(q1.pk): "Seen once."}
    assert not ret.concern and ret.concern_escalated_at is None
    assert not [m for m in mailoutbox if "Immediate safeguarding concern" in m.subject]


def _submit_all(audit):
    """Every return of the audit's first request submitted by the agency's representative."""
    request = audit.returns.first().request
    answers = {str(q.pk): NIA for q in audit.questions.all()}
    rep = _rep(audit.returns.filter(request=request).first())
    for ret in AuditReturn.objects.filter(request=request):
        _save(ret, rep, submit=True, answers=answers, impact="None known.")
    request.refresh_from_db()
    return request, rep, answers


def test_the_leads_are_told_and_the_trail_records_the_request_answered(sent, mailoutbox):
    from lantern.audit.models import AuditEvent

    request, rep, _answers = _submit_all(sent)
    assert request.status == "submitted" and request.submitted_by == rep
    told = [m for m in mailoutbox if f"{request.agency} has submitted" in m.subject]
    assert sent.theme_lead.email in {m.to[0] for m in told}
    changed = AuditEvent.objects.filter(
        object_type="agencyrequests.agencyrequest", object_id=str(request.pk), action="update"
    )
    assert changed.exists()


def test_a_failed_send_leaves_no_request_without_its_returns(ready, agencies, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(AuditReturn.objects, "create", broken)
    with pytest.raises(RuntimeError):
        returns.template_send(audit=ready, agency_ids=[agencies["Police"].pk])
    assert not AgencyRequest.objects.filter(case=ready.case).exists()
    assert not AuditReturn.objects.filter(audit=ready).exists()


def test_a_request_sent_back_reopens_its_audit_returns_for_the_agency_to_correct(
    sent, manager, mailoutbox
):
    from lantern.agencyrequests.services import request_return

    request, rep, answers = _submit_all(sent)
    request_return(request=request, user=manager, reason="Say what your records show.")
    request.refresh_from_db()
    assert request.status == "returned"
    reopened = AuditReturn.objects.filter(request=request)
    assert {(r.status, r.submitted_at) for r in reopened} == {("draft", None)}
    assert all(r.answers == answers for r in reopened)  # kept for the agency to correct
    for ret in reopened:
        _save(ret, rep, submit=True, answers=answers, impact="Records checked again.")
    request.refresh_from_db()
    assert request.status == "submitted"
