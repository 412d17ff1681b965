"""Two people change a CSPR's plan at once (issue 12, item 12): the second save is refused,
showing what the first changed, and nothing the first saved is lost."""

import pytest
from django.test import Client
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.cases.models import Capacity, CaseMembership
from lantern.children.models import Cspr
from tests.factories import UserFactory
from tests.web.conflicts import shown_copy

pytestmark = pytest.mark.django_db


def _plan(**answers: str) -> dict[str, str]:
    return {
        "methodology": "SILP",
        "terms_of_reference": "",
        "practitioner_involvement": "",
        "family_involvement": "",
        **answers,
    }


def test_second_save_of_the_plan_sees_what_changed_issue_12_item_12(cspr, manager, partnership):
    other = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    for person in (manager, other):
        CaseMembership.objects.create(case=cspr.case, person=person, capacity=Capacity.LEAD)
    first, second = Client(), Client()
    first.force_login(manager)
    second.force_login(other)
    url = reverse("children:cspr", args=[cspr.case.reference])
    firsts, seconds = shown_copy(first, url), shown_copy(second, url)

    saved = first.post(url, _plan(methodology="Systems review with practitioners", **firsts))
    assert saved.status_code == 302
    refused = second.post(url, _plan(methodology="SILP, two events", **seconds))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "nothing you sent has been saved" in page
    assert "Systems review with practitioners" in page
    assert Cspr.objects.get(pk=cspr.pk).methodology == "Systems review with practitioners"

    # Different answers from each: both kept.
    firsts, seconds = shown_copy(first, url), shown_copy(second, url)
    plan = _plan(methodology="Systems review with practitioners")
    first.post(url, {**plan, "family_involvement": "Mother met the reviewer.", **firsts})
    assert (
        second.post(url, {**plan, "terms_of_reference": "Scope: 2024-26", **seconds}).status_code
        == 302
    )
    stored = Cspr.objects.get(pk=cspr.pk)
    assert (stored.family_involvement, stored.terms_of_reference) == (
        "Mother met the reviewer.",
        "Scope: 2024-26",
    )
