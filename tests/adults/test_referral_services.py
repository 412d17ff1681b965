"""SAR referral to decision (domain.md, "Adults"): the services and their rules."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from lantern.adults import decision, services
from lantern.agencyrequests.models import AgencyRequest
from lantern.clock.models import CaseStep
from lantern.meetings.models import Decision

from .conftest import TODAY, answer_scoping, referral_data

pytestmark = pytest.mark.django_db


def test_referral_opens_a_sar_case_with_the_20_working_day_scoping_clock(submitted):
    case = submitted.case
    assert case.pathway == "sar" and case.stage == "referral"
    assert submitted.criteria == "mandatory"
    assert case.subject.kind == "adult" and case.title == "SAR referral from Care Home"
    steps = {s.step_id: s for s in CaseStep.objects.filter(case=case, pathway="sar-referral")}
    assert set(steps) == {"scoping-returned", "decision", "chair-agreed"}
    assert steps["scoping-returned"].due == datetime.date(2026, 3, 30)  # 20 working days


def test_referral_authorised_in_the_future_is_refused(referrer, agencies):
    data = referral_data(agencies, authorised_on=TODAY + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.referral_submit(user=referrer, data=data)
    assert "authorised_on" in error.value.message_dict


def test_incomplete_referral_is_returned_with_reasons_and_the_referrer_told(submitted, agencies):
    services.referral_return(referral=submitted, reason="No authorising manager named.")
    assert submitted.status == "returned"
    assert "No authorising manager named." in mail.outbox[-1].body
    with pytest.raises(ValidationError):
        services.referral_resubmit(
            referral=submitted, data=referral_data(agencies, involved_agencies=[])
        )
    services.referral_resubmit(referral=submitted, data=referral_data(agencies, serious=True))
    assert submitted.status == "submitted" and submitted.returned_reason == ""


def test_return_needs_a_reason(submitted):
    with pytest.raises(ValidationError):
        services.referral_return(referral=submitted, reason=" ")


def test_screening_needs_the_business_manager_and_a_different_panel_chair(submitted, manager):
    with pytest.raises(ValidationError):
        services.referral_screen(referral=submitted, user=manager, panel_chair=manager, on=TODAY)


def test_only_the_independent_chair_signs_off_scoping(submitted, manager, panel_chair):
    services.referral_screen(referral=submitted, user=manager, panel_chair=panel_chair, on=TODAY)
    with pytest.raises(ValidationError):
        services.scoping_sign_off(referral=submitted, user=manager)


def test_scoping_goes_to_every_involved_agency_due_at_20_working_days(
    submitted, manager, chair, panel_chair
):
    services.referral_screen(referral=submitted, user=manager, panel_chair=panel_chair, on=TODAY)
    services.scoping_sign_off(referral=submitted, user=chair)
    sent = services.scoping_send(referral=submitted)
    assert {r.agency.name for r in sent} == {"Care Home", "Council", "Police"}
    assert {r.due for r in sent} == {datetime.date(2026, 3, 30)}
    with pytest.raises(ValidationError, match="Still waiting"):
        services.scoping_complete(referral=submitted)
    answer_scoping(submitted)
    services.scoping_complete(referral=submitted)
    assert submitted.case.stage == "decision"


def test_decision_waits_for_scoping(submitted, manager):
    with pytest.raises(ValidationError, match="scoping"):
        decision.decision_record(
            referral=submitted, kind="other", rationale="x", decided_on=TODAY, user=manager
        )


def test_agreed_sar_marks_decision_and_chair_agreement_and_tells_the_referrer(agreed):
    steps = {
        s.step_id: s.done_on
        for s in CaseStep.objects.filter(case=agreed.case, pathway="sar-referral")
    }
    assert steps == {"scoping-returned": TODAY, "decision": TODAY, "chair-agreed": TODAY}
    assert Decision.objects.get(case=agreed.case).endorsed_on == TODAY
    assert any("agreed the Safeguarding Adult Review" in m.body for m in mail.outbox)
    assert AgencyRequest.objects.filter(case=agreed.case, kind="scoping").count() == 3


def test_family_notified_is_recorded_with_who_told_them(agreed):
    with pytest.raises(ValidationError):
        decision.family_notified(referral=agreed, on=TODAY, by_whom="")
    decision.family_notified(referral=agreed, on=TODAY, by_whom="Ruth Okafor, Independent Chair")
    assert agreed.family_notified_by == "Ruth Okafor, Independent Chair"


def test_other_steps_close_the_case_and_need_no_agreement(submitted, manager, chair, panel_chair):
    services.referral_screen(referral=submitted, user=manager, panel_chair=panel_chair, on=TODAY)
    services.scoping_sign_off(referral=submitted, user=chair)
    services.scoping_send(referral=submitted)
    answer_scoping(submitted)
    services.scoping_complete(referral=submitted)
    decision.decision_record(
        referral=submitted, kind="other", rationale="Single-agency learning.", decided_on=TODAY,
        user=manager,
    )  # fmt: skip
    assert submitted.case.stage == "closed"
    with pytest.raises(ValidationError):
        decision.chair_agree(referral=submitted, user=chair)
