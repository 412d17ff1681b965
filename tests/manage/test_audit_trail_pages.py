"""The audit trail is paged with the GOV.UK pagination component, keeping its filters."""

import pytest
from django.urls import reverse

from lantern.audit.context import Actor, acting_as
from lantern.audit.recorder import record_read
from lantern.manage.audit_views import PAGE_SIZE
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
URL = reverse("manage:audit")


def test_pages_of_the_trail_keep_the_filters(client, admin_cast):
    case = CaseFactory(partnership=admin_cast.partnership)
    with acting_as(Actor(user=admin_cast.auditor, ip_address="203.0.113.9", channel="web")):
        for _ in range(PAGE_SIZE + 5):
            record_read(case, what="case")
    client.force_login(admin_cast.auditor)
    first = client.get(URL, {"action": "read"})
    body = first.content.decode()
    assert len(first.context["page"].object_list) == PAGE_SIZE
    assert '<nav class="govuk-pagination" aria-label="Pages of the audit trail">' in body
    assert 'href="?action=read&amp;page=2"' in body
    second = client.get(URL, {"action": "read", "page": 2})
    assert [e.action for e in second.context["page"].object_list] == ["read"] * 5
    assert 'aria-current="page"' in second.content.decode()
    assert client.get(URL, {"action": "read", "page": "nonsense"}).status_code == 200


def test_one_page_shows_no_pagination(client, admin_cast):
    client.force_login(admin_cast.manager)
    assert "govuk-pagination" not in client.get(URL).content.decode()


def test_kinds_of_record_are_named_in_words(client, admin_cast):
    """Issue 13 walk: the trail said "cases.case #12"; it names the kind as people say it,
    in the rows and in the filter, and still filters by the stored type."""
    case = CaseFactory(partnership=admin_cast.partnership)
    with acting_as(Actor(user=admin_cast.auditor, ip_address="203.0.113.9", channel="web")):
        record_read(case, what="case")
    client.force_login(admin_cast.auditor)
    response = client.get(URL, {"object_type": "cases.case"})
    body = response.content.decode()
    assert f"Case, record {case.pk}" in body
    assert "cases.case #" not in body
    assert '<option value="cases.case" selected>Case</option>' in body
    assert {e.object_type for e in response.context["page"].object_list} == {"cases.case"}


def test_kinds_said_as_letters_are_capitals_issue_13():
    """Issue 13 walk: the filter offered "Sar" and "Cspr"."""
    from lantern.manage.audit_views import kind_name

    assert kind_name("adults.sarreferral").startswith("SAR")
    assert kind_name("cases.case") == "Case"
    assert kind_name("gone.model") == "gone.model"


def test_internal_model_names_are_said_as_people_say_them_issue_13(client, admin_cast):
    """Issue 13 walk: the trail showed "Draw" and "Question" as kinds of record. Each
    model says what it is (its verbose_name): a MACFA's random draw of the cases to
    audit, a question of its audit tool; and the two filters cannot be taken for each
    other: "What happened" (created, read...) and "Record type" (where an action plan's
    "Action" is one kind)."""
    from lantern.audit.models import Action
    from lantern.audit.recorder import record

    with acting_as(Actor(user=admin_cast.manager, channel="web")):
        for kind in ("audits.draw", "audits.question", "actions.action", "clock.casestep"):
            record(Action.CREATE, object_type=kind, object_id="7", object_label="A record",
                   partnership_id=admin_cast.partnership.pk)  # fmt: skip
    client.force_login(admin_cast.manager)
    body = client.get(URL).content.decode()
    for said in ("Random draw of audit cases", "Audit tool question", "Timetable step"):
        assert f"{said}, record 7" in body
        assert f">{said}</option>" in body
    assert ">Draw<" not in body and ">Question<" not in body
    assert "Draw, record" not in body and "Question, record" not in body
    assert 'for="id_action">What happened</label>' in body
    assert 'for="id_object_type">Record type</label>' in body
    assert '<option value="" selected>Anything</option>' in body
    assert '<option value="actions.action">Action</option>' in body  # a record type only
    what_happened = body[body.index('id="id_action"') : body.index('id="id_object_type"')]
    assert ">Action<" not in what_happened
