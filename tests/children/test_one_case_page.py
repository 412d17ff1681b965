"""Rule (issue 11, "Finding things"): one page per case, the pathway's parts on it. The
generic address of a case leads to its pathway's page, and that page carries what every
case page carries: its details, who is on it, its history and its chronology."""

import pytest
import time_machine
from django.urls import reverse

from lantern.children.models import RapidReview

from .conftest import TODAY, referral_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(client, referrer, agencies):
    with time_machine.travel(TODAY, tick=False):
        client.force_login(referrer)
        client.post(reverse("children:refer"), referral_post(agencies))
    return RapidReview.objects.get()


def test_the_case_address_leads_to_the_rapid_review_page(client, review, manager):
    client.force_login(manager)
    reference = review.case.reference
    response = client.get(reverse("cases:detail", args=[reference]))
    assert response.status_code == 302
    assert response["Location"] == reverse("children:review", args=[reference])


def test_the_rapid_review_page_carries_the_case_parts(client, review, manager, referrer):
    client.force_login(manager)
    reference = review.case.reference
    page = client.get(reverse("children:review", args=[reference])).content.decode()
    assert page.count("<h1") == 1
    assert f'<h1 class="govuk-heading-l">{reference} — rapid review</h1>' in page
    assert review.case.subject.full_name in page  # members read the subject here
    for part in ("About this case", "Who is on this case", "Recent history"):
        assert part in page
    assert referrer.full_name in page  # the referrer is on the case
    assert reverse("chronology:chronology", args=[reference]) in page
    assert reverse("agencyrequests:list", args=[reference]) in page
    assert reverse("cases:member_add", args=[reference]) in page  # the BM manages members


def test_an_outsider_reaches_neither_address(client, review, partnership):
    from tests.factories import UserFactory

    client.force_login(UserFactory(partnership=partnership))
    reference = review.case.reference
    assert client.get(reverse("cases:detail", args=[reference])).status_code == 404
    assert client.get(reverse("children:review", args=[reference])).status_code == 404
