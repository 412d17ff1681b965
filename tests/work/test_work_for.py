"""lantern.work.selectors.work_for: every item waiting for a person, across roles. Each
rule is named by its test; every kind of item leaves the list when it is done."""

import datetime
from types import SimpleNamespace

import pytest

from lantern.actions.models import Action
from lantern.adults import decision, services
from lantern.agencyrequests.models import AgencyRequest
from lantern.meetings.services import decision_endorse, meeting_held, meeting_not_held
from lantern.work.items import WorkItem
from lantern.work.selectors import work_for
from tests.actions.helpers import add_action, complete, make_plan
from tests.factories import UserFactory
from tests.meetings.factories import MeetingFactory

from .conftest import TODAY, rapid_review_decided, referral_data

pytestmark = pytest.mark.django_db


def kinds(user) -> list[tuple[str, str]]:
    return [(item.kind, item.title) for item in work_for(user)]


def of_kind(user, kind: str) -> list[WorkItem]:
    return [item for item in work_for(user) if item.kind == kind]


# Actions they own ---------------------------------------------------------------------


@pytest.fixture
def plan(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_plan(cast)


def test_the_owner_of_an_open_action_sees_it_with_its_due_date(plan):
    """hospital.rep in the demo: owns actions, and My work lists them (it said "You own
    no actions" while /actions/?mine=1 listed three)."""
    [item] = of_kind(plan.owner, "action")
    assert item.due == plan.action.due and item.overdue is False
    assert item.url == f"/actions/{plan.action.pk}/"
    assert item.case_reference == plan.case.reference
    assert item.case_title == plan.case.display_title
    assert plan.action.title in item.title
    assert "You own this action" in item.why


def test_an_action_past_its_due_date_is_overdue_and_first(plan, cast):
    later = Action.objects.create(
        recommendation=plan.recommendation,
        number=2,
        title="A later action",
        lead_agency=plan.agency,
        owner=plan.owner,
        due=plan.action.due + datetime.timedelta(days=30),
        success_measure="Done.",
        created_by=cast.member,
    )
    Action.objects.filter(pk=plan.action.pk).update(due=TODAY - datetime.timedelta(days=1))
    first, second = of_kind(plan.owner, "action")
    assert first.overdue and first.url == f"/actions/{plan.action.pk}/"
    assert not second.overdue and second.url == f"/actions/{later.pk}/"


def test_an_action_leaves_its_owners_list_when_complete(plan):
    complete(plan.action, plan.owner)
    assert of_kind(plan.owner, "action") == []


def test_only_the_owner_sees_an_action_as_theirs(plan, cast):
    """The lead agency's safeguarding lead and the case lead read the action; it is not
    waiting for them."""
    for person in (plan.lead, cast.member, plan.chair, cast.outsider, cast.stranger):
        assert of_kind(person, "action") == []


# The Independent Chair ---------------------------------------------------------------


def test_the_independent_chair_sees_a_sar_to_agree_and_it_leaves_when_agreed(decided, chair):
    [agree] = [i for i in work_for(chair) if i.title == "Agree the Safeguarding Adult Review"]
    assert agree.kind == "endorsement"
    assert agree.url == f"/adults/{decided.case.reference}/"
    step = decided.case.steps.get(pathway="sar-referral", step_id="chair-agreed")
    assert agree.due == step.due
    assert agree.why == "Independent Chair"
    decision.chair_agree(referral=decided, user=chair)
    assert "Agree the Safeguarding Adult Review" not in [t for _, t in kinds(chair)]


def test_the_sar_to_agree_is_the_chairs_not_the_business_managers(decided, manager):
    assert "Agree the Safeguarding Adult Review" not in [t for _, t in kinds(manager)]


def test_the_independent_chair_signs_off_a_screened_referral_for_scoping(
    submitted, manager, chair, panel_chair
):
    assert of_kind(chair, "signoff") == []  # not screened yet
    services.referral_screen(referral=submitted, user=manager, panel_chair=panel_chair, on=TODAY)
    [signoff] = of_kind(chair, "signoff")
    assert signoff.title == "Sign the referral off for scoping"
    assert signoff.case_reference == submitted.case.reference
    services.scoping_sign_off(referral=submitted, user=chair)
    assert of_kind(chair, "signoff") == []


def test_the_independent_chair_sees_a_decision_to_endorse_and_it_leaves_when_endorsed(
    partnership, manager, chair
):
    made = rapid_review_decided(partnership, manager)
    [endorse] = of_kind(chair, "endorsement")
    assert endorse.title == "Endorse the rapid review decision"
    assert endorse.url == f"/cases/{made.case.reference}/meetings/decisions/{made.pk}/endorse/"
    assert endorse.case_reference == made.case.reference
    # Only the Independent Chair endorses: nobody else is asked to.
    assert of_kind(manager, "endorsement") == []
    decision_endorse(decision=made, user=chair)
    assert of_kind(chair, "endorsement") == []


# Referrals returned to the referrer -------------------------------------------------


def test_a_referrer_whose_referral_was_returned_is_asked_to_correct_and_resend(
    submitted, referrer, agencies
):
    services.referral_return(referral=submitted, reason="Say who authorised it.")
    [item] = work_for(referrer)
    assert item.kind == "referral"
    assert item.title == "Referral returned to you: correct and resend"
    assert item.url == f"/adults/{submitted.case.reference}/correct/"
    assert "Say who authorised it." in item.why
    # Not "Next step: scoping… due soon": nothing else is listed for them.
    services.referral_resubmit(referral=submitted, data=referral_data(agencies))
    assert work_for(referrer) == []


# The Business Manager ---------------------------------------------------------------


def test_the_business_manager_sees_steps_of_cases_they_are_not_a_member_of(
    submitted, manager, panel_chair
):
    """The Business Manager and the Business Unit run every case of the partnership
    (My work said "is not on any open case": it listed only memberships). A step leaves
    the list when it is done."""
    assert not submitted.case.memberships.filter(person=manager).exists()
    [screen] = [i for i in of_kind(manager, "step") if i.title.startswith("Screen")]
    assert screen.case_reference == submitted.case.reference
    assert screen.why == "Business Manager"
    services.referral_screen(referral=submitted, user=manager, panel_chair=panel_chair, on=TODAY)
    assert not [i for i in of_kind(manager, "step") if i.title.startswith("Screen")]


def test_a_business_unit_officer_runs_every_case_too(submitted, partnership):
    officer = UserFactory(partnership=partnership, roles=["business_unit_officer"])
    assert any(i.title.startswith("Screen") for i in of_kind(officer, "step"))


def test_an_outsider_and_another_partnerships_manager_see_none_of_it(submitted, partnership):
    outsider = UserFactory(partnership=partnership)
    stranger = UserFactory(roles=["business_manager"])
    assert work_for(outsider) == []
    # Another partnership's manager has only their own partnership's annual reports to
    # write (lantern.reports.work): nothing of this referral.
    assert [i for i in work_for(stranger) if i.kind != "report"] == []
    assert all(i.case_reference == "" for i in work_for(stranger))


def test_a_deactivated_person_has_nothing_waiting(submitted, manager):
    manager.is_active = False
    manager.save()
    assert work_for(manager) == []


# Requests to agencies -----------------------------------------------------------------


def test_a_request_waits_for_the_agencys_people_and_leaves_when_returned(
    submitted, manager, chair, panel_chair, agencies
):
    services.referral_screen(referral=submitted, user=manager, panel_chair=panel_chair, on=TODAY)
    services.scoping_sign_off(referral=submitted, user=chair)
    services.scoping_send(referral=submitted)
    police_lead = agencies["Police"].role_assignments.get(role="safeguarding_lead").person
    [asked] = of_kind(police_lead, "request")
    request = AgencyRequest.objects.get(case=submitted.case, agency=agencies["Police"])
    assert asked.due == request.due
    assert asked.case_reference == submitted.case.reference
    AgencyRequest.objects.filter(pk=request.pk).update(
        status="submitted", submitted_at=datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)
    )
    assert of_kind(police_lead, "request") == []


# Meetings to record -------------------------------------------------------------------


def test_a_past_meeting_waits_to_be_recorded_and_leaves_when_held_or_not(
    submitted, manager, referrer
):
    past = MeetingFactory(
        case=submitted.case, title="SAR Panel meeting", kind="panel", date=TODAY.replace(day=1)
    )
    other = MeetingFactory(
        case=submitted.case, title="Second panel", kind="panel", date=TODAY.replace(day=1)
    )
    waiting = of_kind(manager, "meeting")
    assert [(i.overdue, i.due) for i in waiting] == [(True, past.date), (True, other.date)]
    assert of_kind(referrer, "meeting") == []  # the referrer does not run the case
    meeting_held(meeting=past, held_on=past.date, minutes="Met.")
    meeting_not_held(meeting=other, reason="Not quorate: rearranged.", user=manager)
    assert of_kind(manager, "meeting") == []


# The list as a whole ----------------------------------------------------------------


def test_overdue_first_then_soonest_then_undated(submitted, manager, referrer, tmp_path, settings):
    """The referrer owns an overdue action and a later one, and has a referral returned
    (no date): overdue first, then the soonest, the undated last."""
    settings.MEDIA_ROOT = tmp_path
    plan = make_plan(SimpleNamespace(case=submitted.case, member=manager))
    later = add_action(plan.recommendation, agency=plan.agency, owner=referrer, user=manager)
    soon = add_action(plan.recommendation, agency=plan.agency, owner=referrer, user=manager)
    Action.objects.filter(pk=soon.pk).update(due=TODAY - datetime.timedelta(days=3))
    services.referral_return(referral=submitted, reason="Say who authorised it.")
    items = work_for(referrer)
    assert [(i.kind, i.overdue, i.due) for i in items] == [
        ("action", True, TODAY - datetime.timedelta(days=3)),
        ("action", False, later.due),
        ("referral", False, None),
    ]
