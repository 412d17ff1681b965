"""When the evaluation table routes training to a group (not the L&D co-ordinator's role),
the group's members read the training pages (can_read_training) and their reporting pack
links to the evaluation report; a member of another group does not, and gets 404."""

import pytest
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.actions.evaluation import evaluation_route_set
from lantern.actions.models import ReportedItem
from lantern.partnerships.models import GroupKind
from tests.factories import GroupFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_routed_groups_members_read_training_and_their_pack_links_to_the_report(client):
    partnership = PartnershipFactory()
    qap = GroupFactory(partnership=partnership, kind=GroupKind.QAP, name="QA&P")
    li = GroupFactory(partnership=partnership, kind=GroupKind.LI, name="L&I")
    manager = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    member = UserFactory(partnership=partnership, roles=[(Role.GROUP_MEMBER, qap)])
    other = UserFactory(partnership=partnership, roles=[(Role.GROUP_MEMBER, li)])
    report = reverse("training:report")

    client.force_login(member)
    assert client.get(report).status_code == 404  # routed to the co-ordinator's role

    evaluation_route_set(partnership=partnership, user=manager, routes={ReportedItem.TRAINING: qap})
    assert client.get(report).status_code == 200
    assert client.get(reverse("training:impact")).status_code == 200
    pack = client.get(
        reverse("actions:pack"), {"group": qap.pk, "meeting": "2027-01-15"}
    ).content.decode()
    assert f'href="{report}"' in pack

    client.force_login(other)
    assert client.get(report).status_code == 404
