"""The name check page: findings for whoever may read the document; accepting a passage
with a reason for the Business Manager only, recorded and audited, never silent."""

import pytest
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.audit.models import AuditEvent
from lantern.documents.models import NameCheckAcceptance
from lantern.documents.namecheck import name_check, name_check_url
from tests.factories import UserFactory

from .fixtures import upload
from .test_namecheck import stored

pytestmark = pytest.mark.django_db

ROOM = "Minutes were taken in Hall 2 of the council offices."
NAMED = "The school spoke to Tom Hall about it."


@pytest.fixture
def report(cast):
    subject = cast.case.subject
    subject.full_name = "Tom Hall"
    subject.save()
    return upload(
        cast.case, cast.member, title="Final report", kind="final_report",
        name="report.txt", content=f"{ROOM}\n{NAMED}\n".encode(),
    )  # fmt: skip


def _url(report):
    return name_check_url(report, report.case)


def _room_finding(report):
    return next(f for f in name_check(report, report.case) if f.found == ROOM)


def _accept(client, report, reason="“Hall 2” is a meeting room, not the child."):
    finding = _room_finding(report)
    return client.post(_url(report), {"finding": finding.key, "reason": reason})


def test_url_name_is_documents_name_check(report):
    assert _url(report) == reverse("documents:name_check", args=[report.case.reference, report.pk])


@pytest.mark.parametrize(
    "who, status",
    [
        ("business_manager", 200),
        ("member", 200),
        ("read_only_member", 200),
        ("outsider", 404),
        ("stranger", 404),
    ],
)
def test_who_sees_the_findings(client, cast, report, who, status):
    client.force_login(getattr(cast, who))
    response = client.get(_url(report))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Minutes were taken in Hall 2" in page
        assert "The child&#x27;s full name" in page or "The child's full name" in page
        assert "Where" in page and "Text" in page


def test_only_the_business_manager_sees_the_accept_form(client, cast, report):
    client.force_login(cast.business_manager)
    assert "Accept with a reason" in client.get(_url(report)).content.decode()
    client.force_login(cast.member)
    assert "Accept with a reason" not in client.get(_url(report)).content.decode()


def test_reading_the_findings_is_logged_as_a_read_of_the_subject(client, cast, report):
    client.force_login(cast.member)
    client.get(_url(report))
    assert AuditEvent.objects.filter(
        action="read", object_type="cases.subject", object_id=str(cast.case.subject_id)
    ).exists()


@pytest.mark.parametrize(
    "who, status",
    [("member", 403), ("read_only_member", 403), ("outsider", 404), ("stranger", 404)],
)
def test_only_the_business_manager_may_accept(client, cast, report, who, status):
    client.force_login(getattr(cast, who))
    assert _accept(client, report).status_code == status
    assert not NameCheckAcceptance.objects.exists()
    assert len(name_check(report, cast.case)) == 2


def test_business_unit_officer_who_runs_cases_may_not_accept(client, cast, report):
    officer = UserFactory(partnership=cast.case.partnership, roles=[Role.BUSINESS_UNIT_OFFICER])
    client.force_login(officer)
    assert _accept(client, report).status_code == 403
    assert not NameCheckAcceptance.objects.exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_accepting_needs_a_reason(client, cast, report, reason):
    client.force_login(cast.business_manager)
    response = _accept(client, report, reason=reason)
    assert response.status_code == 400
    assert "Enter why this passage does not identify the subject." in response.content.decode()
    assert not NameCheckAcceptance.objects.exists()


def test_accepted_passage_no_longer_blocks_and_is_listed_with_who_why_when(client, cast, report):
    client.force_login(cast.business_manager)
    response = _accept(client, report)
    assert response.status_code == 302 and response.url == _url(report)
    acceptance = NameCheckAcceptance.objects.get()
    assert (acceptance.document, acceptance.accepted_by) == (report, cast.business_manager)
    assert acceptance.passage == ROOM and acceptance.what == "the child's surname"
    remaining = name_check(report, cast.case)
    assert [f.found for f in remaining] == [NAMED]  # the other passage still blocks
    page = client.get(_url(report)).content.decode()
    assert "is a meeting room, not the child." in page
    assert cast.business_manager.full_name in page


def test_acceptance_is_on_the_audit_trail_without_the_passage(client, cast, report):
    client.force_login(cast.business_manager)
    _accept(client, report)
    event = AuditEvent.objects.get(object_type="documents.namecheckacceptance", action="create")
    assert event.actor == cast.business_manager
    assert event.partnership_id == cast.case.partnership_id
    assert event.changes["reason"] == "“Hall 2” is a meeting room, not the child."
    assert event.changes["passage"] == "(confidential)"  # it may name the subject


def test_a_new_finding_still_blocks_after_an_acceptance(client, cast, report):
    client.force_login(cast.business_manager)
    _accept(client, report)
    newer = upload(
        cast.case, cast.member, title="Final report", kind="final_report",
        name="report.txt", content=f"{ROOM}\nHall said so.\n".encode(), supersedes=report,
    )  # fmt: skip
    # Acceptances hold for the version they were given on: the new version is checked
    # afresh, and so is its new passage.
    assert [f.found for f in name_check(newer, cast.case)] == [ROOM]
    newest_text = f"{ROOM}\nWe saw Mr Hall.\n".encode()
    newest = upload(
        cast.case, cast.member, title="Other", kind="final_report", name="r.txt",
        content=newest_text,
    )  # fmt: skip
    assert len(name_check(newest, cast.case)) == 2
    assert len(name_check(report, cast.case)) == 1


def test_a_passage_no_longer_flagged_cannot_be_accepted(client, cast, report):
    client.force_login(cast.business_manager)
    response = client.post(_url(report), {"finding": "0" * 32, "reason": "A reason."})
    assert response.status_code == 400
    assert "not flagged on this version any more" in response.content.decode()
    assert not NameCheckAcceptance.objects.exists()


def test_accepting_twice_is_refused(client, cast, report):
    client.force_login(cast.business_manager)
    finding = _room_finding(report)
    client.post(_url(report), {"finding": finding.key, "reason": "A room."})
    response = client.post(_url(report), {"finding": finding.key, "reason": "Again."})
    assert response.status_code == 400
    assert NameCheckAcceptance.objects.count() == 1


def test_a_format_that_cannot_be_checked_is_explained_on_the_page(client, cast):
    # Stored without the upload's content check (one kept from before it): the page
    # still explains, rather than failing or passing the document.
    document = stored(cast.case, cast.member, "report.odt", b"odt bytes")
    client.force_login(cast.business_manager)
    response = client.get(name_check_url(document, cast.case))
    assert response.status_code == 200
    assert "can check only DOCX, PDF or plain text" in response.content.decode()


def test_document_list_links_each_report_to_its_name_check(client, cast, report):
    client.force_login(cast.member)
    page = client.get(reverse("documents:list", args=[cast.case.reference])).content.decode()
    assert f'href="{_url(report)}"' in page
