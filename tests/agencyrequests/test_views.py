"""Request pages under the one policy: member, read-only member, outsider, stranger, and a
representative of another agency on the same case."""

import datetime

import pytest
from django.urls import reverse

from lantern.agencyrequests.models import AgencyRequest, RequestStatus
from lantern.audit.models import AuditEvent

from .conftest import TODAY, make_request

pytestmark = pytest.mark.django_db


def _list(case):
    return reverse("agencyrequests:list", args=[case.reference])


def _new(case):
    return reverse("agencyrequests:new", args=[case.reference])


def _detail(request):
    return reverse("agencyrequests:detail", args=[request.case.reference, request.pk])


class TestList:
    @pytest.mark.parametrize(
        "who, status",
        [("member", 200), ("read_only_member", 200), ("outsider", 404), ("stranger", 404)],
    )
    def test_who_may_see_the_requests(self, client, cast, police_request, who, status):
        client.force_login(getattr(cast, who))
        assert client.get(_list(cast.case)).status_code == status

    def test_the_business_manager_sees_who_is_late(self, client, cast, agencies):
        make_request(
            cast.case, agencies.police, title="Late one", due=TODAY - datetime.timedelta(1)
        )
        make_request(cast.case, agencies.icb, title="On time", due=TODAY + datetime.timedelta(1))
        client.force_login(cast.business_manager)
        page = client.get(_list(cast.case)).content.decode()
        assert page.count("govuk-tag--red") == 1
        assert "1 request is overdue" in page
        assert "Demoshire Police: Late one" in page
        assert agencies.police_rep.full_name in page  # who it was sent to

    def test_a_request_recorded_without_recipients_is_flagged(self, client, cast):
        """Only a request sent before recipients were kept can have none: it says so."""
        from tests.factories import AgencyFactory

        make_request(cast.case, AgencyFactory(partnership=cast.case.partnership))
        client.force_login(cast.member)
        assert "Nobody recorded" in client.get(_list(cast.case)).content.decode()

    def test_only_managers_are_offered_the_send_button(self, client, cast, agencies):
        client.force_login(cast.member)
        assert _new(cast.case) in client.get(_list(cast.case)).content.decode()
        client.force_login(agencies.police_rep)
        assert _new(cast.case) not in client.get(_list(cast.case)).content.decode()


class TestNew:
    def _post(self, client, cast, people, **overrides):
        data = {
            "kind": "scoping",
            "title": "Initial scoping return",
            "instructions": "",
            "due_0": "9",
            "due_1": "3",
            "due_2": "2026",
            "agencies": [people.police.pk, people.icb.pk],
            "secure_records": "on",
        }
        data.update(overrides)
        return client.post(_new(cast.case), data)

    def test_member_sends_to_several_agencies_at_once(self, client, cast, agencies, mailoutbox):
        client.force_login(cast.member)
        page = client.get(_new(cast.case)).content.decode()
        assert (
            '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Which agencies?'
            in page
        )
        response = self._post(client, cast, agencies)
        assert response.status_code == 302
        sent = AgencyRequest.objects.filter(case=cast.case)
        assert sent.count() == 2
        assert all(r.due == datetime.date(2026, 3, 9) and r.secure_records_requested for r in sent)
        assert len(mailoutbox) == 2

    def test_mistakes_are_shown_and_nothing_is_sent(self, client, cast, agencies, mailoutbox):
        client.force_login(cast.member)
        response = self._post(client, cast, agencies, agencies=[], due_0="31", due_1="2", title="")
        page = response.content.decode()
        assert response.status_code == 200
        assert "govuk-error-summary" in page
        assert "Choose at least one agency." in page
        assert "Due date must be a real date." in page
        assert "Enter a title for the request." in page
        assert not AgencyRequest.objects.exists()
        assert mailoutbox == []

    def test_due_date_in_the_past_is_refused(self, client, cast, agencies):
        client.force_login(cast.member)
        page = self._post(client, cast, agencies, due_0="1").content.decode()
        assert "The due date must be on or after the day the request is sent." in page
        assert not AgencyRequest.objects.exists()

    @pytest.mark.parametrize(
        "who, status", [("read_only_member", 403), ("outsider", 404), ("stranger", 404)]
    )
    def test_others_may_not_send(self, client, cast, agencies, who, status):
        client.force_login(getattr(cast, who))
        assert client.get(_new(cast.case)).status_code == status
        assert self._post(client, cast, agencies).status_code == status
        assert not AgencyRequest.objects.exists()

    def test_an_agency_representative_may_not_send(self, client, cast, agencies):
        client.force_login(agencies.police_rep)
        assert self._post(client, cast, agencies).status_code == 403


class TestAnswer:
    def _answer(self, client, request, action="submit", **overrides):
        data = {"response": "What we knew", "records_secured": "on", "action": action}
        data.update(overrides)
        return client.post(_detail(request), data)

    def test_representative_sees_the_form_and_submits(self, client, agencies, police_request):
        client.force_login(agencies.police_rep)
        page = client.get(_detail(police_request)).content.decode()
        assert 'enctype="multipart/form-data"' in page
        assert "My agency has secured its records about this case" in page
        assert self._answer(client, police_request).status_code == 302
        police_request.refresh_from_db()
        assert police_request.status == RequestStatus.SUBMITTED
        assert police_request.records_secured_confirmed_by == agencies.police_rep

    def test_draft_is_saved_without_submitting(self, client, agencies, police_request):
        client.force_login(agencies.police_rep)
        response = self._answer(client, police_request, action="draft", records_secured="")
        assert response.status_code == 302
        police_request.refresh_from_db()
        assert police_request.status == RequestStatus.IN_PROGRESS
        assert "What we knew" in client.get(_detail(police_request)).content.decode()

    def test_submitting_without_confirming_records_shows_an_error(
        self, client, agencies, police_request
    ):
        client.force_login(agencies.police_rep)
        response = self._answer(client, police_request, records_secured="")
        assert response.status_code == 200
        assert "Confirm that your agency has secured its records." in response.content.decode()
        police_request.refresh_from_db()
        assert police_request.status == RequestStatus.SENT

    def test_representative_of_another_agency_reads_but_gets_403_answering(
        self, client, agencies, police_request
    ):
        client.force_login(agencies.icb_rep)
        page = client.get(_detail(police_request))
        assert page.status_code == 200
        assert "multipart/form-data" not in page.content.decode()
        assert self._answer(client, police_request).status_code == 403
        police_request.refresh_from_db()
        assert police_request.status == RequestStatus.SENT

    @pytest.mark.parametrize(
        "who, read, write",
        [
            # Rule: the case's lead and the Business Manager read the request but do not
            # answer for an agency they were not asked for and do not represent.
            ("member", 200, 403),
            ("business_manager", 200, 403),
            ("read_only_member", 200, 403),
            ("outsider", 404, 404),
            ("stranger", 404, 404),
        ],
    )
    def test_four_people(self, client, cast, police_request, who, read, write):
        client.force_login(getattr(cast, who))
        assert client.get(_detail(police_request)).status_code == read
        assert self._answer(client, police_request, action="draft").status_code == write

    def test_reading_the_request_is_logged(self, client, cast, police_request):
        client.force_login(cast.read_only_member)
        client.get(_detail(police_request))
        assert AuditEvent.objects.filter(
            action="read",
            actor=cast.read_only_member,
            object_type="agencyrequests.agencyrequest",
            object_id=str(police_request.pk),
        ).exists()

    def test_request_of_another_case_is_404(self, client, cast, agencies):
        from tests.factories import CaseFactory

        other = make_request(CaseFactory(partnership=cast.case.partnership), agencies.police)
        client.force_login(cast.member)
        url = reverse("agencyrequests:detail", args=[cast.case.reference, other.pk])
        assert client.get(url).status_code == 404


@pytest.fixture
def submitted(police_request, agencies):
    police_request.status = RequestStatus.SUBMITTED
    police_request.response = "Ours"
    police_request.submitted_by = agencies.police_rep
    police_request.save()
    return police_request


class TestReview:
    def test_member_accepts(self, client, cast, submitted):
        client.force_login(cast.member)
        assert "Accept the return" in client.get(_detail(submitted)).content.decode()
        url = reverse("agencyrequests:accept", args=[cast.case.reference, submitted.pk])
        assert client.post(url).status_code == 302
        submitted.refresh_from_db()
        assert submitted.status == RequestStatus.ACCEPTED

    def test_member_sends_it_back_with_reasons(self, client, cast, submitted):
        url = reverse("agencyrequests:send_back", args=[cast.case.reference, submitted.pk])
        client.force_login(cast.member)
        page = client.post(url, {"reason": ""}).content.decode()
        assert "Enter why the return is being sent back." in page
        assert client.post(url, {"reason": "Add the chronology"}).status_code == 302
        submitted.refresh_from_db()
        assert submitted.status == RequestStatus.RETURNED
        assert "Add the chronology" in client.get(_detail(submitted)).content.decode()

    @pytest.mark.parametrize(
        "who, status", [("read_only_member", 403), ("outsider", 404), ("stranger", 404)]
    )
    def test_others_may_not_accept_or_send_back(self, client, cast, submitted, who, status):
        client.force_login(getattr(cast, who))
        accept = reverse("agencyrequests:accept", args=[cast.case.reference, submitted.pk])
        back = reverse("agencyrequests:send_back", args=[cast.case.reference, submitted.pk])
        assert client.post(accept).status_code == status
        assert client.post(back, {"reason": "x"}).status_code == status
        submitted.refresh_from_db()
        assert submitted.status == RequestStatus.SUBMITTED

    def test_the_agencys_representative_may_not_accept_its_own_return(
        self, client, cast, agencies, submitted
    ):
        client.force_login(agencies.police_rep)
        assert "Accept the return" not in client.get(_detail(submitted)).content.decode()
        accept = reverse("agencyrequests:accept", args=[cast.case.reference, submitted.pk])
        assert client.post(accept).status_code == 403
