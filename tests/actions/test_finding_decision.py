"""A finding's decision (issue 16): Lantern asks for the reason whenever a finding is not
to be implemented, refuses what cannot be true, and records who decided and when."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lantern.actions.models import Finding, FindingResponse
from lantern.actions.services import finding_create, recommendation_create
from lantern.actions.services_findings import finding_respond
from lantern.audit.models import AuditEvent
from tests.actions.helpers import MEASURE, TEXT, complete, days, make_plan, today


@pytest.fixture
def plan(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_plan(cast)


@pytest.fixture
def finding(cast):
    return finding_create(case=cast.case, text="Nobody asked the child.", user=cast.member)


def errors_of(info):
    return info.value.message_dict


def unchanged(finding):
    finding.refresh_from_db()
    return (finding.response, finding.response_reason, finding.response_on) == ("", "", None)


def respond(finding, user, response="not_acting", reason="Already done nationally.", on=None):
    return finding_respond(
        finding=finding, response=response, reason=reason, on=on or today(), user=user
    )


def test_not_acting_needs_a_reason(cast, finding):
    with pytest.raises(ValidationError) as info:
        respond(finding, cast.member, reason="   ")
    assert errors_of(info) == {"reason": ["Enter why the finding will not be implemented."]}
    assert unchanged(finding)


def test_the_decision_is_recorded_with_who_and_when_and_audited(cast, finding):
    respond(finding, cast.member)
    finding.refresh_from_db()
    assert finding.response == FindingResponse.NOT_ACTING
    assert finding.response_reason == "Already done nationally."
    assert (finding.response_on, finding.response_by) == (today(), cast.member)
    # Finding is tracked: the change is in the audit trail.
    assert AuditEvent.objects.filter(
        object_type="actions.finding", object_id=str(finding.pk), action="update"
    ).exists()


def test_acting_keeps_no_reason(cast, finding):
    respond(finding, cast.member)
    respond(finding, cast.member, response="act", reason="ignored")
    finding.refresh_from_db()
    assert (finding.response, finding.response_reason) == ("act", "")


@pytest.mark.parametrize(
    "on, message",
    [
        (days(1), "The date of the decision must be today or in the past."),
        (days(-1), "The date of the decision must be on or after the day the case opened"),
    ],
)
def test_the_date_is_neither_in_the_future_nor_before_the_case_opened(cast, finding, on, message):
    with pytest.raises(ValidationError) as info:
        respond(finding, cast.member, on=on)
    assert errors_of(info)["on"][0].startswith(message)
    assert unchanged(finding)


def test_an_undecided_response_is_refused(cast, finding):
    with pytest.raises(ValidationError) as info:
        respond(finding, cast.member, response="")
    assert "response" in errors_of(info)
    assert unchanged(finding)


def test_only_who_may_change_the_case_decides(cast, finding):
    for person in (cast.read_only_member, cast.outsider, cast.stranger):
        with pytest.raises(PermissionDenied):
            respond(finding, person)
    assert unchanged(finding)


def test_not_acting_is_refused_while_a_recommendation_has_open_actions(plan):
    finding = plan.recommendation.finding
    with pytest.raises(ValidationError) as info:
        respond(finding, plan.cast.member)
    assert "recommendation 1 still has open actions" in errors_of(info)["response"][0]
    finding.refresh_from_db()
    assert finding.response == FindingResponse.ACT  # as the recommendation left it
    complete(plan.action, plan.owner)
    respond(finding, plan.cast.member)
    finding.refresh_from_db()
    assert finding.response == FindingResponse.NOT_ACTING


def test_a_recommendation_decides_an_undecided_finding_to_be_implemented(plan):
    finding = plan.recommendation.finding
    assert finding.response == FindingResponse.ACT
    assert (finding.response_on, finding.response_by) == (today(), plan.cast.member)


def new_recommendation(cast, finding, group):
    return recommendation_create(
        case=cast.case,
        text=TEXT,
        monitoring_group=group,
        owner=cast.member,
        impact_measure=MEASURE,
        impact_review_on=days(200),
        user=cast.member,
        finding=finding,
    )


def test_a_recommendation_keeps_an_earlier_decision_to_act(plan):
    finding = plan.recommendation.finding
    Finding.objects.filter(pk=finding.pk).update(response_on=today() - datetime.timedelta(days=3))
    finding.refresh_from_db()
    new_recommendation(plan.cast, finding, plan.group)
    finding.refresh_from_db()
    assert finding.response_on == today() - datetime.timedelta(days=3)


def test_no_recommendation_for_a_finding_decided_not_to_be_implemented(plan, finding):
    respond(finding, plan.cast.member)
    with pytest.raises(ValidationError) as info:
        new_recommendation(plan.cast, finding, plan.group)
    assert "was decided not to be implemented" in errors_of(info)["finding"][0]
    assert not finding.recommendations.exists()


# The page


def url(finding):
    return reverse("actions:finding_respond", args=[finding.case.reference, finding.number])


def post(client, finding, **data):
    on = data.pop("on", today())
    body = {"on_0": on.day, "on_1": on.month, "on_2": on.year, **data}
    return client.post(url(finding), body)


def test_the_page_asks_for_the_reason_and_saves_nothing_without_it(client, cast, finding):
    client.force_login(cast.member)
    page = client.get(url(finding)).content.decode()
    assert 'id="conditional-reason"' in page and "govuk-radios__conditional" in page
    response = post(client, finding, response="not_acting", reason="")
    assert response.status_code == 200
    assert "Enter why the finding will not be implemented." in response.content.decode()
    assert unchanged(finding)


def test_the_page_shows_the_services_refusal_on_its_field(client, cast, finding):
    client.force_login(cast.member)
    response = post(client, finding, response="act", on=days(2))
    assert "The date of the decision must be today or in the past." in response.content.decode()
    assert unchanged(finding)


def test_the_page_saves_and_the_learning_page_shows_the_decision(client, cast, finding):
    client.force_login(cast.member)
    response = post(client, finding, response="not_acting", reason="Covered by the LA's plan.")
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:case", args=[cast.case.reference])
    page = client.get(response["Location"]).content.decode()
    assert "Not to be implemented" in page and "Covered by the LA&#x27;s plan." in page
    assert "Change decision" in page


def test_the_page_is_refused_to_those_who_cannot_change_the_case(client, cast, finding):
    client.force_login(cast.read_only_member)
    assert client.get(url(finding)).status_code == 403
    assert post(client, finding, response="act").status_code == 403
    assert unchanged(finding)
    page = client.get(reverse("actions:case", args=[cast.case.reference])).content.decode()
    assert "Not decided yet" in page and "Decide<" not in page


def test_a_back_address_elsewhere_is_ignored(client, cast, finding):
    client.force_login(cast.member)
    response = post(client, finding, response="act", back="https://evil.example/")
    assert response["Location"] == reverse("actions:case", args=[cast.case.reference])


def test_two_people_deciding_at_once_never_lose_a_decision_silently(cast, finding):
    """No edit is lost (lantern.web.versioning): the second decision, made from the page
    both opened, is refused with what the first person decided, and nothing of it saved."""
    from lantern.web.versioning import EditConflict

    shown = Finding.objects.get(pk=finding.pk)
    other = Finding.objects.get(pk=finding.pk)
    finding_respond(
        finding=shown, response="act", reason="", on=today(), user=cast.member,
        version=shown.version, seen=None,
    )  # fmt: skip
    with pytest.raises(EditConflict):
        finding_respond(
            finding=other, response="not_acting", reason="Done nationally.", on=today(),
            user=cast.member, version=other.version, seen=None,
        )  # fmt: skip
    finding.refresh_from_db()
    assert (finding.response, finding.response_reason) == ("act", "")


def test_the_decision_page_shows_a_conflict_instead_of_overwriting(client, cast, finding):
    url = reverse("actions:finding_respond", args=[cast.case.reference, finding.number])
    client.force_login(cast.member)
    form = {"response": "act", "version": str(finding.version), "seen": ""}
    day = today()
    form |= {"on_0": str(day.day), "on_1": str(day.month), "on_2": str(day.year)}
    finding_respond(
        finding=finding, response="not_acting", reason="Done nationally.", on=day,
        user=cast.member,
    )  # fmt: skip
    response = client.post(url, form)
    assert response.status_code == 200
    assert "changed" in response.content.decode()
    finding.refresh_from_db()
    assert finding.response == "not_acting"
