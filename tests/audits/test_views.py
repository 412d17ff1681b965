"""Audit pages: every view tried with the four people (a member who may, a member who may
only read, an outsider of the same partnership, a user of another partnership)."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from lantern.agencyrequests.models import AgencyRequest
from lantern.agencyrequests.recipients import name_field
from lantern.audits import returns, selection, services
from lantern.audits.models import Audit, AuditReturn, Draw, Question
from tests.factories import AgencyFactory, UserFactory

from .conftest import QAP_ON, REFERENCES, TODAY
from .conftest import four as _four
from .conftest import url as _url

pytestmark = pytest.mark.django_db


def _ready(audit, user):
    services.question_add(audit=audit, text="How was the child heard?", kind="open")
    services.tool_finalise(audit=audit)
    selection.cases_draw(audit=audit, user=user, references_text=REFERENCES)


def test_audit_page_with_timetable_is_read_by_members_and_hidden_from_outsiders(client, audit_cast):
    _four(client, audit_cast, _url("audit", audit_cast.case), [200, 200, 404, 404])
    client.force_login(audit_cast.read_only_member)
    body = client.get(_url("audit", audit_cast.case)).content.decode()
    assert "Cases randomly selected" in body and "Neglect" in body
    assert "Build the audit tool" not in body


def test_programme_lists_the_years_audits_each_person_may_read(client, audit_cast):
    url = reverse("audits:programme")
    seen = []
    for person in [audit_cast.member, audit_cast.read_only_member, audit_cast.outsider,
                   audit_cast.stranger, audit_cast.business_manager]:  # fmt: skip
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        seen.append(audit_cast.case.reference in response.content.decode())
    assert seen == [True, True, False, False, True]
    client.force_login(audit_cast.member)
    assert audit_cast.case.reference not in client.get(url, {"year": 2025}).content.decode()


def test_programme_query_count_stays_flat(client, audit_cast, django_assert_num_queries):
    client.force_login(audit_cast.business_manager)
    client.get(reverse("audits:programme"))
    # session, user, two-factor device, partnership, roles, the count of audits and
    # the page of them (case and theme lead joined); no session write (issue 13)
    with django_assert_num_queries(7):
        client.get(reverse("audits:programme"))
    for n in range(3):
        services.audit_open(
            partnership=audit_cast.case.partnership, theme=f"Theme {n}",
            theme_lead=audit_cast.member, scope="s", kind="adults", qap_meeting_on=QAP_ON,
        )  # fmt: skip
    with django_assert_num_queries(7):
        client.get(reverse("audits:programme"))


def test_opening_an_audit_is_for_the_business_unit(client, audit_cast):
    url = reverse("audits:new")
    # The stranger is a Business Manager of another partnership: opens audits only there.
    _four(client, audit_cast, url, [403, 403, 403, 200])
    client.force_login(audit_cast.business_manager)
    data = {
        "theme": "Exploitation", "theme_lead": audit_cast.outsider.pk, "scope": "Teenagers",
        "kind": "children", "qap_meeting_on_0": "8", "qap_meeting_on_1": "6",
        "qap_meeting_on_2": "2026", "cases_to_draw": "4",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    audit = Audit.objects.get(theme="Exploitation")
    assert audit.case.memberships.get().person == audit_cast.outsider
    body = client.post(url, {"theme": ""}).content.decode()
    assert "Enter the theme of the audit." in body


def test_tool_builder_four_people_add_copy_remove_and_finalise(client, audit_cast):
    case = audit_cast.case
    _four(client, audit_cast, _url("tool", case), [200, 403, 404, 404])
    client.force_login(audit_cast.member)
    body = client.get(_url("tool", case)).content.decode()
    assert 'id="id_question-text"' in body and 'id="id_copy-source"' in body
    data = {"question-text": "Was the voice heard?", "question-kind": "open"}
    assert client.post(_url("tool", case), data).status_code == 302
    question = Question.objects.get()
    body = client.post(_url("tool", case), {"copy-source": ""}).content.decode()
    assert "Choose the audit to copy from." in body
    remove = _url("question_remove", case, question.pk)
    _four(client, audit_cast, remove, [302, 403, 404, 404], method="post")
    assert not Question.objects.exists()
    client.force_login(audit_cast.member)
    client.post(_url("tool", case), data)
    _four(client, audit_cast, _url("finalise", case), [302, 403, 404, 404], method="post")
    assert Audit.objects.get().tool_finalised_on is not None


def test_draw_page_four_people_and_errors_shown(client, audit_cast):
    case = audit_cast.case
    _four(client, audit_cast, _url("draw", case), [200, 403, 404, 404])
    client.force_login(audit_cast.member)
    body = client.post(_url("draw", case), {"references": "C-1\nJo Bloggs", "count": "4"})
    assert "looks like a name" in body.content.decode()
    response = client.post(_url("draw", case), {"references": REFERENCES, "count": "4"})
    assert response.status_code == 302 and Draw.objects.get().drawn_by == audit_cast.member
    body = client.get(_url("audit", case)).content.decode()
    assert "re-run: the same cases" in body


def test_the_eligible_list_may_be_uploaded_as_csv_or_text(client, audit_cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = audit_cast.case
    client.force_login(audit_cast.member)
    csv_list = SimpleUploadedFile(
        "eligible.csv", b"reference,agency\nC-201,Council\nC-202,Police\nC-203,Council\n"
    )
    response = client.post(_url("draw", case), {"references_file": csv_list, "count": "2"})
    assert response.status_code == 302
    assert Draw.objects.get().eligible == ["C-201", "C-202", "C-203"]


def test_a_bad_uploaded_list_is_refused_with_a_message_and_nothing_drawn(client, audit_cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = audit_cast.case
    client.force_login(audit_cast.member)
    cases = [
        ({"references_file": SimpleUploadedFile("list.pdf", b"%PDF")}, "CSV or a text"),
        ({"references_file": SimpleUploadedFile("list.txt", b"\xff\xfe\x00")}, "UTF-8"),
        ({"references_file": SimpleUploadedFile("list.txt", b"C-1\nJo Bloggs\n")}, "a name"),
        (
            {"references": "C-1", "references_file": SimpleUploadedFile("l.txt", b"C-2\n")},
            "not both",
        ),
        ({}, "or upload a list"),
    ]
    for data, message in cases:
        body = client.post(_url("draw", case), {**data, "count": "1"}).content.decode()
        assert message in body, message
    assert not Draw.objects.exists()


def test_send_page_four_people_sends_the_template(client, audit_cast):
    case = audit_cast.case
    audit = Audit.objects.get()
    _ready(audit, audit_cast.member)
    _four(client, audit_cast, _url("send", case), [200, 403, 404, 404])
    client.force_login(audit_cast.member)
    council = case.partnership.agencies.get(name="Council")
    police = AgencyFactory(partnership=case.partnership, name="Police")
    body = client.get(_url("send", case)).content.decode()
    selected = list(selection.current_draw(audit).selected)
    assert all(f"Agencies involved in case {r}" in body for r in selected)
    # Every case needs an agency: the page names the one left out, and nothing is sent.
    data = {"case_0": [council.pk], "case_1": [council.pk], "case_2": [council.pk, police.pk]}
    data |= {"due_0": "1", "due_1": "4", "due_2": "2026"}
    body = client.post(_url("send", case), data).content.decode()
    assert f"Choose the agencies involved in case {selected[3]}." in body
    assert not AuditReturn.objects.exists() and not AgencyRequest.objects.exists()
    data["case_3"] = [police.pk]
    # The police have nobody on the audit and no safeguarding lead: the sender names one.
    officer = UserFactory(partnership=case.partnership, agency=police, full_name="Pc Officer")
    body = client.post(_url("send", case), data).content.decode()
    assert "Nobody can be asked for Police" in body
    assert "Who represents Police on this case?" in body
    assert not AuditReturn.objects.exists() and not AgencyRequest.objects.exists()
    response = client.post(_url("send", case), data | {name_field(police.pk): officer.pk})
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    lead = council.role_assignments.get().person
    assert f"Council: Council Lead ({lead.email})" in message
    assert f"Police: Pc Officer ({officer.email})" in message
    assert AuditReturn.objects.count() == 5  # only where each agency was involved
    assert set(
        AuditReturn.objects.filter(agency=police).values_list("case_reference", flat=True)
    ) == {selected[2], selected[3]}
    assert {r.due for r in AgencyRequest.objects.all()} == {datetime.date(2026, 4, 1)}


def test_return_page_four_people_draft_and_per_question_errors(client, audit_cast):
    case = audit_cast.case
    audit = Audit.objects.get()
    _ready(audit, audit_cast.member)
    agency = case.partnership.agencies.get(name="Council")
    returns.template_send(audit=audit, agency_ids=[agency.pk])
    ret = AuditReturn.objects.first()
    url = _url("return", case, ret.pk)
    _four(client, audit_cast, url, [200, 403, 404, 404])
    client.force_login(audit_cast.member)
    field = f"q{audit.questions.get().pk}"
    response = client.post(url, {field: "yes", "impact": "Fewer missed visits.", "submit": "1"})
    body = response.content.decode()
    assert response.status_code == 200 and "Question 1 is an open question" in body
    assert "Your answers are saved as a draft" in body
    # The refused submission is kept as the agency's draft: nothing they typed is lost.
    ret.refresh_from_db()
    assert ret.status == "draft" and ret.answers == {field[1:]: "yes"}
    assert ret.impact == "Fewer missed visits."
    body = client.post(url, {field: "Seen alone.", "submit": "1"}).content.decode()
    assert "evidence of the impact" in body
    assert client.post(url, {field: "yes", "draft": "1"}).status_code == 302
    ret.refresh_from_db()
    assert ret.status == "draft" and ret.answers == {field[1:]: "yes"}
    data = {field: "Seen alone.", "impact": "Child safer.", "submit": "1"}
    assert client.post(url, data).status_code == 302
    ret.refresh_from_db()
    assert ret.status == "submitted"


def test_audit_page_shows_each_returns_due_date_and_the_overdue_ones(client, audit_cast):
    case = audit_cast.case
    audit = Audit.objects.get()
    _ready(audit, audit_cast.member)
    agency = case.partnership.agencies.get(name="Council")
    returns.template_send(audit=audit, agency_ids=[agency.pk], due=TODAY)
    client.force_login(audit_cast.read_only_member)
    body = client.get(_url("audit", case)).content.decode()
    assert body.count(f"{TODAY:%-d %b %Y}") >= 4 and "Overdue" not in body
    with time_machine.travel(TODAY + datetime.timedelta(days=1), tick=False):
        client.force_login(audit_cast.read_only_member)  # yesterday's session has expired
        body = client.get(_url("audit", case)).content.decode()
    assert body.count('govuk-tag--red">Overdue') == 4  # all four cases' returns are late


def test_the_navigation_offers_the_audit_programme_to_everyone_in_the_partnership(
    client, audit_cast
):
    programme = reverse("audits:programme")
    link = f'<a class="govuk-service-navigation__link" href="{programme}"'
    client.force_login(audit_cast.outsider)  # may see the programme, if not this audit
    body = client.get(reverse("web:dashboard")).content.decode()
    assert link + ">" in body
    body = client.get(programme).content.decode()
    assert link + ' aria-current="page">' in body
    client.force_login(audit_cast.member)
    body = client.get(_url("audit", audit_cast.case)).content.decode()
    assert link + ' aria-current="true">' in body  # within the audits section
