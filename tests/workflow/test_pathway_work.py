"""Steps reach the people their declarations name and leave when done: the rapid review's
lead, the Independent Chair's endorsement, a DHR report the Home Office panel sent back."""

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


def test_a_dhr_report_the_panel_asked_to_revise_waits_to_be_submitted_again(partnership, manager):
    from django.core.files.base import ContentFile

    from lantern.dhr import homeoffice
    from lantern.dhr import services as dhr_services
    from lantern.documents.services import document_upload

    dhr = dhr_services.dhr_notify(user=manager, data={
        "notified_on": TODAY, "notified_by": "Police", "full_name": "Sam Example",
        "date_of_birth": datetime.date(1980, 1, 1), "date_of_death": TODAY,
        "relationship": "partner", "suspected_suicide": False, "circumstances": "Killed.",
    })  # fmt: skip
    dhr_services.dhr_decide(dhr=dhr, outcome="conduct", rationale="s9 met.", decided_on=TODAY)
    report = document_upload(
        case=dhr.case, title="Overview", kind="final_report", user=manager, is_draft=False,
        file=ContentFile(b"Adult A.", name="r.txt"),
    )  # fmt: skip
    dhr_services.overview_report_set(dhr=dhr, document=report, on=TODAY)

    def titles():
        mine = steps_waiting_for(manager)
        return [i.title for i in mine if i.case_reference == dhr.case.reference]

    submit = "Submit the overview report to the Home Office QA Panel"
    assert submit in titles()
    homeoffice.submission_add(dhr=dhr, submitted_on=TODAY)
    assert submit not in titles() and "Record the Home Office QA Panel's response" in titles()
    homeoffice.submission_respond(
        dhr=dhr, response="resubmit", feedback="More.", responded_on=TODAY
    )
    assert submit in titles()
    assert "Record the Home Office QA Panel's response" not in titles()
