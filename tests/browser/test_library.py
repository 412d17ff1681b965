"""The learning library in a real browser (issue 14, "The learning library (signed in)"):
a member signs in, searches the library by an acronym, narrows by a filter, pages, opens an
item; the Business Manager adds national learning and confirms Lantern's suggested themes.
axe-core on every page; every page reflows at 320 CSS px (WCAG 2.2, 1.4.10)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from lantern.accounts.models import Role
from lantern.actions.services import finding_create
from lantern.cases.models import Capacity
from lantern.learning.services import library_item_upsert
from tests.factories import PASSWORD, CaseFactory, MembershipFactory, UserFactory

from .helpers import assert_reflows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, person) -> None:
    if page.get_by_role("button", name="Sign out").count():
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Lantern")
    page.goto("/account/sign-in/")
    page.get_by_label("E-mail address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")


def _check(page, axe, where: str) -> None:
    axe.check(page, where)
    assert_reflows(page, where)


def test_search_filter_page_and_open_an_item(page, axe):
    case = CaseFactory(reference="CSPR-2025-01")
    partnership = case.partnership
    member = MembershipFactory(case=case, capacity=Capacity.OBSERVER).person
    manager = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    library_item_upsert(
        partnership=partnership,
        ref="SAR-2024-01",
        kind="sar",
        title="Adult C: self-neglect and hoarding",
        text="Adult C lived with severe hoarding. No mental capacity assessment was done "
        "about her refusal of care, although the housing officer asked for one twice.",
        url="https://example.org/adult-c",
        published_on=datetime.date(2024, 5, 1),
        themes=["self-neglect", "mental-capacity"],
    )
    for n in range(25):
        library_item_upsert(
            partnership=partnership,
            ref=f"NAT-{n:02d}",
            kind="national",
            title=f"National briefing {n} on capacity",
            text=f"Briefing {n}: the Mental Capacity Act in everyday practice.",
            published_on=datetime.date(2023, 1, 1) + datetime.timedelta(days=n),
        )
    finding_create(
        case=case,
        text="The MCA was not considered when the family declined the health visitor.",
        user=MembershipFactory(case=case, capacity=Capacity.LEAD).person,
    )

    _sign_in(page, member)
    page.get_by_role("link", name="Library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning library")
    _check(page, axe, "Library")

    page.get_by_label("Search the library").fill("MCA")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name="27 results")).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    _check(page, axe, "Library search results")

    page.get_by_role("link", name="Page 2").click()
    expect(page).to_have_url(re.compile(r"\?q=MCA&.*page=2$"))
    expect(page.locator("ol.lantern-results > li")).to_have_count(7)
    _check(page, axe, "Library search, page 2")

    page.get_by_label("Safeguarding Adult Review").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 result", exact=True)).to_be_visible()
    page.get_by_role("link", name="Adult C: self-neglect and hoarding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Adult C: self-neglect and hoarding")
    expect(page.get_by_text("1 May 2024")).to_be_visible()
    expect(page.get_by_role("link", name="Read it at its source")).to_have_attribute(
        "href", "https://example.org/adult-c"
    )
    _check(page, axe, "Library item")

    page.goto("/library/?year=twenty")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Year must be a year written as 4 digits, like 2024."
    )
    _check(page, axe, "Library with a bad year")

    _sign_in(page, manager)
    page.goto("/library/")
    page.get_by_role("link", name="Add national learning").click()
    _check(page, axe, "Add national learning")
    page.get_by_label("Title").fill("Cawston Park: learning for commissioners")
    page.get_by_label("Web address of the source").fill("https://example.org/cawston")
    page.get_by_label("Summary of the learning").fill(
        "Hoarding and self-neglect went unassessed; the MCA was not applied."
    )
    page.get_by_role("button", name="Add to the library").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("Lantern has ticked")
    expect(page.get_by_label("Self-neglect")).to_be_checked()
    _check(page, axe, "Suggested themes to confirm")
    page.get_by_role("button", name="Add to the library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Cawston Park: learning for commissioners"
    )
    expect(page.locator(".govuk-summary-list")).to_contain_text("Self-neglect")
    _check(page, axe, "National item added")
    axe.assert_no_violations()
