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
