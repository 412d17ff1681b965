"""Found on a walk: /manage/people/?page=0 and ?page=-1 showed the last page.

The rule: a page number below 1 gives page 1, one past the end gives the last page,
and junk gives page 1 (lantern.web.listing.page_of)."""

import pytest
from django import forms
from django.test import RequestFactory
from django.urls import reverse

from lantern.accounts.models import Role, User
from lantern.web.listing import page_of
from tests.factories import PartnershipFactory, UserFactory


@pytest.fixture
def people(db):
    partnership = PartnershipFactory()
    UserFactory.create_batch(5, partnership=partnership)
    return User.objects.filter(partnership=partnership).order_by("pk")


def _page(people, asked: str) -> int:
    request = RequestFactory().get("/manage/people/", {"page": asked})
    return page_of(request, people, form=forms.Form(), page_size=2).page.number


@pytest.mark.parametrize("asked", ["0", "-1", "-999"])
def test_a_page_number_below_one_gives_the_first_page_found_on_a_walk(people, asked):
    assert _page(people, asked) == 1


@pytest.mark.parametrize("asked", ["4", "99999999999999999999"])
def test_a_page_number_past_the_end_gives_the_last_page(people, asked):
    assert _page(people, asked) == 3


@pytest.mark.parametrize("asked", ["", "two", "1.5"])
def test_a_page_number_that_is_not_a_number_gives_the_first_page(people, asked):
    assert _page(people, asked) == 1


def test_the_people_list_at_page_zero_shows_its_first_page_found_on_a_walk(client, people):
    """The walk's page: ?page=0 and ?page=-1 show page 1 of the people list."""
    partnership = people.first().partnership
    manager = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    UserFactory.create_batch(25, partnership=partnership)  # two pages of 25
    client.force_login(manager)
    url = reverse("manage:people")
    for asked in ["0", "-1"]:
        page = client.get(url, {"page": asked}).context["listing"].page
        assert (page.number, page.paginator.num_pages) == (1, 2), asked
