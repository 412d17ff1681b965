"""The audit trail page: the Business Manager reads and filters it; others cannot."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.audit.context import Actor, acting_as
from lantern.audit.recorder import record_read
from tests.factories import CaseFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("manage:audit")


@pytest.fixture
def trail(db):
    partnership = PartnershipFactory()
    manager = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    reader = UserFactory(partnership=partnership, email="reader@example.org")
    with time_machine.travel(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC)):
        case = CaseFactory(partnership=partnership, title="Older case")
    with (
        time_machine.travel(datetime.datetime(2026, 11, 16, 10, tzinfo=datetime.UTC)),
        acting_as(Actor(user=reader, ip_address="203.0.113.9", channel="web")),
    ):
        record_read(case, what="case")
    other = PartnershipFactory()
    CaseFactory(partnership=other, title="Elsewhere case")
    return partnership, manager, reader, case


def test_manager_sees_own_partnership_events_only(client, trail):
    _partnership, manager, _reader, _case = trail
    client.force_login(manager)
    body = client.get(URL).content.decode()
    assert "Older case" in body
    assert "Elsewhere case" not in body


def test_filter_by_person_and_action(client, trail):
    _partnership, manager, reader, _case = trail
    client.force_login(manager)
    response = client.get(URL, {"who": "reader@", "action": "read"})
    page = response.context["page"]
    assert [e.actor_label for e in page.object_list] == [reader.email]
    assert "203.0.113.9" in response.content.decode()


def test_filter_by_dates_is_inclusive(client, trail):
    _partnership, manager, _reader, _case = trail
    client.force_login(manager)
    response = client.get(URL, {"date_from": "16/11/2026", "date_to": "16/11/2026"})
    actions = {e.action for e in response.context["page"].object_list}
    assert actions == {"read"}
    response = client.get(URL, {"date_to": "2/11/2026", "object_type": "cases.case"})
    assert [e.action for e in response.context["page"].object_list] == ["create"]


def test_reversed_dates_are_explained(client, trail):
    _partnership, manager, _reader, _case = trail
    client.force_login(manager)
    response = client.get(URL, {"date_from": "20/11/2026", "date_to": "1/11/2026"})
    assert "The &#x27;to&#x27; date must be the same as or after the &#x27;from&#x27; date." in (
        response.content.decode()
    )
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize(
    "role, status", [(Role.AUDITOR, 200), (Role.BUSINESS_UNIT_OFFICER, 403), (Role.REVIEWER, 403)]
)
def test_who_may_read_the_trail(client, trail, role, status):
    partnership = trail[0]
    client.force_login(UserFactory(partnership=partnership, roles=[role]))
    assert client.get(URL).status_code == status


def test_manager_of_another_partnership_sees_none_of_ours(client, trail):
    stranger = UserFactory(roles=[Role.BUSINESS_MANAGER])
    client.force_login(stranger)
    body = client.get(URL).content.decode()
    assert "Older case" not in body


def test_the_page_has_no_way_to_change_the_trail(client, trail):
    _partnership, manager, _reader, _case = trail
    client.force_login(manager)
    assert client.post(URL, {"action": "read"}).status_code in {200, 405}
    body = client.get(URL).content.decode()
    assert 'method="post"' not in body.split('id="main-content"')[1]
