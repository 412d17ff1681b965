"""A request always has a recipient: who is asked, who joins the case, and the refusals;
the confirmation naming who was asked; adding agencies later; Chase now; My work's items."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.agencyrequests import services
from lantern.agencyrequests.models import AgencyRequest, Chase, RequestKind, RequestStatus
from lantern.agencyrequests.recipients import name_field
from lantern.agencyrequests.selectors import requests_waiting_for
from lantern.audit.models import AuditEvent
from lantern.cases.models import Capacity, CaseMembership
from lantern.notifications.models import Notification
from lantern.work.items import WorkItem
from lantern.work.links import case_url
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db

DUE = TODAY + datetime.timedelta(days=4)  # a Friday: due dates fall on working days
NOBODY = "Nobody can be asked for Education Services"


@pytest.fixture
def education(cast):
    """An agency with nobody on the case and no safeguarding lead, but one teacher."""
    agency = AgencyFactory(partnership=cast.case.partnership, name="Education Services")
    teacher = UserFactory(
        partnership=cast.case.partnership,
        agency=agency,
        full_name="Tess Teacher",
        email="tess@example.org",
    )
    return agency, teacher


@pytest.fixture
def childrens(cast):
    """Children's Services: nobody on the case, one safeguarding lead."""
    agency = AgencyFactory(partnership=cast.case.partnership, name="Children's Services")
    lead = UserFactory(
        partnership=cast.case.partnership,
        full_name="Sam Lead",
        email="sam.lead@example.org",
        roles=[(Role.SAFEGUARDING_LEAD, agency)],
    )
    return agency, lead


def _send(case, agency_ids, **overrides):
    arguments = {
        "case": case,
        "agency_ids": agency_ids,
        "kind": RequestKind.SCOPING,
        "title": "Initial scoping return",
        "instructions": "Cover the last two years.",
        "due": DUE,
        "secure_records": True,
    }
    return services.requests_send(**arguments | overrides)


class TestNobodyOnTheCase:
    def test_the_request_reaches_the_agencys_safeguarding_lead_who_joins_the_case(
        self, client, cast, childrens
    ):
        agency, lead = childrens
        [request] = _send(cast.case, [agency.pk])
        assert list(request.recipients.all()) == [lead]
        membership = CaseMembership.objects.get(case=cast.case, person=lead)
        assert membership.capacity == Capacity.AGENCY_REPRESENTATIVE
        assert membership.agency == agency
        assert [m.to for m in mail.outbox] == [[lead.email]]
        client.force_login(lead)
        detail = reverse("agencyrequests:detail", args=[cast.case.reference, request.pk])
        page = client.get(detail).content.decode()
        assert "Your agency&#x27;s return" in page  # they may answer it
        # They may open the case: its address leads them on to the case's page.
        opened = client.get(reverse("cases:detail", args=[cast.case.reference]))
        assert opened.status_code == 302
        assert opened["Location"] == case_url(cast.case)

    def test_with_no_lead_the_send_is_refused_with_a_message_and_nothing_written(
        self, cast, agencies, education
    ):
        agency, _teacher = education
        memberships = CaseMembership.objects.count()
        with pytest.raises(ValidationError) as refused:
            _send(cast.case, [agencies.police.pk, agency.pk])
        assert NOBODY in refused.value.message_dict[name_field(agency.pk)][0]
        assert "Name a person to represent Education Services" in str(refused.value)
        assert not AgencyRequest.objects.exists()  # not even the police's request
        assert CaseMembership.objects.count() == memberships
        assert mail.outbox == []

    def test_once_a_person_is_named_the_send_goes_to_them_and_they_join_the_case(
        self, cast, education
    ):
        agency, teacher = education
        [request] = _send(cast.case, [agency.pk], named={agency.pk: teacher})
        assert list(request.recipients.all()) == [teacher]
        assert CaseMembership.objects.get(case=cast.case, person=teacher).agency == agency
        assert [m.to for m in mail.outbox] == [[teacher.email]]

    def test_only_one_of_the_agencys_active_people_may_be_named(self, cast, education):
        agency, _teacher = education
        stranger = UserFactory(partnership=cast.case.partnership)
        with pytest.raises(ValidationError) as refused:
            _send(cast.case, [agency.pk], named={agency.pk: stranger})
        assert refused.value.message_dict[name_field(agency.pk)] == [
            "Choose one of Education Services's active people."
        ]
        assert not AgencyRequest.objects.exists()

    @pytest.mark.parametrize("capacity", [Capacity.OBSERVER, Capacity.REFERRER])
    def test_a_lead_on_the_case_only_to_read_it_is_asked_and_represents_the_agency(
        self, cast, childrens, capacity
    ):
        """Found on a walk: the school's safeguarding lead, on the case as its referrer, was
        the school's only person, and the scoping could not be sent at all."""
        agency, lead = childrens
        MembershipFactory(case=cast.case, person=lead, capacity=capacity, agency=None)
        [request] = _send(cast.case, [agency.pk])
        assert list(request.recipients.all()) == [lead]
        membership = CaseMembership.objects.get(case=cast.case, person=lead)
        assert (membership.capacity, membership.agency) == (Capacity.AGENCY_REPRESENTATIVE, agency)

    def test_a_lead_representing_another_agency_cannot_answer_so_is_not_asked(
        self, cast, childrens, agencies
    ):
        agency, lead = childrens
        MembershipFactory(
            case=cast.case, person=lead, capacity=Capacity.AGENCY_REPRESENTATIVE,
            agency=agencies.police,
        )  # fmt: skip
        with pytest.raises(ValidationError, match="Nobody can be asked for Children"):
            _send(cast.case, [agency.pk])

    def test_the_representative_on_the_case_is_asked_not_the_lead(self, cast, agencies):
        UserFactory(
            partnership=cast.case.partnership, roles=[(Role.SAFEGUARDING_LEAD, agencies.police)]
        )
        [request] = _send(cast.case, [agencies.police.pk])
        assert list(request.recipients.all()) == [agencies.police_rep]


class TestSendPage:
    def _post(self, client, cast, agency_ids, **extra):
        data = {
            "kind": RequestKind.SCOPING,
            "title": "Initial scoping return",
            "due_0": str(DUE.day),
            "due_1": str(DUE.month),
            "due_2": str(DUE.year),
            "agencies": agency_ids,
        }
        url = reverse("agencyrequests:new", args=[cast.case.reference])
        return client.post(url, data | extra)

    def test_the_form_asks_for_a_name_then_the_confirmation_lists_who_was_asked(
        self, client, cast, agencies, education, childrens
    ):
        agency, teacher = education
        council, lead = childrens
        client.force_login(cast.member)
        page = self._post(client, cast, [agencies.police.pk, agency.pk, council.pk])
        assert page.status_code == 200
        assert NOBODY in page.content.decode()
        assert "Who represents Education Services on this case?" in page.content.decode()
        assert not AgencyRequest.objects.exists()
        response = self._post(
            client,
            cast,
            [agencies.police.pk, agency.pk, council.pk],
            **{name_field(agency.pk): teacher.pk},
        )
        assert response.status_code == 302
        [message] = [str(m) for m in get_messages(response.wsgi_request)]
        rep = agencies.police_rep
        assert f"Demoshire Police: {rep.full_name} ({rep.email})" in message
        assert f"Education Services: Tess Teacher ({teacher.email})" in message
        assert f"Children's Services: Sam Lead ({lead.email})" in message

    def test_a_name_is_offered_where_the_lead_cannot_answer(self, client, cast, childrens):
        """The lead represents another agency on the case: the form offers a name."""
        _agency, lead = childrens
        MembershipFactory(
            case=cast.case, person=lead, capacity=Capacity.AGENCY_REPRESENTATIVE,
            agency=cast.case.partnership.agencies.exclude(pk=_agency.pk).first()
            or AgencyFactory(partnership=cast.case.partnership),
        )  # fmt: skip
        client.force_login(cast.member)
        page = client.get(reverse("agencyrequests:new", args=[cast.case.reference]))
        assert "Who represents Children&#x27;s Services on this case?" in page.content.decode()

    def test_the_request_page_shows_its_recipients(self, client, cast, childrens):
        agency, _lead = childrens
        [request] = _send(cast.case, [agency.pk])
        client.force_login(cast.member)
        page = client.get(reverse("agencyrequests:detail", args=[cast.case.reference, request.pk]))
        assert "Sam Lead (sam.lead@example.org)" in page.content.decode()


class TestAddAgenciesLater:
    def test_more_agencies_get_the_scoping_batchs_title_instructions_and_due_date(
        self, client, cast, agencies, childrens
    ):
        agency, lead = childrens
        _send(cast.case, [agencies.police.pk])
        url = reverse("agencyrequests:add", args=[cast.case.reference]) + "?kind=scoping"
        client.force_login(cast.member)
        page = client.get(url).content.decode()
        assert "Ask more agencies for “Initial scoping return”" in page
        assert "Demoshire Police" not in page  # already asked
        response = client.post(url, {"agencies": [agency.pk, agencies.icb.pk]})
        assert response.status_code == 302
        added = AgencyRequest.objects.filter(agency__in=[agency, agencies.icb])
        assert {(r.title, r.instructions, r.due, r.secure_records_requested) for r in added} == {
            ("Initial scoping return", "Cover the last two years.", DUE, True)
        }
        assert list(added.get(agency=agency).recipients.all()) == [lead]
        [message] = [str(m) for m in get_messages(response.wsgi_request)]
        assert "Children's Services: Sam Lead (sam.lead@example.org)" in message

    def test_a_new_due_date_may_be_given_and_an_agency_is_not_asked_twice(self, cast, agencies):
        _send(cast.case, [agencies.police.pk])
        later = DUE + datetime.timedelta(days=7)
        [added] = services.requests_add(
            case=cast.case, kind="scoping", agency_ids=[agencies.icb.pk], due=later
        )
        assert added.due == later
        with pytest.raises(ValidationError, match="already asked"):
            services.requests_add(case=cast.case, kind="scoping", agency_ids=[agencies.police.pk])

    def test_audit_returns_and_action_updates_are_added_on_their_own_pages(self, client, cast):
        client.force_login(cast.member)
        url = reverse("agencyrequests:add", args=[cast.case.reference])
        assert client.get(url + "?kind=audit_return").status_code == 404
        assert client.get(url + "?kind=imr").status_code == 404  # nothing asked yet

    def test_only_managers_may_add_agencies(self, client, cast, agencies):
        _send(cast.case, [agencies.police.pk])
        url = reverse("agencyrequests:add", args=[cast.case.reference]) + "?kind=scoping"
        for person, status in [
            (cast.read_only_member, 403),
            (cast.outsider, 404),
            (cast.stranger, 404),
        ]:
            client.force_login(person)
            assert client.get(url).status_code == status


class TestChaseNow:
    def test_chase_now_emails_at_once_and_is_recorded(self, client, cast, agencies):
        [request] = _send(cast.case, [agencies.police.pk])
        mail.outbox.clear()
        client.force_login(cast.member)
        url = reverse("agencyrequests:chase", args=[cast.case.reference, request.pk])
        response = client.post(url)
        assert response.status_code == 302
        [message] = [str(m) for m in get_messages(response.wsgi_request)]
        rep = agencies.police_rep
        assert message == f"A reminder has been sent to {rep.full_name} ({rep.email})."
        assert [m.to for m in mail.outbox] == [[rep.email]]
        chase = Chase.objects.get(request=request)
        assert chase.chased_by == cast.member
        assert Notification.objects.filter(kind="request_chased", to_email=rep.email).exists()
        assert AuditEvent.objects.filter(
            object_type="agencyrequests.chase", object_id=str(chase.pk), action="create"
        ).exists()
        page = client.get(reverse("agencyrequests:detail", args=[cast.case.reference, request.pk]))
        assert f"chased {rep.full_name} ({rep.email})" in page.content.decode()

    def test_an_answered_request_is_not_chased(self, cast, agencies):
        [request] = _send(cast.case, [agencies.police.pk])
        AgencyRequest.objects.filter(pk=request.pk).update(status=RequestStatus.SUBMITTED)
        request.refresh_from_db()
        mail.outbox.clear()
        with pytest.raises(ValidationError, match="submitted: there is nothing to chase"):
            services.request_chase(request=request, user=cast.member)
        assert not Chase.objects.exists() and mail.outbox == []

    def test_only_whoever_runs_the_case_may_chase(self, client, cast, agencies):
        [request] = _send(cast.case, [agencies.police.pk])
        with pytest.raises(PermissionDenied):
            services.request_chase(request=request, user=agencies.police_rep)
        url = reverse("agencyrequests:chase", args=[cast.case.reference, request.pk])
        for person, status in [
            (cast.read_only_member, 403),
            (cast.outsider, 404),
            (cast.stranger, 404),
        ]:
            client.force_login(person)
            assert client.post(url).status_code == status
        assert not Chase.objects.exists()


class TestWaitingFor:
    def test_the_person_asked_sees_the_request_on_my_work_with_its_page(self, cast, childrens):
        agency, lead = childrens
        [request] = _send(cast.case, [agency.pk])
        [item] = requests_waiting_for(lead)
        assert item == WorkItem(
            kind="request",
            title="Children's Services: Initial scoping return",
            url=reverse("agencyrequests:detail", args=[cast.case.reference, request.pk]),
            due=DUE,
            case_reference=cast.case.reference,
            case_title=cast.case.display_title,
            why="Children's Services is asked, and you answer for it",
            overdue=False,
        )

    def test_the_agencys_lead_sees_what_it_owes_and_may_open_the_request(
        self, client, cast, agencies
    ):
        lead = UserFactory(
            partnership=cast.case.partnership, roles=[(Role.SAFEGUARDING_LEAD, agencies.police)]
        )
        [request] = _send(cast.case, [agencies.police.pk], due=TODAY)
        AgencyRequest.objects.filter(pk=request.pk).update(due=TODAY - datetime.timedelta(1))
        [item] = requests_waiting_for(lead)
        assert item.overdue and item.why == "You are Demoshire Police's safeguarding lead"
        client.force_login(lead)
        assert client.get(item.url).status_code == 200
        assert requests_waiting_for(cast.outsider) == []

    def test_an_answered_request_leaves_the_list(self, cast, agencies):
        [request] = _send(cast.case, [agencies.police.pk])
        assert len(requests_waiting_for(agencies.police_rep)) == 1
        AgencyRequest.objects.filter(pk=request.pk).update(status=RequestStatus.SUBMITTED)
        assert requests_waiting_for(agencies.police_rep) == []


class TestOneAgencyEach:
    def test_a_lead_of_two_agencies_with_nobody_is_asked_for_one_and_a_name_is_asked_for_the_other(
        self, cast
    ):
        """One person represents one agency on a case: the second agency needs a name."""
        partnership = cast.case.partnership
        first = AgencyFactory(partnership=partnership, name="Alpha Academy")
        second = AgencyFactory(partnership=partnership, name="Beta School")
        lead = UserFactory(
            partnership=partnership,
            roles=[(Role.SAFEGUARDING_LEAD, first), (Role.SAFEGUARDING_LEAD, second)],
        )
        with pytest.raises(ValidationError) as refused:
            _send(cast.case, [first.pk, second.pk])
        assert refused.value.message_dict == {
            name_field(second.pk): [
                f"Nobody can be asked for Beta School: its safeguarding lead ({lead}) is on "
                "this case in another role. Name a person to represent Beta School on this case."
            ]
        }
        assert not CaseMembership.objects.filter(person=lead).exists()
        teacher = UserFactory(partnership=partnership, agency=second)
        sent = _send(cast.case, [first.pk, second.pk], named={second.pk: teacher})
        assert {r.agency: list(r.recipients.all()) for r in sent} == {
            first: [lead],
            second: [teacher],
        }
