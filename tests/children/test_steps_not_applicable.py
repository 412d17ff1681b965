"""Issue 13 (walk): a step the rapid review meeting's decision ruled out, or any step of a
closed case, is shown on the case page as not applicable, with no "Do this" link, and
is on no one's My work. What still applies keeps its link: WT2023 sends the rapid review
to the National Panel whatever the meeting decided, so the template and the outcome
still wait after "No review"."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.agencyrequests.models import AgencyRequest
from lantern.agencyrequests.services import request_submit
from lantern.children import outcome
from lantern.meetings.rules import RAPID_REVIEW_DECISIONS
from lantern.meetings.services import (
    attendance_record,
    decision_record,
    meeting_held,
    meeting_schedule,
)
from lantern.workflow.selectors import steps_waiting_for
from lantern.workflow.services import stage_set
from tests.children.helpers import rapid_review_with_scoping_sent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
COMMISSION = "Commission the Child Safeguarding Practice Review"
TEMPLATE = "Write the completed Rapid Review template"


def _decided(referrer, manager, agencies, partnership, kind):
    """A rapid review taken to its meeting's decision of `kind` (a quorate meeting)."""
    reps = {}
    for name in ["Police", "Council", "ICB"]:
        person = UserFactory(partnership=partnership, agency=agencies[name])
        person.role_assignments.create(role=Role.NOMINATED_REPRESENTATIVE, agency=agencies[name])
        reps[name] = person
    review = rapid_review_with_scoping_sent(referrer, manager, agencies)
    with time_machine.travel(D(2026, 11, 9), tick=False):
        for request in AgencyRequest.objects.filter(case=review.case):
            request_submit(request=request, user=manager, response="Our records.",
                           records_secured=True)  # fmt: skip
        outcome.scoping_complete(review=review)
    with time_machine.travel(D(2026, 11, 12), tick=False):
        meeting = meeting_schedule(case=review.case, title="Rapid review meeting",
                                   kind="rapid_review", date=D(2026, 11, 13),
                                   window=(D(2026, 11, 11), D(2026, 11, 19)))  # fmt: skip
    with time_machine.travel(D(2026, 11, 13), tick=False):
        attendance_record(meeting=meeting, rows=[
            {"person": reps[n], "agency": agencies[n], "attended": True} for n in reps
        ])  # fmt: skip
        meeting_held(meeting=meeting, held_on=D(2026, 11, 13), minutes="Minutes.")
        decision_record(meeting=meeting, kind=kind, choices=RAPID_REVIEW_DECISIONS,
                        rationale="Considered.", immediate_actions="", user=manager)  # fmt: skip
    return review


def _page(client, user, review):
    client.force_login(user)
    with time_machine.travel(D(2026, 11, 16), tick=False):
        response = client.get(reverse("children:review", args=[review.case.reference]))
    assert response.status_code == 200
    return response.context["next_steps"], response.content.decode()


def _titles(user):
    with time_machine.travel(D(2026, 11, 16), tick=False):
        return [item.title for item in steps_waiting_for(user)]


def test_no_review_shows_the_cspr_step_as_not_applicable_without_a_link(
    client, referrer, manager, agencies, partnership
):
    review = _decided(referrer, manager, agencies, partnership, "none")
    steps, page = _page(client, manager, review)
    by_title = {s.title: s for s in steps}

    ruled_out = by_title[COMMISSION]
    assert ruled_out.not_applicable == "The decision was “No review”."
    assert ruled_out.url == "" and not ruled_out.yours
    assert "Not applicable" in page
    assert reverse("children:record", args=[review.case.reference, "open-cspr"]) not in page
    assert COMMISSION not in _titles(manager)
    # WT2023: the rapid review still goes to the National Panel after "No review".
    assert by_title[TEMPLATE].not_applicable == "" and by_title[TEMPLATE].yours
    assert 'Do this<span class="govuk-visually-hidden">: write the completed' in page
    assert TEMPLATE in _titles(manager)
    # What still waits comes first; what no longer applies after it.
    assert steps[-1].title == COMMISSION


def test_a_cspr_decision_keeps_the_commission_step_to_do(
    client, referrer, manager, agencies, partnership
):
    review = _decided(referrer, manager, agencies, partnership, "cspr")
    steps, page = _page(client, manager, review)
    commission = next(s for s in steps if s.title == COMMISSION)
    assert commission.not_applicable == "" and commission.yours
    assert reverse("children:record", args=[review.case.reference, "open-cspr"]) in page
    assert COMMISSION in _titles(manager)


def test_every_step_left_on_a_closed_case_is_not_applicable(
    client, referrer, manager, agencies, partnership
):
    review = _decided(referrer, manager, agencies, partnership, "none")
    stage_set(case=review.case, stage="closed", on=D(2026, 11, 13))

    steps, page = _page(client, manager, review)
    assert steps and all(s.not_applicable and not s.url for s in steps)
    template = next(s for s in steps if s.title == TEMPLATE)
    assert template.not_applicable == "The case is closed."
    assert "Do this" not in page
    assert TEMPLATE not in _titles(manager)
