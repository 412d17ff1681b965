"""The Business Unit's administration journey in a real browser, axe-checked on every page."""

import re

import pytest
from playwright.sync_api import expect

from lantern.accounts.models import User
from lantern.demo import data
from lantern.demo.services import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, email: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(data.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")


def test_business_manager_adds_a_person_gives_a_role_and_reads_the_trail(page, axe):
    demo_load()
    _sign_in(page, "business.manager@example.org")

    page.goto("/manage/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("People and roles")
    axe.check(page, "People and roles")

    page.get_by_role("link", name="Add a person").click()
    page.get_by_role("button", name="Add and send invitation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the person's full name.")
    axe.check(page, "Add a person, with errors")
    summary.get_by_role("link", name="Enter the person's full name.").click()
    expect(page.get_by_label("Full name")).to_be_focused()

    page.get_by_label("Full name").fill("Alex Morgan")
    page.get_by_label("E-mail address").fill("alex.morgan@example.org")
    page.get_by_label("Agency").select_option(label="Demoshire Police")
    page.get_by_label("Audit theme lead").check()
    page.get_by_role("button", name="Add and send invitation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alex Morgan")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("sent a link")
    axe.check(page, "A person's page")
    person = User.objects.get(email="alex.morgan@example.org")
    assert person.role_set() == {"theme_lead"}

    page.get_by_role("link", name="Add a role").click()
    page.get_by_label("Role").select_option(label="Group member")
    page.get_by_label("Group").select_option(label="SAR Panel")
    page.get_by_role("button", name="Add role").click()
    expect(page.locator("main")).to_contain_text("Group member (SAR Panel)")

    page.goto("/manage/audit/")
    axe.check(page, "Audit trail")
    page.get_by_label("Person (e-mail contains)").fill("business.manager")
    page.get_by_label("Record type").select_option("accounts.user")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"who=business\.manager"))
    expect(page.locator("table")).to_contain_text("Alex Morgan")
    axe.check(page, "Audit trail, filtered")

    for url, heading in [
        ("/manage/agencies/", "Agencies"),
        ("/manage/groups/", "Groups"),
        ("/manage/settings/", "Partnership settings"),
        ("/account/", "Your account"),
        ("/account/two-factor/set-up/", "Set up two-factor authentication"),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe.check(page, heading)

    axe.assert_no_violations()


def test_read_only_auditor_sees_administration_without_changing_it(page, axe):
    demo_load()
    _sign_in(page, "auditor@example.org")
    page.goto("/manage/people/")
    expect(page.get_by_role("link", name="Add a person")).to_have_count(0)
    page.goto("/manage/people/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do that")
    axe.check(page, "403 page")
    page.goto("/cases/NO-SUCH-CASE/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    axe.check(page, "404 page")
    axe.assert_no_violations()
