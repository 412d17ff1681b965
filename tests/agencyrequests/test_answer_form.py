"""The request page: the answer form only for whoever answers for the agency, and only
while the request waits for it; otherwise what it waits for, or what was recorded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantern.agencyrequests import services
from lantern.agencyrequests.models import RequestStatus
from lantern.cases.models import Capacity
from tests.factories import MembershipFactory, UserFactory
from tests.files import PDF

from .conftest import make_request

pytestmark = pytest.mark.django_db

FORM = 'enctype="multipart/form-data"'
SUBMIT = "Submit the return"


def _detail(request):
    return reverse("agencyrequests:detail", args=[request.case.reference, request.pk])


def _page(client, person, request):
    client.force_login(person)
    response = client.get(_detail(request))
    assert response.status_code == 200
    return response.content.decode()


def _submit(request, person, response="Police attended twice.", **extra):
    return services.request_submit(
        request=request, user=person, response=response, records_secured=True, **extra
    )


class TestWhoSeesTheForm:
    def test_the_business_manager_sees_what_is_waiting_not_the_form(
        self, client, cast, agencies, police_request
    ):
        """Rule: the Business Unit asks and the agency answers: no form for the manager."""
        body = _page(client, cast.business_manager, police_request)
        assert FORM not in body and SUBMIT not in body
        assert (
            f"Waiting for Demoshire Police: asked {agencies.police_rep.full_name}, "
            "due 6 March 2026." in body
        )

    def test_the_case_lead_sees_what_is_waiting_not_the_form(
        self, client, cast, agencies, police_request
    ):
        body = _page(client, cast.member, police_request)
        assert FORM not in body
        assert "Waiting for Demoshire Police" in body

    def test_the_agencys_representative_sees_the_form(self, client, agencies, police_request):
        body = _page(client, agencies.police_rep, police_request)
        assert FORM in body and SUBMIT in body
        assert "Waiting for Demoshire Police" not in body

    def test_a_business_manager_asked_by_name_for_the_agency_answers(
        self, client, cast, agencies, police_request
    ):
        """Rule: whoever was asked (a recipient) answers, whatever else they are."""
        police_request.recipients.add(cast.business_manager)
        assert FORM in _page(client, cast.business_manager, police_request)

    def test_the_business_manager_may_not_post_an_answer(
        self, client, cast, agencies, police_request
    ):
        client.force_login(cast.business_manager)
        data = {"response": "Made up", "records_secured": "on", "action": "submit"}
        assert client.post(_detail(police_request), data).status_code == 403
        police_request.refresh_from_db()
        assert police_request.status == RequestStatus.SENT and police_request.response == ""

    def test_a_representative_made_an_observer_no_longer_answers(
        self, client, cast, agencies, police_request
    ):
        """Rule: being asked once is not enough if the policy no longer lets them act."""
        membership = agencies.police_rep.case_memberships.get(case=cast.case)
        membership.capacity = Capacity.OBSERVER
        membership.save()
        assert FORM not in _page(client, agencies.police_rep, police_request)

    def test_others_do_not_see_the_agencys_draft(self, client, cast, agencies, police_request):
        """Rule: an unfinished answer is the agency's own until submitted."""
        services.request_save_draft(
            request=police_request, user=agencies.police_rep, response="Half-written notes"
        )
        body = _page(client, cast.business_manager, police_request)
        assert "Half-written notes" not in body
        assert "has started its return but not submitted it yet" in body
        assert "Half-written notes" in _page(client, agencies.police_rep, police_request)

    def test_someone_asked_with_nobody_recorded_says_so(self, client, cast, agencies):
        request = make_request(cast.case, agencies.police, title="Old one")
        request.recipients.clear()
        assert "asked nobody recorded" in _page(client, cast.business_manager, request)


class TestOnceAnswered:
    def test_the_form_is_replaced_by_the_recorded_answer_for_the_representative(
        self, client, cast, agencies, police_request, storage
    ):
        """Rule: once answered nobody sees the form; the recorded answer replaces it."""
        upload = SimpleUploadedFile("return.pdf", PDF, content_type="application/pdf")
        _submit(police_request, agencies.police_rep, file=upload)
        for person in (agencies.police_rep, cast.business_manager, cast.member):
            body = _page(client, person, police_request)
            assert FORM not in body and SUBMIT not in body
            assert "Police attended twice." in body
            assert "return.pdf" in body
            assert f"{agencies.police_rep.full_name} on 2 March 2026 at 10:00" in body
            assert "Waiting for" not in body

    def test_accepted_shows_who_accepted_it(self, client, cast, agencies, police_request):
        _submit(police_request, agencies.police_rep)
        services.request_accept(request=police_request, user=cast.member)
        body = _page(client, agencies.police_rep, police_request)
        assert FORM not in body
        assert f"By {cast.member.full_name} on 2 March 2026" in body
        assert "Police attended twice." in body

    def test_sent_back_for_more_the_agency_sees_the_form_again(
        self, client, cast, agencies, police_request
    ):
        """Rule: a return sent back waits for the agency again: its form comes back."""
        _submit(police_request, agencies.police_rep)
        services.request_return(
            request=police_request, user=cast.member, reason="Add the chronology."
        )
        rep = _page(client, agencies.police_rep, police_request)
        assert FORM in rep and "Add the chronology." in rep
        manager = _page(client, cast.business_manager, police_request)
        assert FORM not in manager
        assert "Waiting for Demoshire Police" in manager
        assert "sent back for more" in manager

    def test_another_representative_on_the_case_answers_for_the_agency_too(
        self, client, cast, agencies, police_request
    ):
        """Rule: the agency's people on the case answer, asked by name or not."""
        colleague = MembershipFactory(
            case=cast.case, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=agencies.police
        ).person
        assert FORM in _page(client, colleague, police_request)
        stranger_to_it = UserFactory(partnership=cast.case.partnership)
        client.force_login(stranger_to_it)
        assert client.get(_detail(police_request)).status_code == 404
