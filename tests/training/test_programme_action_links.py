"""A course names the actions it answers; it links to an action only for whoever may open
that action (lantern.access.policy: can_read_recommendation). The L&D co-ordinator links a
course to a review's action without being able to read the review, so for them the action
is named, not linked: no link leads a reader to a page they cannot open."""

import datetime

import pytest
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.actions.models import Action, Recommendation
from lantern.partnerships.models import GroupKind
from lantern.training.models import Course
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    GroupFactory,
    PartnershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_the_action_is_linked_for_its_readers_and_named_for_the_ld_coordinator(client):
    partnership = PartnershipFactory()
    li = GroupFactory(partnership=partnership, kind=GroupKind.LI)
    manager = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    coordinator = UserFactory(partnership=partnership, roles=[Role.LD_COORDINATOR])
    agency = AgencyFactory(partnership=partnership)
    case = CaseFactory(partnership=partnership, pathway="sar")
    recommendation = Recommendation.objects.create(
        partnership=partnership,
        case=case,
        number=1,
        text="Practitioners record a capacity assessment whenever self-neglect is seen.",
        monitoring_group=li,
        owner=manager,
        impact_measure="Audited cases show the assessment.",
        impact_review_on=datetime.date(2027, 6, 1),
        created_by=manager,
    )
    action = Action.objects.create(
        partnership=partnership,
        recommendation=recommendation,
        number=1,
        title="Train practitioners in mental capacity",
        lead_agency=agency,
        owner=manager,
        due=datetime.date(2027, 3, 1),
        created_by=manager,
    )
    course = Course.objects.create(
        partnership=partnership,
        title="Mental capacity",
        learning_outcomes="Assess capacity",
        created_by=coordinator,
    )
    course.actions.add(action)
    href = reverse("actions:action", args=[action.pk])
    page = reverse("training:course", args=[course.pk])

    client.force_login(manager)
    assert f'href="{href}"' in client.get(page).content.decode()

    client.force_login(coordinator)
    body = client.get(page).content.decode()
    assert "Train practitioners in mental capacity" in body
    assert f'href="{href}"' not in body
    assert client.get(href).status_code == 404  # why it is not linked
