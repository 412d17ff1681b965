"""The Executive's members have no "Reports" in the menu (it costs a query on every page):
My work links them to reporting instead, and nobody else gets the link."""

import pytest
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.partnerships.models import GroupKind
from tests.factories import GroupFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK = reverse("reports:index")


def test_an_executive_member_reaches_reporting_from_my_work(client):
    partnership = PartnershipFactory()
    executive = GroupFactory(partnership=partnership, kind=GroupKind.EXECUTIVE)
    member = UserFactory(partnership=partnership, roles=[(Role.GROUP_MEMBER, executive)])
    client.force_login(member)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert f'href="{LINK}"' in page
    assert client.get(LINK).status_code == 200


def test_someone_with_no_part_in_reporting_gets_no_link(client):
    partnership = PartnershipFactory()
    qap = GroupFactory(partnership=partnership, kind=GroupKind.QAP)
    member = UserFactory(partnership=partnership, roles=[(Role.GROUP_MEMBER, qap)])
    client.force_login(member)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert f'href="{LINK}"' not in page
    assert client.get(LINK).status_code == 403
