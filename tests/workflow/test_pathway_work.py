"""The rapid review's steps reach the Business Manager and the case lead; its decision
reaches the Independent Chair to endorse, and leaves the list once endorsed."""

import datetime

from django.urls import reverse

from lantern.cases.models import Capacity, CaseMembership
from lantern.children import services
from lantern.meetings.models import Decision
from lantern.meetings.services import decision_endorse
from lantern.workflow.selectors import steps_waiting_for

from .conftest import TODAY


def _refer(referrer, agencies):
    data = {
        "referring_agency": agencies["Care Home"], "authorised_by": "Pat Lead",
        "authorised_on": TODAY, "child_name": "Jamie Example",
        "date_of_birth": datetime.date(2019, 6, 14), "address": "", "looked_after": False,
        "incident_on": TODAY, "harm": "serious_harm", "abuse_or_neglect": "suspected",
        "what_happened": "Injuries.", "involved_agencies": [agencies["Police"]],
    }  # fmt: skip
    return services.referral_submit(user=referrer, data=data)


def test_the_case_lead_is_asked_to_accept_and_notify_with_the_statutory_due_date(
    referrer, agencies, partnership
):
    from tests.factories import UserFactory

    review = _refer(referrer, agencies)
    lead = UserFactory(partnership=partnership)
    CaseMembership.objects.create(case=review.case, person=lead, capacity=Capacity.LEAD)
    items = {i.title: i for i in steps_waiting_for(lead)}
    assert items["Accept or return the referral"].why == "You lead this case"
    notify = items["Record the notification to the National Panel"]
    assert notify.due == review.case.steps.get(step_id="panel-notified").due
    assert notify.url == reverse("children:notification", args=[review.case.reference])
    assert "Send the scoping template to every involved agency" not in items  # not accepted


def test_the_independent_chair_endorses_the_decision_then_it_leaves_the_list(
    referrer, agencies, manager, chair
):
    review = _refer(referrer, agencies)
    services.referral_accept(review=review)
    decision = Decision.objects.create(
        case=review.case, kind="cspr", kind_label="A local CSPR", rationale="Learning.",
        decided_on=TODAY, recorded_by=manager,
    )  # fmt: skip
    endorse = next(i for i in steps_waiting_for(chair) if i.kind == "endorsement")
    assert endorse.why == "Independent Chair"
    assert endorse.url == reverse("meetings:endorse", args=[review.case.reference, decision.pk])
    decision_endorse(decision=decision, user=chair)
    assert not [i for i in steps_waiting_for(chair) if i.kind == "endorsement"]
