"""The children's pathway end to end, through the kernel's services, on the statutory clock."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from lantern.accounts.models import Role
from lantern.agencyrequests.models import AgencyRequest
from lantern.agencyrequests.services import request_submit
from lantern.children import cspr as cspr_services
from lantern.children import outcome, services
from lantern.clock.models import CaseStep
from lantern.documents.services import document_upload
from lantern.meetings.rules import RAPID_REVIEW_DECISIONS
from lantern.meetings.services import (
    attendance_record,
    decision_record,
    meeting_held,
    meeting_schedule,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _referral_data(agencies, **overrides):
    data = {
        "referring_agency": agencies["School"], "authorised_by": "Pat Lead",
        "authorised_on": D(2026, 11, 2), "child_name": "Jamie Example",
        "date_of_birth": D(2019, 6, 4), "address": "14 Orchard Close, Demotown, DT1 2AB",
        "looked_after": False, "incident_on": D(2026, 11, 1), "harm": "serious_harm",
        "abuse_or_neglect": "suspected", "what_happened": "Unexplained injuries.",
        "involved_agencies": [agencies["Police"], agencies["Council"], agencies["ICB"]],
    }  # fmt: skip
    data.update(overrides)
    return data


def _due(case, step_id, pathway="rapid-review"):
    return CaseStep.objects.get(case=case, pathway=pathway, step_id=step_id).due


@pytest.fixture
def reps(partnership, agencies):
    """A nominated representative for each statutory partner."""
    people = {}
    for name in ["Police", "Council", "ICB"]:
        person = UserFactory(partnership=partnership, agency=agencies[name])
        person.role_assignments.create(role=Role.NOMINATED_REPRESENTATIVE, agency=agencies[name])
        people[name] = person
    return people


def test_referral_to_publication(referrer, manager, agencies, reps):
    # Referral received Monday 2 November 2026: the rapid review clock starts.
    with time_machine.travel(D(2026, 11, 2), tick=False):
        review = services.referral_submit(user=referrer, data=_referral_data(agencies))
    case = review.case
    # Rule: the review completes within 15 working days of the referral (statutory):
    # 2 Nov + 15 working days = Monday 23 November 2026 (no bank holidays between).
    assert _due(case, "complete") == D(2026, 11, 23)
    # Rule: the meeting is held between 7 and 13 working days after the referral.
    meeting_step = CaseStep.objects.get(case=case, step_id="meeting")
    assert (meeting_step.earliest, meeting_step.due) == (D(2026, 11, 11), D(2026, 11, 19))

    with time_machine.travel(D(2026, 11, 3), tick=False):
        services.referral_accept(review=review)
        services.panel_notified(review=review, user=manager, on=D(2026, 11, 3))
        requests = outcome.scoping_send(review=review)
    # Rule: scoping is returned 5 working days after it was sent (sent Tue 3 Nov).
    assert {r.due for r in requests} == {D(2026, 11, 10)}
    assert all(r.secure_records_requested for r in requests)
    assert {r.agency.name for r in requests} == {"School", "Police", "Council", "ICB"}
    assert any("scoping" in m.subject.lower() or m.to for m in mail.outbox)

    with time_machine.travel(D(2026, 11, 9), tick=False):
        with pytest.raises(ValidationError, match="Still waiting for"):
            outcome.scoping_complete(review=review)
        for request in AgencyRequest.objects.filter(case=case):
            answerer = reps.get(request.agency.name) or referrer
            if request.agency.name == "School":
                answerer = manager  # the Business Unit may answer for any agency
            request_submit(
                request=request, user=answerer, response="Our records.", records_secured=True
            )
        outcome.scoping_complete(review=review)

    with time_machine.travel(D(2026, 11, 12), tick=False):
        window = (meeting_step.earliest, meeting_step.due)
        with pytest.raises(ValidationError, match="outside the window"):
            meeting_schedule(case=case, title="Rapid review meeting", kind="rapid_review",
                             date=D(2026, 11, 25), window=window)  # fmt: skip
        meeting = meeting_schedule(case=case, title="Rapid review meeting", kind="rapid_review",
                                   date=D(2026, 11, 13), window=window)  # fmt: skip
    with time_machine.travel(D(2026, 11, 13), tick=False):
        # Who attended is recorded once the meeting has happened (found on a walk).
        attendance_record(meeting=meeting, rows=[
            {"person": reps["Police"], "agency": agencies["Police"], "attended": True},
            {"person": reps["Council"], "agency": agencies["Council"], "attended": True},
            {"person": reps["ICB"], "agency": agencies["ICB"], "attended": False},
        ])  # fmt: skip
        meeting_held(meeting=meeting, held_on=D(2026, 11, 13), minutes="Minutes.")
        # Rule: a meeting without every statutory partner is not quorate and cannot decide.
        with pytest.raises(ValidationError, match="not quorate"):
            decision_record(meeting=meeting, kind="cspr", choices=RAPID_REVIEW_DECISIONS,
                            rationale="Learning.", immediate_actions="", user=manager)  # fmt: skip
    meeting.held = False
    meeting.save()
    with time_machine.travel(D(2026, 11, 13), tick=False):
        attendance_record(meeting=meeting, rows=[
            {"person": reps[n], "agency": agencies[n], "attended": True} for n in reps
        ])  # fmt: skip
        meeting_held(meeting=meeting, held_on=D(2026, 11, 13), minutes="Minutes.")
        decision = decision_record(
            meeting=meeting, kind="cspr", choices=RAPID_REVIEW_DECISIONS,
            rationale="Agencies could have worked together better.",
            immediate_actions="Safety plan for the sibling.", user=manager,
        )  # fmt: skip
    assert CaseStep.objects.get(case=case, step_id="meeting").done_on == D(2026, 11, 13)
    rr_complete = CaseStep.objects.get(case=case, pathway="rapid-review", step_id="complete")
    assert rr_complete.done_on == D(2026, 11, 13)
    # Rule: the outcome goes to the Panel 2 working days after the meeting (Fri 13 → Tue 17).
    assert _due(case, "outcome-sent") == D(2026, 11, 17)

    with time_machine.travel(D(2026, 11, 16), tick=False):
        docx, pdf = outcome.template_generate(review=review, user=manager)
        assert docx.filename.endswith(".docx") and pdf.filename.endswith(".pdf")
        mail.outbox.clear()
        outcome.outcome_sent(review=review, on=D(2026, 11, 16))
        assert {m.to[0] for m in mail.outbox} >= {referrer.email, reps["Police"].email}
        outcome.panel_response(review=review, response="agrees", on=D(2026, 11, 16))
        cspr = cspr_services.cspr_open(review=review, on=D(2026, 11, 16))
    case.refresh_from_db()
    assert case.pathway == "cspr"
    assert decision.decided_on == D(2026, 11, 13)
    # Default: aim to complete a CSPR within 6 months of the decision.
    assert _due(case, "complete", "cspr") == D(2027, 5, 13)

    with time_machine.travel(D(2027, 4, 1), tick=False):
        named = document_upload(
            case=case, title="Final report", kind="final_report", user=manager, is_draft=False,
            file=ContentFile(b"Jamie Example was born on 4 June 2019.", name="report.txt"),
        )  # fmt: skip
        cspr_services.final_report_set(cspr=cspr, document=named)
        cspr_services.publication_plan(cspr=cspr, planned=D(2027, 4, 30), reason="Agreed by DSCPG")
        # Rule: the report reaches the Panel and SoS at least 7 working days before publication.
        assert _due(case, "final-report-sent", "cspr") == D(2027, 4, 21)
        cspr_services.final_report_sent(cspr=cspr, on=D(2027, 4, 1))
    with time_machine.travel(D(2027, 4, 30), tick=False):
        # Rule: nothing is published before the child has a pseudonym.
        with pytest.raises(ValidationError, match="Choose the pseudonym"):
            cspr_services.publish(cspr=cspr, on=D(2027, 4, 30), url="https://example.org/cspr")
        case.pseudonym = "Child A"
        case.save(update_fields=["pseudonym"])
        # Rule: publication is refused while the report names the child.
        with pytest.raises(ValidationError, match="still names the child"):
            cspr_services.publish(cspr=cspr, on=D(2027, 4, 30), url="https://example.org/cspr")
        clean = document_upload(
            case=case, title="Final report", kind="final_report", user=manager, is_draft=False,
            supersedes=named,
            file=ContentFile(b"Child A lived with her mother.", name="report.txt"),
        )  # fmt: skip
        cspr_services.final_report_set(cspr=cspr, document=clean)
        cspr_services.publish(cspr=cspr, on=D(2027, 4, 30), url="https://example.org/cspr")
    cspr.refresh_from_db()
    assert cspr.published_on == D(2027, 4, 30)
    assert CaseStep.objects.get(case=case, step_id="publication").done_on == D(2027, 4, 30)
    assert CaseStep.objects.get(case=case, pathway="cspr", step_id="complete").done_on


def test_rule_lac_death_tracks_secretary_of_state_and_ofsted(referrer, manager, agencies):
    with time_machine.travel(D(2026, 11, 2), tick=False):
        review = services.referral_submit(
            user=referrer,
            data=_referral_data(
                agencies, looked_after=True, harm="died", abuse_or_neglect="not_suspected"
            ),
        )
    step = CaseStep.objects.get(case=review.case, step_id="sos-ofsted-notified")
    assert step.statutory and step.due == D(2026, 11, 9)
    with time_machine.travel(D(2026, 11, 4), tick=False):
        services.lac_notified(review=review, on=D(2026, 11, 4))
    step.refresh_from_db()
    assert step.done_on == D(2026, 11, 4)


def test_rule_no_sos_ofsted_step_when_the_child_is_not_looked_after(referrer, agencies):
    with time_machine.travel(D(2026, 11, 2), tick=False):
        review = services.referral_submit(user=referrer, data=_referral_data(agencies))
    assert not CaseStep.objects.filter(case=review.case, step_id="sos-ofsted-notified").exists()
