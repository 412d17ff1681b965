"""An action's page; asking for an update; recording progress with evidence; the group's
sign-off; and evidence files served only under the policy."""

import pytest
from django.core import mail
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.actions.models import ActionStatus, ActionUpdate, Evidence
from lantern.agencyrequests.models import AgencyRequest, RequestStatus
from lantern.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.files import PDF

from .helpers import complete, days, make_plan, pdf, today, working


@pytest.fixture
def plan(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_plan(cast)


def _url(name, obj):
    return reverse(f"actions:{name}", args=[obj.pk])


def _date(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


# The page --------------------------------------------------------------------------------


def test_the_page_shows_the_action_and_what_the_lead_may_do(client, plan):
    client.force_login(plan.cast.member)
    response = client.get(_url("action", plan.action))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        plan.action.title,
        f"Action {plan.recommendation.label}.1",
        str(plan.agency),
        plan.owner.full_name,
        "Protocol signed by both agencies.",
        "RAG: Green",
        "Ask the agency for an update",
        "Record progress",
    ):
        assert text in body, text
    assert "Record the group's sign-off" not in body  # not complete yet


def test_the_owner_records_progress_but_does_not_ask_for_updates(client, plan):
    client.force_login(plan.owner)
    body = client.get(_url("action", plan.action)).content.decode()
    assert "Record progress" in body
    assert "Ask the agency for an update" not in body


def test_readers_who_may_not_write_see_no_buttons(client, plan):
    for person in (plan.cast.read_only_member, plan.group_member):
        client.force_login(person)
        response = client.get(_url("action", plan.action))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Record progress" not in body and "Ask the agency" not in body


def test_the_page_does_not_exist_for_outsiders(client, plan):
    for person in (plan.cast.outsider, plan.cast.stranger):
        client.force_login(person)
        assert client.get(_url("action", plan.action)).status_code == 404


def test_the_page_is_logged_as_a_read(client, plan):
    client.force_login(plan.lead)
    client.get(_url("action", plan.action))
    event = AuditEvent.objects.filter(actor=plan.lead, action="read").last()
    assert (event.object_type, event.object_id) == ("actions.action", str(plan.action.pk))


# Asking for an update ----------------------------------------------------------------------


def test_the_lead_asks_the_agency_for_an_update(client, plan):
    client.force_login(plan.cast.member)
    url = _url("action_ask", plan.action)
    assert client.get(url).status_code == 200
    response = client.post(url, _date("due", working(14)))
    assert response.status_code == 302
    request = AgencyRequest.objects.get(case=plan.case, agency=plan.agency)
    assert request.due == working(14) and request.kind == "action_update"
    assert any(plan.owner.email in m.to for m in mail.outbox)
    body = client.get(_url("action", plan.action)).content.decode()
    assert "Update asked for" in body


def test_asking_without_a_date_or_for_a_past_one_asks_nothing(client, plan):
    client.force_login(plan.cast.member)
    url = _url("action_ask", plan.action)
    body = client.post(url, {"due_0": "", "due_1": "", "due_2": ""}).content.decode()
    assert "Enter the date the update is due." in body
    body = client.post(url, _date("due", days(-2))).content.decode()
    assert "The due date must be on or after the day the request is sent." in body
    assert not AgencyRequest.objects.exists()


def test_only_whoever_runs_the_case_asks_for_updates(client, plan):
    url = _url("action_ask", plan.action)
    for person in (plan.cast.read_only_member, plan.owner, plan.lead, plan.chair):
        client.force_login(person)
        assert client.post(url, _date("due", working(14))).status_code == 403
    for person in (plan.cast.outsider, plan.cast.stranger):
        client.force_login(person)
        assert client.post(url, _date("due", working(14))).status_code == 404
    assert not AgencyRequest.objects.exists()


# Recording progress ----------------------------------------------------------------------


def test_the_owner_records_progress(client, plan):
    client.force_login(plan.owner)
    url = _url("action_progress", plan.action)
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "on_track", "note": "Draft agreed by both."})
    assert response.status_code == 302
    plan.action.refresh_from_db()
    assert plan.action.status == ActionStatus.ON_TRACK
    body = client.get(_url("action", plan.action)).content.decode()
    assert "Draft agreed by both." in body and plan.owner.full_name in body


def test_progress_answers_the_agencys_waiting_request(client, plan):
    client.force_login(plan.cast.member)
    client.post(_url("action_ask", plan.action), _date("due", working(14)))
    client.force_login(plan.lead)
    client.post(_url("action_progress", plan.action), {"status": "at_risk", "note": "Staff off."})
    request = AgencyRequest.objects.get(case=plan.case)
    assert request.status == RequestStatus.ACCEPTED
    assert ActionUpdate.objects.get(action=plan.action).request == request


def test_complete_without_evidence_is_refused_with_a_clear_error(client, plan):
    client.force_login(plan.owner)
    response = client.post(
        _url("action_progress", plan.action), {"status": "complete", "note": "Done."}
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert "An action is complete only with evidence" in body
    assert 'href="#id_evidence_file"' in body
    plan.action.refresh_from_db()
    assert plan.action.status == ActionStatus.NOT_STARTED
    assert not ActionUpdate.objects.exists()


def test_complete_with_an_evidence_file_which_readers_download(client, plan):
    client.force_login(plan.owner)
    response = client.post(
        _url("action_progress", plan.action),
        {
            "status": "complete",
            "note": "Signed.",
            "evidence_description": "Signed protocol",
            "evidence_file": pdf(),
        },
    )
    assert response.status_code == 302
    plan.action.refresh_from_db()
    assert plan.action.status == ActionStatus.COMPLETE and plan.action.completed_on == today()
    evidence = Evidence.objects.get(action=plan.action)
    download = _url("evidence", evidence)
    assert f'href="{download}"' in client.get(_url("action", plan.action)).content.decode()
    for person in (plan.owner, plan.group_member, plan.cast.read_only_member):
        client.force_login(person)
        response = client.get(download)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert "attachment" in response["Content-Disposition"]
    event = AuditEvent.objects.filter(action="read", object_type="actions.evidence").last()
    assert event.changes == {"viewed": "evidence file protocol.pdf"}


def test_evidence_files_do_not_exist_for_outsiders(client, plan):
    client.force_login(plan.owner)
    client.post(
        _url("action_progress", plan.action),
        {
            "status": "on_track",
            "note": "Draft.",
            "evidence_description": "Draft",
            "evidence_file": pdf(),
        },
    )
    download = _url("evidence", Evidence.objects.get())
    for person in (plan.cast.outsider, plan.cast.stranger):
        client.force_login(person)
        assert client.get(download).status_code == 404


def test_link_evidence_is_a_link_not_a_download(client, plan):
    complete(plan.action, plan.owner)
    evidence = Evidence.objects.get()
    client.force_login(plan.owner)
    body = client.get(_url("action", plan.action)).content.decode()
    assert 'href="https://intranet.example.org/protocol"' in body
    assert client.get(_url("evidence", evidence)).status_code == 404


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"status": "", "note": "x"},
            "status",
            "Choose not started, on track, at risk or complete.",
        ),
        ({"status": "on_track", "note": ""}, "note", "Describe the progress made."),
        (
            {"status": "on_track", "note": "x", "evidence_link": "https://example.org/a"},
            "evidence_description",
            "Describe the evidence.",
        ),
        (
            {"status": "on_track", "note": "x", "evidence_description": "A thing"},
            "evidence_file",
            "Upload a file or give a link as evidence.",
        ),
        (
            {
                "status": "on_track",
                "note": "x",
                "evidence_description": "A",
                "evidence_link": "ftp:/x",
            },
            "evidence_link",
            "Enter a link that starts with https://",
        ),
    ],
)
def test_bad_progress_is_named_and_nothing_saved(client, plan, data, field, message):
    client.force_login(plan.owner)
    body = client.post(_url("action_progress", plan.action), data).content.decode()
    assert message in body
    assert f'href="#id_{field}' in body
    assert not ActionUpdate.objects.exists() and not Evidence.objects.exists()


def test_a_file_of_the_wrong_kind_is_refused(client, plan):
    client.force_login(plan.owner)
    body = client.post(
        _url("action_progress", plan.action),
        {
            "status": "complete",
            "note": "x",
            "evidence_description": "A",
            "evidence_file": pdf("x.exe"),
        },
    ).content.decode()
    assert "The selected file must be a" in body
    assert not Evidence.objects.exists()


def test_only_the_lead_agency_the_owner_or_the_case_lead_record_progress(client, plan):
    url = _url("action_progress", plan.action)
    data = {"status": "on_track", "note": "x"}
    for person in (plan.cast.read_only_member, plan.group_member, plan.chair):
        client.force_login(person)
        assert client.post(url, data).status_code == 403
    for person in (plan.cast.outsider, plan.cast.stranger):
        client.force_login(person)
        assert client.post(url, data).status_code == 404
    assert not ActionUpdate.objects.exists()
    for person in (plan.lead, plan.cast.member):
        client.force_login(person)
        assert client.post(url, data).status_code == 302


# The group's sign-off ----------------------------------------------------------------------


def test_the_chair_records_the_sign_off_and_the_action_is_verified(client, plan):
    complete(plan.action, plan.owner)
    client.force_login(plan.chair)
    assert "Record the group's sign-off" in client.get(_url("action", plan.action)).content.decode()
    url = _url("action_sign_off", plan.action)
    response = client.post(url, {**_date("signed_off_on", today()), "note": "Seen the protocol."})
    assert response.status_code == 302
    plan.action.refresh_from_db()
    assert plan.action.status == ActionStatus.VERIFIED and plan.action.verified_by == plan.chair
    body = client.get(_url("action", plan.action)).content.decode()
    assert "Verified" in body and "Seen the protocol." in body
    assert "Record progress" not in body  # closed


def test_a_sign_off_needs_a_date_not_in_the_future_and_a_note(client, plan):
    complete(plan.action, plan.owner)
    client.force_login(plan.chair)
    url = _url("action_sign_off", plan.action)
    body = client.post(url, {"note": ""}).content.decode()
    assert "Enter the date of the group&#x27;s sign-off." in body
    assert "Record what the group agreed." in body
    body = client.post(url, {**_date("signed_off_on", days(3)), "note": "x"}).content.decode()
    assert "The sign-off date must be today or earlier." in body
    plan.action.refresh_from_db()
    assert plan.action.status == ActionStatus.COMPLETE


def test_an_action_not_complete_cannot_be_signed_off(client, plan):
    client.force_login(plan.chair)
    response = client.post(
        _url("action_sign_off", plan.action), {**_date("signed_off_on", today()), "note": "x"}
    )
    assert response.status_code == 200  # the form again, with the reason
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Only a complete action can be verified." in body
    plan.action.refresh_from_db()
    assert plan.action.status == ActionStatus.NOT_STARTED
    assert (plan.action.verified_on, plan.action.verified_by, plan.action.verified_note) == (
        None,
        None,
        "",
    )
    assert not AuditEvent.objects.filter(
        action="update", object_type="actions.action", actor=plan.chair
    ).exists()


def test_only_the_groups_chair_or_the_business_unit_sign_off(client, plan):
    complete(plan.action, plan.owner)
    url = _url("action_sign_off", plan.action)
    data = {**_date("signed_off_on", today()), "note": "Agreed."}
    # The case lead and the owner may read it; the group member may too: none signs off.
    for person in (plan.cast.member, plan.owner, plan.group_member, plan.cast.read_only_member):
        client.force_login(person)
        assert client.post(url, data).status_code == 403
    for person in (plan.cast.outsider, plan.cast.stranger):
        client.force_login(person)
        assert client.post(url, data).status_code == 404
    plan.action.refresh_from_db()
    assert plan.action.status == ActionStatus.COMPLETE
    officer = UserFactory(partnership=plan.case.partnership, roles=[Role.BUSINESS_UNIT_OFFICER])
    client.force_login(officer)
    assert client.post(url, data).status_code == 302
