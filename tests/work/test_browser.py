"""My work in a real browser, with axe-core on every page: the Independent Chair finds a
decision to endorse (counted in the navigation), endorses it, and it leaves the list."""

import pytest
from playwright.sync_api import expect

from lantern.accounts.models import Role
from tests.browser.helpers import sign_in_as
from tests.factories import PASSWORD, UserFactory

from .conftest import rapid_review_decided

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_chair_endorses_a_decision_from_my_work_and_it_leaves(page, axe, partnership):
    manager = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    chair = UserFactory(partnership=partnership, roles=[Role.INDEPENDENT_CHAIR])
    made = rapid_review_decided(partnership, manager)

    sign_in_as(page, chair.email, PASSWORD)
    navigation = page.get_by_role("navigation", name="Menu")
    expect(navigation.get_by_role("link", name="My work (1)")).to_be_visible()
    work = page.locator("table.lantern-work")
    expect(work).to_contain_text("Endorse the rapid review decision")
    expect(work).to_contain_text(made.case.reference)
    expect(work).to_contain_text("Independent Chair")  # why it is theirs
    axe.check(page, "My work, a decision to endorse")

    work.get_by_role("link", name="Endorse the rapid review decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Endorse the decision")
    axe.check(page, "Endorse the decision")
    page.get_by_role("button", name="Endorse the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("endorsed")
    # The count is not claimed once something has changed...
    expect(navigation.get_by_role("link", name="My work", exact=True)).to_be_visible()

    navigation.get_by_role("link", name="My work").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    expect(page.locator("table.lantern-work")).to_have_count(0)
    expect(page.get_by_text("Nothing is waiting for you.")).to_be_visible()
    # ...and My work found nothing waiting: no count.
    expect(navigation.get_by_role("link", name="My work", exact=True)).to_be_visible()
    axe.check(page, "My work, nothing waiting")
    axe.assert_no_violations()
