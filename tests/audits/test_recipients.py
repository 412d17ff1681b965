"""The audit template always reaches someone, and agencies are added to returns later.

The issue's reproduction: a new audit, cases drawn, the template sent to an agency with
nobody on the audit. Its safeguarding lead is asked, joins the audit and can open it."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError

from lantern.accounts.models import Role
from lantern.agencyrequests.models import AgencyRequest, RequestStatus
from lantern.agencyrequests.recipients import name_field
from lantern.audits import returns, selection, services
from lantern.audits.models import Audit, AuditReturn
from lantern.cases.models import Capacity, CaseMembership
from lantern.clock.models import CaseStep
from tests.factories import AgencyFactory, UserFactory

from .conftest import REFERENCES, answer_all, four, url

pytestmark = pytest.mark.django_db


def _lead_of(agency):
    return agency.role_assignments.get(role=Role.SAFEGUARDING_LEAD).person


def test_the_template_reaches_the_agencys_lead_who_can_open_the_audit_and_request(
    client, ready, agencies
):
    council = agencies["Council"]
    lead = _lead_of(council)
    [request] = returns.template_send(audit=ready, agency_ids=[council.pk])
    assert list(request.recipients.all()) == [lead]
    member = CaseMembership.objects.get(case=ready.case, person=lead)
    assert (member.capacity, member.agency) == (Capacity.AGENCY_REPRESENTATIVE, council)
    assert [m.to for m in mail.outbox] == [[lead.email]]
    client.force_login(lead)
    assert client.get(url("audit", ready.case)).status_code == 200
    detail = f"/cases/{ready.case.reference}/requests/{request.pk}/"
    assert client.get(detail).status_code == 200
    ret = AuditReturn.objects.filter(agency=council).first()
    assert client.get(url("return", ready.case, ret.pk)).status_code == 200


def test_with_no_lead_the_template_is_refused_with_the_message_then_sent_once_named(ready):
    schools = AgencyFactory(partnership=ready.case.partnership, name="Schools")
    teacher = UserFactory(partnership=ready.case.partnership, agency=schools)
    with pytest.raises(ValidationError) as refused:
        returns.template_send(audit=ready, agency_ids=[schools.pk])
    assert refused.value.message_dict[name_field(schools.pk)] == [
        "Nobody can be asked for Schools: it has no representative on this case and no "
        "safeguarding lead. Name a person to represent Schools on this case."
    ]
    assert not AgencyRequest.objects.exists() and not AuditReturn.objects.exists()
    step = CaseStep.objects.get(case=ready.case, step_id="template-sent")
    assert step.done_on is None and mail.outbox == []
    [request] = returns.template_send(
        audit=ready, agency_ids=[schools.pk], named={schools.pk: teacher}
    )
    assert list(request.recipients.all()) == [teacher]
    assert AuditReturn.objects.filter(agency=schools).count() == 4


def _sent_to_council_only(audit, agencies):
    selected = audit.draws.get().selected
    involved = {reference: [agencies["Council"].pk] for reference in selected}
    returns.template_send(audit=audit, involved=involved)
    return selected


def test_an_agency_is_added_to_a_cases_returns_with_its_own_request(ready, agencies):
    selected = _sent_to_council_only(ready, agencies)
    police = agencies["Police"]
    mail.outbox.clear()
    request = returns.return_add(audit=ready, case_reference=selected[0], agency_id=police.pk)
    council_request = AgencyRequest.objects.get(agency=agencies["Council"])
    assert (request.title, request.due) == (council_request.title, council_request.due)
    assert request.asked == [_lead_of(police)]
    assert [m.to for m in mail.outbox] == [[_lead_of(police).email]]
    [ret] = AuditReturn.objects.filter(agency=police)
    assert (ret.case_reference, ret.request) == (selected[0], request)
    with pytest.raises(ValidationError, match="already has a return for case"):
        returns.return_add(audit=ready, case_reference=selected[0], agency_id=police.pk)


def test_an_agency_already_asked_gets_one_more_return_and_answers_again(ready, agencies, manager):
    selected = ready.draws.get().selected
    council = agencies["Council"]
    involved = {reference: [council.pk] for reference in selected[:3]}
    involved[selected[3]] = [agencies["Police"].pk]
    returns.template_send(audit=ready, involved=involved)
    answer_all(ready, manager)
    request = AgencyRequest.objects.get(agency=council)
    assert request.status == RequestStatus.SUBMITTED
    mail.outbox.clear()
    returns.return_add(audit=ready, case_reference=selected[3], agency_id=council.pk)
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS  # one more case to answer
    assert AuditReturn.objects.filter(request=request).count() == 4
    assert [m.to for m in mail.outbox] == [[_lead_of(council).email]]


def test_a_case_not_drawn_is_refused(ready, agencies):
    _sent_to_council_only(ready, agencies)
    with pytest.raises(ValidationError, match="Choose one of the selected cases"):
        returns.return_add(audit=ready, case_reference="X-1", agency_id=agencies["Police"].pk)


def test_the_add_agency_page_four_people_and_confirmation(client, audit_cast):
    case = audit_cast.case
    audit = Audit.objects.get()
    services.question_add(audit=audit, text="What happened?", kind="open")
    services.tool_finalise(audit=audit)
    selection.cases_draw(audit=audit, user=audit_cast.member, references_text=REFERENCES)
    chosen = selection.current_draw(audit).selected[1]
    council = case.partnership.agencies.get(name="Council")
    returns.template_send(audit=audit, agency_ids=[council.pk])
    address = url("return_add", case)
    four(client, audit_cast, address, [200, 403, 404, 404])
    client.force_login(audit_cast.member)
    assert "Add an agency to a case" in client.get(url("audit", case)).content.decode()
    police = AgencyFactory(partnership=case.partnership, name="Police")
    officer = UserFactory(partnership=case.partnership, agency=police, full_name="Pc Officer")
    data = {"case_reference": chosen, "agency": police.pk}
    body = client.post(address, data).content.decode()
    assert "Nobody can be asked for Police" in body
    response = client.post(address, data | {name_field(police.pk): officer.pk})
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == (
        f"Police has been asked about case {chosen}. Asked: Police: Pc Officer ({officer.email})."
    )
    assert AuditReturn.objects.get(agency=police).case_reference == chosen
    due = {r.due for r in AgencyRequest.objects.all()}
    assert len(due) == 1  # due with the Council's returns
