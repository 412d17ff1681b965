"""Requests to agencies: sending, answering, accepting and sending back, as services."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from lantern.agencyrequests import services
from lantern.agencyrequests.models import AgencyRequest, RequestKind, RequestStatus
from lantern.audit.models import AuditEvent
from lantern.cases.models import CaseStatus
from lantern.notifications.models import Notification
from tests.factories import AgencyFactory, PartnershipFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _send(cast, agencies, **overrides):
    arguments = {
        "case": cast.case,
        "agency_ids": [agencies.police.pk, agencies.icb.pk],
        "kind": RequestKind.SCOPING,
        "title": "Initial scoping return",
        "instructions": "Cover the last two years.",
        "due": TODAY + datetime.timedelta(days=4),  # a Friday: due dates fall on working days
        "secure_records": True,
    }
    arguments.update(overrides)
    return services.requests_send(**arguments)


class TestRequestsSend:
    def test_one_request_per_agency_and_an_email_to_each_representative(self, cast, agencies):
        sent = _send(cast, agencies)
        assert {r.agency for r in sent} == {agencies.police, agencies.icb}
        assert all(r.status == RequestStatus.SENT and r.sent_on == TODAY for r in sent)
        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            [agencies.police_rep.email, agencies.icb_rep.email]
        )
        police_mail = next(m for m in mail.outbox if m.to == [agencies.police_rep.email])
        assert "secure your agency's records" in police_mail.body
        assert cast.case.subject.full_name not in police_mail.body
        assert Notification.objects.filter(case=cast.case, kind="request_sent").count() == 2

    def test_sending_is_on_the_audit_trail(self, cast, agencies):
        _send(cast, agencies)
        assert (
            AuditEvent.objects.filter(
                action="create", object_type="agencyrequests.agencyrequest"
            ).count()
            == 2
        )

    @pytest.mark.parametrize(
        "overrides, field",
        [
            ({"agency_ids": []}, "agencies"),
            ({"title": "   "}, "title"),
            ({"kind": "gossip"}, "kind"),
            ({"due": TODAY - datetime.timedelta(days=1)}, "due"),
        ],
    )
    def test_invalid_request_is_refused_and_changes_nothing(self, cast, agencies, overrides, field):
        with pytest.raises(ValidationError) as refused:
            _send(cast, agencies, **overrides)
        assert field in refused.value.message_dict
        assert not AgencyRequest.objects.exists()
        assert mail.outbox == []

    def test_agency_of_another_partnership_is_refused(self, cast, agencies):
        elsewhere = AgencyFactory(partnership=PartnershipFactory())
        with pytest.raises(ValidationError) as refused:
            _send(cast, agencies, agency_ids=[agencies.police.pk, elsewhere.pk])
        assert "agencies" in refused.value.message_dict
        assert not AgencyRequest.objects.exists()

    def test_same_request_twice_is_refused(self, cast, agencies):
        _send(cast, agencies)
        with pytest.raises(ValidationError) as refused:
            _send(cast, agencies, agency_ids=[agencies.police.pk])
        assert "already have a request" in refused.value.message_dict["title"][0]
        assert AgencyRequest.objects.count() == 2

    def test_closed_case_takes_no_requests(self, cast, agencies):
        cast.case.status = CaseStatus.CLOSED
        cast.case.save()
        with pytest.raises(ValidationError):
            _send(cast, agencies)
        assert not AgencyRequest.objects.exists()


class TestAnswering:
    def test_draft_keeps_the_answer_and_marks_it_in_progress(self, police_request, agencies):
        services.request_save_draft(
            request=police_request, user=agencies.police_rep, response="Half done"
        )
        police_request.refresh_from_db()
        assert police_request.status == RequestStatus.IN_PROGRESS
        assert police_request.response == "Half done"

    def test_submit_without_an_answer_is_refused(self, police_request, agencies):
        with pytest.raises(ValidationError) as refused:
            services.request_submit(
                request=police_request, user=agencies.police_rep, response=" ", records_secured=True
            )
        assert "response" in refused.value.message_dict
        police_request.refresh_from_db()
        assert police_request.status == RequestStatus.SENT

    def test_records_secured_must_be_confirmed_when_asked(self, police_request, agencies):
        with pytest.raises(ValidationError) as refused:
            services.request_submit(
                request=police_request,
                user=agencies.police_rep,
                response="Our return",
                records_secured=False,
            )
        assert "records_secured" in refused.value.message_dict
        police_request.refresh_from_db()
        assert police_request.status == RequestStatus.SENT
        assert police_request.response == ""

    def test_submit_records_who_confirmed_records_secured(self, cast, police_request, agencies):
        services.request_submit(
            request=police_request,
            user=agencies.police_rep,
            response="Our return",
            records_secured=True,
        )
        police_request.refresh_from_db()
        assert police_request.status == RequestStatus.SUBMITTED
        assert police_request.submitted_by == agencies.police_rep
        assert police_request.records_secured_confirmed_by == agencies.police_rep
        assert police_request.records_secured_confirmed_at is not None
        # The case lead hears that it came in.
        assert [m.to for m in mail.outbox] == [[cast.member.email]]

    def test_no_confirmation_needed_when_records_were_not_asked_for(self, cast, agencies):
        from .conftest import make_request

        request = make_request(cast.case, agencies.icb)
        services.request_submit(
            request=request, user=agencies.icb_rep, response="Ours", records_secured=False
        )
        assert request.status == RequestStatus.SUBMITTED

    def test_another_agencys_representative_is_refused(self, police_request, agencies):
        with pytest.raises(PermissionDenied):
            services.request_submit(
                request=police_request, user=agencies.icb_rep, response="x", records_secured=True
            )
        with pytest.raises(PermissionDenied):
            services.request_save_draft(request=police_request, user=agencies.icb_rep, response="x")
        police_request.refresh_from_db()
        assert police_request.response == ""

    def test_read_only_member_is_refused(self, cast, police_request):
        with pytest.raises(PermissionDenied):
            services.request_save_draft(
                request=police_request, user=cast.read_only_member, response="x"
            )

    def test_case_lead_may_answer_for_any_agency(self, cast, police_request):
        services.request_save_draft(request=police_request, user=cast.member, response="For them")
        assert police_request.status == RequestStatus.IN_PROGRESS

    def test_a_submitted_return_cannot_be_changed(self, police_request, agencies):
        services.request_submit(
            request=police_request, user=agencies.police_rep, response="Ours", records_secured=True
        )
        with pytest.raises(ValidationError):
            services.request_save_draft(
                request=police_request, user=agencies.police_rep, response="Changed"
            )
        police_request.refresh_from_db()
        assert police_request.response == "Ours"


@pytest.fixture
def submitted(police_request, agencies):
    services.request_submit(
        request=police_request, user=agencies.police_rep, response="Ours", records_secured=True
    )
    mail.outbox.clear()
    return police_request


class TestReviewing:
    def test_business_manager_accepts(self, cast, submitted, agencies):
        services.request_accept(request=submitted, user=cast.business_manager)
        submitted.refresh_from_db()
        assert submitted.status == RequestStatus.ACCEPTED
        assert submitted.reviewed_by == cast.business_manager
        assert [m.to for m in mail.outbox] == [[agencies.police_rep.email]]

    def test_case_lead_returns_with_reasons(self, cast, submitted, agencies):
        services.request_return(request=submitted, user=cast.member, reason="Add the chronology.")
        submitted.refresh_from_db()
        assert submitted.status == RequestStatus.RETURNED
        assert submitted.returned_reason == "Add the chronology."
        assert "Add the chronology." in mail.outbox[0].body
        # Sent back, it can be answered again; records stay confirmed.
        services.request_submit(
            request=submitted, user=agencies.police_rep, response="Better", records_secured=False
        )
        assert submitted.status == RequestStatus.SUBMITTED

    def test_return_without_reasons_is_refused(self, cast, submitted):
        with pytest.raises(ValidationError) as refused:
            services.request_return(request=submitted, user=cast.member, reason="  ")
        assert "reason" in refused.value.message_dict
        submitted.refresh_from_db()
        assert submitted.status == RequestStatus.SUBMITTED

    @pytest.mark.parametrize("who", ["read_only_member", "outsider", "stranger"])
    def test_only_managers_accept(self, cast, submitted, who):
        with pytest.raises(PermissionDenied):
            services.request_accept(request=submitted, user=getattr(cast, who))
        submitted.refresh_from_db()
        assert submitted.status == RequestStatus.SUBMITTED

    def test_representative_cannot_accept_their_own_return(self, submitted, agencies):
        with pytest.raises(PermissionDenied):
            services.request_accept(request=submitted, user=agencies.police_rep)

    def test_only_a_submitted_return_is_accepted(self, cast, police_request):
        with pytest.raises(ValidationError):
            services.request_accept(request=police_request, user=cast.member)
        police_request.refresh_from_db()
        assert police_request.status == RequestStatus.SENT
