"""Every rule of lantern.actions.services, one test per rule (named for it)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from lantern.accounts.models import Role
from lantern.actions.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Evidence,
    Finding,
    Recommendation,
)
from lantern.actions.services import (
    NewEvidence,
    action_create,
    action_update_record,
    action_update_request,
    action_verify,
    finding_create,
    recommendation_create,
    recommendation_link_repeat,
)
from lantern.agencyrequests.models import AgencyRequest, RequestKind, RequestStatus
from tests.factories import AgencyFactory, CaseFactory, GroupFactory, MembershipFactory, UserFactory

from .helpers import LINK, MEASURE, TEXT, add_action, complete, days, make_plan, pdf, today, working


@pytest.fixture
def plan(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_plan(cast)


def _messages(error: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return error.value.message_dict


def _recommend(plan, **changes):
    data = {
        "case": plan.case,
        "text": TEXT,
        "monitoring_group": plan.group,
        "owner": plan.cast.member,
        "impact_measure": MEASURE,
        "impact_review_on": days(200),
        "user": plan.cast.member,
    }
    data.update(changes)
    return recommendation_create(**data)


def _act(plan, **changes):
    data = {
        "recommendation": plan.recommendation,
        "title": "Train ward staff",
        "lead_agency": plan.agency,
        "owner": plan.owner,
        "due": days(30),
        "success_measure": "Nine in ten trained.",
        "user": plan.cast.member,
    }
    data.update(changes)
    return action_create(**data)


# Findings --------------------------------------------------------------------------------


def test_findings_are_added_only_by_whoever_manages_the_case(plan):
    for person in (plan.cast.read_only_member, plan.cast.outsider, plan.cast.stranger, plan.chair):
        with pytest.raises(PermissionDenied):
            finding_create(case=plan.case, text="A finding.", user=person)
    assert Finding.objects.count() == 1


def test_a_finding_needs_its_text(plan):
    with pytest.raises(ValidationError) as error:
        finding_create(case=plan.case, text="   ", user=plan.cast.member)
    assert _messages(error) == {"text": ["Enter the finding."]}


def test_findings_are_numbered_in_order_on_each_case(plan):
    second = finding_create(case=plan.case, text=" Second. ", user=plan.cast.member)
    assert (second.number, second.text) == (2, "Second.")
    other = MembershipFactory(case=CaseFactory(partnership=plan.case.partnership)).case
    manager = plan.cast.business_manager
    assert finding_create(case=other, text="First there.", user=manager).number == 1


# Recommendations -------------------------------------------------------------------------


def test_recommendations_are_added_only_by_whoever_manages_the_case(plan):
    for person in (plan.cast.read_only_member, plan.group_member, plan.owner, plan.cast.stranger):
        with pytest.raises(PermissionDenied):
            _recommend(plan, user=person)
    assert Recommendation.objects.count() == 1


def test_a_recommendation_needs_text_group_owner_measure_and_a_future_review_date(plan):
    with pytest.raises(ValidationError) as error:
        _recommend(
            plan,
            text=" ",
            monitoring_group=None,
            owner=None,
            impact_measure="",
            impact_review_on=None,
        )
    assert set(_messages(error)) == {
        "text",
        "monitoring_group",
        "owner",
        "impact_measure",
        "impact_review_on",
    }
    with pytest.raises(ValidationError) as error:
        _recommend(plan, impact_review_on=today())
    assert _messages(error) == {
        "impact_review_on": ["The impact review date must be in the future."]
    }
    assert Recommendation.objects.count() == 1


def test_group_owner_finding_and_repeat_must_belong_to_the_partnership_and_case(plan):
    elsewhere = make_plan_elsewhere()
    other_case = CaseFactory(partnership=plan.case.partnership)
    other_finding = Finding.objects.create(
        case=other_case, number=1, text="x", created_by=plan.cast.member
    )
    inactive = UserFactory(partnership=plan.case.partnership, is_active=False)
    for changes, field in [
        ({"monitoring_group": GroupFactory()}, "monitoring_group"),
        ({"owner": UserFactory()}, "owner"),
        ({"owner": inactive}, "owner"),
        ({"finding": other_finding}, "finding"),
        ({"repeats": elsewhere}, "repeats"),
    ]:
        with pytest.raises(ValidationError) as error:
            _recommend(plan, **changes)
        assert list(_messages(error)) == [field], changes
    assert Recommendation.objects.filter(case=plan.case).count() == 1


def make_plan_elsewhere() -> Recommendation:
    """A recommendation of another partnership."""
    case = CaseFactory()
    lead = MembershipFactory(case=case).person
    return recommendation_create(
        case=case,
        text=TEXT,
        monitoring_group=GroupFactory(partnership=case.partnership),
        owner=lead,
        impact_measure=MEASURE,
        impact_review_on=days(100),
        user=lead,
    )


def test_the_quality_prompt_must_be_met_or_the_recommendation_kept_as_written(plan):
    vague = "Agencies should continue to raise awareness of neglect with all their staff teams."
    with pytest.raises(ValidationError) as error:
        _recommend(plan, text=vague)
    assert "Replace “raise awareness”, “continue to”" in _messages(error)["text"][0]
    with pytest.raises(ValidationError) as error:
        _recommend(plan, impact_measure="Fewer referrals.")
    assert "Describe how the group will know" in _messages(error)["text"][0]
    assert Recommendation.objects.count() == 1
    kept = _recommend(plan, text=vague, keep_as_written=True)
    assert kept.text == vague


def test_recommendations_are_numbered_in_order_on_each_case(plan):
    assert _recommend(plan).number == 2
    assert str(_recommend(plan)) == f"{plan.case.reference} R3"


# Repeats ---------------------------------------------------------------------------------


def test_a_recommendation_links_only_an_earlier_one_of_its_partnership(plan):
    later = _recommend(plan)
    earlier = plan.recommendation
    for wrong, message in [
        (make_plan_elsewhere(), "Choose a recommendation of this partnership."),
        (later, "A recommendation cannot repeat itself."),
    ]:
        with pytest.raises(ValidationError) as error:
            recommendation_link_repeat(recommendation=later, earlier=wrong, user=plan.cast.member)
        assert _messages(error) == {"repeats": [message]}
    with pytest.raises(ValidationError) as error:
        recommendation_link_repeat(recommendation=earlier, earlier=later, user=plan.cast.member)
    assert _messages(error) == {"repeats": ["Choose an earlier recommendation."]}
    later.refresh_from_db()
    assert later.repeats is None
    recommendation_link_repeat(recommendation=later, earlier=earlier, user=plan.cast.member)
    assert list(earlier.repeated_by.all()) == [later]
    recommendation_link_repeat(recommendation=later, earlier=None, user=plan.cast.member)
    later.refresh_from_db()
    assert later.repeats is None


def test_repeats_are_linked_only_by_whoever_manages_the_case(plan):
    later = _recommend(plan)
    for person in (plan.chair, plan.lead, plan.cast.read_only_member, plan.cast.stranger):
        with pytest.raises(PermissionDenied):
            recommendation_link_repeat(
                recommendation=later, earlier=plan.recommendation, user=person
            )
    later.refresh_from_db()
    assert later.repeats is None


# Actions ---------------------------------------------------------------------------------


def test_actions_are_added_only_by_whoever_manages_the_case(plan):
    for person in (
        plan.chair,
        plan.lead,
        plan.owner,
        plan.cast.read_only_member,
        plan.cast.stranger,
    ):
        with pytest.raises(PermissionDenied):
            _act(plan, user=person)
    assert Action.objects.count() == 1


def test_an_action_needs_title_active_agency_owner_due_date_and_measure(plan):
    closed = AgencyFactory(partnership=plan.case.partnership, is_active=False)
    cases = [
        ({"title": " "}, "title", "Enter what will be done."),
        ({"title": "x" * 201}, "title", "The action must be 200 characters or fewer"),
        ({"lead_agency": None}, "lead_agency", "Choose the agency"),
        ({"lead_agency": AgencyFactory()}, "lead_agency", "Choose the agency"),
        ({"lead_agency": closed}, "lead_agency", "Choose the agency"),
        ({"owner": UserFactory()}, "owner", "Choose the person who owns the action."),
        ({"due": None}, "due", "Enter the date the action is due."),
        ({"due": days(-1)}, "due", "The due date must be today or later."),
        ({"success_measure": ""}, "success_measure", "Describe what success looks like"),
    ]
    for changes, field, message in cases:
        with pytest.raises(ValidationError) as error:
            _act(plan, **changes)
        assert list(_messages(error)) == [field], changes
        assert _messages(error)[field][0].startswith(message)
    assert Action.objects.count() == 1


def test_an_action_may_be_due_today_and_is_numbered_on_its_recommendation(plan):
    action = _act(plan, due=today())
    assert (action.number, action.status, action.due) == (2, ActionStatus.NOT_STARTED, today())
    assert str(action).startswith(f"{plan.recommendation.label}.2 ")


# Asking for an update --------------------------------------------------------------------


def test_an_update_is_asked_of_the_lead_agency_as_a_request_and_the_owner_is_emailed(
    plan, settings
):
    settings.LANTERN_BASE_URL = "https://lantern.example.org"
    request = action_update_request(action=plan.action, due=working(14), user=plan.cast.member)
    assert (request.agency, request.kind, request.due) == (
        plan.agency,
        RequestKind.ACTION_UPDATE,
        working(14),
    )
    due = working(14)
    assert request.title == f"Update on action {plan.recommendation.label}.1 by {due:%d %B %Y}"
    owner_mail = [m for m in mail.outbox if m.to == [plan.owner.email]]
    assert len(owner_mail) == 1
    assert "Update needed on action" in owner_mail[0].subject
    assert f"https://lantern.example.org/actions/{plan.action.pk}/" in owner_mail[0].body


def test_updates_are_asked_for_only_by_whoever_manages_the_case(plan):
    for person in (plan.chair, plan.lead, plan.owner, plan.cast.read_only_member):
        with pytest.raises(PermissionDenied):
            action_update_request(action=plan.action, due=working(14), user=person)
    assert not AgencyRequest.objects.exists() and not mail.outbox


def test_no_update_is_asked_of_a_complete_action(plan):
    complete(plan.action, plan.owner)
    with pytest.raises(ValidationError, match="no update is needed"):
        action_update_request(action=plan.action, due=working(14), user=plan.cast.member)
    assert not AgencyRequest.objects.exists()


def test_a_second_update_is_not_asked_while_the_first_is_awaited(plan):
    action_update_request(action=plan.action, due=working(14), user=plan.cast.member)
    with pytest.raises(ValidationError, match="already asked for"):
        action_update_request(action=plan.action, due=working(21), user=plan.cast.member)
    assert AgencyRequest.objects.count() == 1


def test_an_update_is_not_due_before_today(plan):
    with pytest.raises(ValidationError) as error:
        action_update_request(action=plan.action, due=days(-1), user=plan.cast.member)
    assert "due" in _messages(error)
    assert not AgencyRequest.objects.exists() and not mail.outbox


# Recording progress ----------------------------------------------------------------------


def test_progress_is_recorded_by_the_owner_the_lead_agency_or_the_case_lead(plan):
    for person in (plan.owner, plan.lead, plan.cast.member):
        action_update_record(action=plan.action, user=person, status="on_track", note="Going.")
    assert ActionUpdate.objects.count() == 3


def test_progress_is_refused_to_the_group_observers_and_other_agencies(plan):
    other_agency_lead = UserFactory(
        partnership=plan.case.partnership,
        roles=[(Role.SAFEGUARDING_LEAD, AgencyFactory(partnership=plan.case.partnership))],
    )
    for person in (
        plan.chair,
        plan.group_member,
        plan.cast.read_only_member,
        other_agency_lead,
        plan.cast.stranger,
    ):
        with pytest.raises(PermissionDenied):
            action_update_record(action=plan.action, user=person, status="on_track", note="x")
    assert not ActionUpdate.objects.exists()


def test_a_case_member_acting_for_the_lead_agency_records_progress(plan):
    rep = MembershipFactory(
        case=plan.case, capacity="agency_representative", agency=plan.agency
    ).person
    action_update_record(action=plan.action, user=rep, status="at_risk", note="Short of staff.")
    plan.action.refresh_from_db()
    assert plan.action.status == ActionStatus.AT_RISK


def test_an_action_is_complete_only_with_evidence(plan):
    with pytest.raises(ValidationError) as error:
        action_update_record(action=plan.action, user=plan.owner, status="complete", note="Done.")
    assert _messages(error) == {
        "evidence_file": ["An action is complete only with evidence: upload a file or give a link."]
    }
    plan.action.refresh_from_db()
    assert plan.action.status == ActionStatus.NOT_STARTED
    complete(plan.action, plan.owner)
    assert plan.action.status == ActionStatus.COMPLETE and plan.action.completed_on == today()


def test_evidence_already_given_lets_a_later_update_complete_the_action(plan):
    action_update_record(
        action=plan.action,
        user=plan.owner,
        status="on_track",
        note="Draft.",
        evidence=[NewEvidence("Draft protocol", file=pdf())],
    )
    action_update_record(action=plan.action, user=plan.owner, status="complete", note="Signed.")
    plan.action.refresh_from_db()
    assert plan.action.status == ActionStatus.COMPLETE
    evidence = Evidence.objects.get()
    assert evidence.file_name == "protocol.pdf" and evidence.update.status == "on_track"


def test_evidence_needs_a_description_and_a_good_file_or_an_http_link(plan):
    cases = [
        (NewEvidence(" ", link=LINK), "evidence_description"),
        (NewEvidence("Protocol"), "evidence_file"),
        (NewEvidence("Protocol", file=pdf("protocol.exe")), "evidence_file"),
        (NewEvidence("Protocol", file=pdf(body=b"")), "evidence_file"),
        (NewEvidence("Protocol", link="javascript:alert(1)"), "evidence_link"),
    ]
    for item, field in cases:
        with pytest.raises(ValidationError) as error:
            action_update_record(
                action=plan.action, user=plan.owner, status="complete", note="x", evidence=[item]
            )
        assert field in _messages(error), item
    assert not ActionUpdate.objects.exists() and not Evidence.objects.exists()


def test_the_status_reported_is_open_or_complete_never_overdue_or_verified(plan):
    for status in ("overdue", "verified", "done", ""):
        with pytest.raises(ValidationError) as error:
            action_update_record(action=plan.action, user=plan.owner, status=status, note="x")
        assert "status" in _messages(error)


def test_progress_needs_a_note(plan):
    with pytest.raises(ValidationError) as error:
        action_update_record(action=plan.action, user=plan.owner, status="on_track", note=" ")
    assert _messages(error) == {"note": ["Describe the progress made."]}


def test_bad_input_changes_nothing(plan):
    before = Action.objects.values().get(pk=plan.action.pk)
    with pytest.raises(ValidationError):
        action_update_record(
            action=plan.action,
            user=plan.owner,
            status="complete",
            note="Done.",
            evidence=[NewEvidence("Good", link=LINK), NewEvidence("Bad", file=pdf("x.exe"))],
        )
    assert Action.objects.values().get(pk=plan.action.pk) == before
    assert not ActionUpdate.objects.exists() and not Evidence.objects.exists()


def test_update_answers_the_agencys_waiting_request(plan):
    request = action_update_request(action=plan.action, due=working(14), user=plan.cast.member)
    # Another action's request on the same case and agency is left waiting.
    other = add_action(
        plan.recommendation, agency=plan.agency, owner=plan.owner, user=plan.cast.member
    )
    other_request = action_update_request(action=other, due=working(14), user=plan.cast.member)
    update = action_update_record(
        action=plan.action, user=plan.lead, status="on_track", note="Going."
    )
    request.refresh_from_db()
    other_request.refresh_from_db()
    assert update.request == request
    assert request.status == RequestStatus.ACCEPTED and request.submitted_by == plan.lead
    assert request.response == "On track: Going."
    assert other_request.status == RequestStatus.SENT


def test_moving_back_from_complete_clears_the_completion_date(plan):
    complete(plan.action, plan.owner)
    action_update_record(action=plan.action, user=plan.owner, status="at_risk", note="Reopened.")
    plan.action.refresh_from_db()
    assert plan.action.status == ActionStatus.AT_RISK and plan.action.completed_on is None


def test_a_verified_action_is_closed_to_updates(plan):
    complete(plan.action, plan.owner)
    action_verify(action=plan.action, user=plan.chair, signed_off_on=today(), note="Agreed.")
    with pytest.raises(ValidationError, match="verified by its group"):
        action_update_record(action=plan.action, user=plan.owner, status="on_track", note="x")


# The group's sign-off --------------------------------------------------------------------


def test_verified_only_by_the_monitoring_groups_chair_or_business_unit(plan):
    complete(plan.action, plan.owner)
    other_chair = UserFactory(
        partnership=plan.case.partnership,
        roles=[(Role.GROUP_CHAIR, GroupFactory(partnership=plan.case.partnership))],
    )
    independent_chair = UserFactory(
        partnership=plan.case.partnership, roles=[Role.INDEPENDENT_CHAIR]
    )
    for person in (
        plan.group_member,
        plan.cast.member,
        plan.owner,
        other_chair,
        independent_chair,
        plan.cast.stranger,
    ):
        with pytest.raises(PermissionDenied):
            action_verify(action=plan.action, user=person, signed_off_on=today(), note="x")
    plan.action.refresh_from_db()
    assert plan.action.status == ActionStatus.COMPLETE
    action_verify(
        action=plan.action,
        user=plan.cast.business_manager,
        signed_off_on=today(),
        note="On behalf.",
    )
    plan.action.refresh_from_db()
    assert plan.action.status == ActionStatus.VERIFIED
    assert (plan.action.verified_by, plan.action.verified_note) == (
        plan.cast.business_manager,
        "On behalf.",
    )


def test_only_a_complete_action_with_evidence_is_verified(plan):
    with pytest.raises(ValidationError) as error:
        action_verify(action=plan.action, user=plan.chair, signed_off_on=today(), note="x")
    assert _messages(error) == {"signed_off_on": ["Only a complete action can be verified."]}
    # Complete, but its evidence has since been removed.
    complete(plan.action, plan.owner)
    Evidence.objects.all().delete()
    with pytest.raises(ValidationError) as error:
        action_verify(action=plan.action, user=plan.chair, signed_off_on=today(), note="x")
    assert _messages(error) == {
        "signed_off_on": ["The action has no evidence: it cannot be verified."]
    }


def test_the_sign_off_date_is_given_not_in_the_future_nor_before_completion(plan):
    complete(plan.action, plan.owner)
    for when, message in [
        (None, "Enter the date of the group's sign-off."),
        (days(1), "The sign-off date must be today or earlier."),
        (days(-1), "The group cannot sign off before the action was complete."),
    ]:
        with pytest.raises(ValidationError) as error:
            action_verify(action=plan.action, user=plan.chair, signed_off_on=when, note="x")
        assert _messages(error) == {"signed_off_on": [message]}
    plan.action.refresh_from_db()
    assert plan.action.status == ActionStatus.COMPLETE


def test_the_sign_off_records_what_the_group_agreed(plan):
    complete(plan.action, plan.owner)
    with pytest.raises(ValidationError) as error:
        action_verify(action=plan.action, user=plan.chair, signed_off_on=today(), note=" ")
    assert _messages(error) == {"note": ["Record what the group agreed."]}
    action_verify(action=plan.action, user=plan.chair, signed_off_on=today(), note=" Agreed. ")
    plan.action.refresh_from_db()
    assert (plan.action.verified_on, plan.action.verified_note) == (today(), "Agreed.")


def test_an_action_past_its_due_date_shows_overdue_until_done(plan):
    Action.objects.filter(pk=plan.action.pk).update(due=days(-1))
    plan.action.refresh_from_db()
    assert plan.action.is_overdue
    assert list(Action.objects.overdue()) == [plan.action]
    complete(plan.action, plan.owner)
    assert not plan.action.is_overdue
    assert plan.action.state() == ActionStatus.COMPLETE
    assert datetime.date.today() >= plan.action.completed_on
