"""Audit returns and action updates are answered on pages of their own: the request page
sends the agency there, the generic answer is refused, and the e-mails link there too."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lantern.actions.services import action_update_record, action_update_request
from lantern.agencyrequests import services
from lantern.agencyrequests.models import AgencyRequest, RequestKind, RequestStatus
from lantern.agencyrequests.reminders import reminders_plan
from lantern.audits.models import Audit, AuditReturn
from lantern.cases.models import Capacity, CaseStatus
from tests.actions.helpers import days, make_plan
from tests.factories import CaseFactory, MembershipFactory

from .conftest import TODAY, make_request

pytestmark = pytest.mark.django_db

#: Reading the request page, and posting the generic form on it.
FOUR_PEOPLE = pytest.mark.parametrize(
    "who, read, write",
    [
        ("member", 200, 200),
        ("read_only_member", 200, 403),
        ("outsider", 404, 404),
        ("stranger", 404, 404),
    ],
)

AUDIT_REFUSAL = "An audit return is answered on the audit's return page for each case, not here."
UPDATE_REFUSAL = "An action update is recorded on the action's “Record progress” page, not here."


@pytest.fixture
def audit_request(cast, agencies) -> AgencyRequest:
    """The police's audit-return request, with its return for each of two selected cases."""
    audit = Audit.objects.create(
        case=cast.case,
        theme="Neglect in under-fives",
        theme_lead=cast.member,
        scope="Children on a plan for neglect.",
        kind="children",
        qap_meeting_on=TODAY + datetime.timedelta(days=90),
    )
    request = make_request(
        cast.case, agencies.police, kind=RequestKind.AUDIT_RETURN, title="Audit return"
    )
    for reference in ("C-102", "C-101"):
        AuditReturn.objects.create(
            audit=audit, case_reference=reference, agency=agencies.police, request=request
        )
    return request


@pytest.fixture
def plan(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_plan(cast)


@pytest.fixture
def update_request(cast, plan) -> AgencyRequest:
    return action_update_request(action=plan.action, due=days(14), user=cast.member)


def _plan_on_another_case(cast):
    other = CaseFactory(partnership=cast.case.partnership)
    MembershipFactory(case=other, person=cast.member, capacity=Capacity.LEAD)
    return make_plan(dataclasses.replace(cast, case=other))


def _detail(request):
    return reverse("agencyrequests:detail", args=[request.case.reference, request.pk])


def _return_page(ret):
    return reverse("audits:return", args=[ret.audit.case.reference, ret.pk])


def _progress(request):
    return reverse("actions:action_progress", args=[request.action_id])


def _answer(client, request, action="submit"):
    return client.post(_detail(request), {"response": "Our answer", "action": action})


def assert_unanswered(request):
    request.refresh_from_db()
    assert request.status == RequestStatus.SENT
    assert (request.response, request.response_file.name, request.submitted_at) == ("", "", None)


class TestServices:
    @pytest.mark.parametrize(
        "which, refusal", [("audit_request", AUDIT_REFUSAL), ("update_request", UPDATE_REFUSAL)]
    )
    def test_the_generic_answer_is_refused_and_changes_nothing(self, request, cast, which, refusal):
        agency_request = request.getfixturevalue(which)
        for write in (services.request_submit, services.request_save_draft):
            with pytest.raises(ValidationError) as refused:
                write(
                    request=agency_request,
                    user=cast.member,
                    response="Our answer",
                    records_secured=False,
                )
            assert refused.value.messages == [refusal]
        assert_unanswered(agency_request)

    def test_an_action_update_must_name_an_action_of_the_case(self, cast, agencies):
        for action in (None, _plan_on_another_case(cast).action):
            with pytest.raises(ValidationError) as refused:
                services.requests_send(
                    case=cast.case,
                    agency_ids=[agencies.police.pk],
                    kind=RequestKind.ACTION_UPDATE,
                    title="Update",
                    instructions="",
                    due=TODAY,
                    action=action,
                )
            assert "kind" in refused.value.message_dict
        assert not AgencyRequest.objects.filter(case=cast.case).exists()

    @pytest.mark.parametrize(
        "kind", [k for k in RequestKind.values if k != RequestKind.ACTION_UPDATE]
    )
    def test_rule_only_an_action_update_is_sent_on_a_closed_case(self, cast, agencies, kind):
        cast.case.status = CaseStatus.CLOSED
        cast.case.save()
        with pytest.raises(ValidationError, match=r"Requests cannot be sent on a closed case\."):
            services.requests_send(
                case=cast.case,
                agency_ids=[agencies.police.pk],
                kind=kind,
                title="Asked after closing",
                instructions="",
                due=TODAY,
            )
        assert not AgencyRequest.objects.exists()

    def test_rule_an_action_update_on_a_closed_case_is_still_chased(self, cast, plan):
        rep = MembershipFactory(
            case=cast.case, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=plan.agency
        ).person
        asked = action_update_request(action=plan.action, due=days(1), user=cast.member)
        AgencyRequest.objects.filter(pk=asked.pk).update(sent_on=TODAY - datetime.timedelta(3))
        other = make_request(cast.case, plan.agency, sent_on=TODAY - datetime.timedelta(3))
        cast.case.status = CaseStatus.CLOSED
        cast.case.save()
        plans = {p.request.pk: p for p in reminders_plan(today=TODAY)}
        # The representative, and the action's owner, who answers for it without being
        # on the case.
        assert plans[asked.pk].recipients == [rep, plan.action.owner]
        assert other.pk not in plans


class TestLinks:
    def test_request_link_is_where_the_agency_answers(
        self, settings, cast, agencies, audit_request, update_request
    ):
        settings.LANTERN_BASE_URL = "https://lantern.example.org"
        scoping = make_request(cast.case, agencies.icb)
        audit_page = reverse("audits:audit", args=[cast.case.reference])
        assert services.request_link(scoping) == f"https://lantern.example.org{_detail(scoping)}"
        assert services.request_link(audit_request) == f"https://lantern.example.org{audit_page}"
        assert services.request_link(update_request) == (
            f"https://lantern.example.org{_progress(update_request)}"
        )


class TestAuditReturnPage:
    def test_the_agency_is_sent_to_each_return_not_given_the_form(
        self, client, agencies, audit_request
    ):
        client.force_login(agencies.police_rep)
        body = client.get(_detail(audit_request)).content.decode()
        returns = AuditReturn.objects.order_by("case_reference")
        assert body.index(_return_page(returns[0])) < body.index(_return_page(returns[1]))
        assert "Return for C-101" in body
        assert reverse("audits:audit", args=[audit_request.case.reference]) in body
        assert "Submit the return" not in body and "multipart/form-data" not in body

    @FOUR_PEOPLE
    def test_four_people(self, client, cast, audit_request, who, read, write):
        client.force_login(getattr(cast, who))
        page = client.get(_detail(audit_request))
        assert page.status_code == read
        if read == 200:
            links = _return_page(AuditReturn.objects.first()) in page.content.decode()
            assert links == (who == "member")  # a reader sees the cases, not the forms
        for action in ("submit", "draft"):
            response = _answer(client, audit_request, action)
            assert response.status_code == write
            if write == 200:
                assert "An audit return is answered on the audit" in response.content.decode()
        assert_unanswered(audit_request)


class TestActionUpdatePage:
    @FOUR_PEOPLE
    def test_four_people(self, client, cast, update_request, who, read, write):
        client.force_login(getattr(cast, who))
        page = client.get(_detail(update_request))
        assert page.status_code == read
        if read == 200:
            body = page.content.decode()
            assert (_progress(update_request) in body) == (who == "member")
            assert "Submit the return" not in body
        for action in ("submit", "draft"):
            response = _answer(client, update_request, action)
            assert response.status_code == write
            if write == 200:
                assert "Record progress” page, not here." in response.content.decode()
        assert_unanswered(update_request)

    def test_the_owner_and_the_agencys_lead_open_it_off_the_case(
        self, client, plan, update_request
    ):
        for person in (plan.owner, plan.lead):
            client.force_login(person)
            page = client.get(_detail(update_request))
            assert page.status_code == 200
            body = page.content.decode()
            assert f'href="{_progress(update_request)}"' in body
            assert f'href="{reverse("web:dashboard")}"' in body  # not the case's list
            assert client.get(_progress(update_request)).status_code == 200
            # Not on the case, they do not answer for the agency here either.
            assert _answer(client, update_request).status_code == 403
        assert_unanswered(update_request)

    def test_who_may_not_update_the_action_gets_404(self, client, plan, update_request):
        # The group's chair and member read the action, but do not update it.
        for person in (plan.chair, plan.group_member):
            client.force_login(person)
            assert client.get(_detail(update_request)).status_code == 404
            assert _answer(client, update_request).status_code == 404
        assert_unanswered(update_request)

    def test_once_progress_is_recorded_the_page_shows_it(self, client, plan, update_request):
        action_update_record(action=plan.action, user=plan.owner, status="on_track", note="Going.")
        client.force_login(plan.owner)
        body = client.get(_detail(update_request)).content.decode()
        assert "On track: Going." in body
        assert "Record progress on the action" not in body


class TestSendForm:
    def test_neither_kind_is_offered_nor_accepted(self, client, cast, agencies):
        url = reverse("agencyrequests:new", args=[cast.case.reference])
        client.force_login(cast.member)
        body = client.get(url).content.decode()
        assert 'value="scoping"' in body
        assert 'value="audit_return"' not in body and 'value="action_update"' not in body
        for kind in ("audit_return", "action_update"):
            data = {
                "kind": kind,
                "title": "Asked here",
                "due_0": "9",
                "due_1": "3",
                "due_2": "2026",
                "agencies": [agencies.police.pk],
            }
            response = client.post(url, data)
            assert response.status_code == 200
            assert "Select a valid choice" in response.content.decode()
        assert not AgencyRequest.objects.exists()


def test_the_migration_links_updates_sent_before_it_to_their_action(cast, plan):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("lantern.agencyrequests.migrations.0002_request_action")
    label = f"{plan.recommendation.label}.{plan.action.number}"
    old = make_request(
        cast.case, plan.agency, kind=RequestKind.ACTION_UPDATE, title=f"Update on action {label} by"
    )
    other = make_request(
        cast.case, plan.agency, kind=RequestKind.ACTION_UPDATE, title=f"Update on action {label}9 "
    )
    migration.link_actions(apps, None)
    old.refresh_from_db()
    other.refresh_from_db()
    assert (old.action, other.action) == (plan.action, None)
