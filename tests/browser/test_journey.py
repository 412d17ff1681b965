"""A Business Manager's first visit, in a real browser, with axe-core on every page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lantern.demo import data
from lantern.demo.services import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MANAGER = "business.manager@example.org"
SIGN_IN = reverse("accounts:login")


def _sign_in(page, email: str, password: str) -> None:
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_business_manager_signs_in_finds_their_work_and_signs_out(page, axe):
    demo_load()
    menu = page.get_by_role("navigation", name="Menu")

    page.goto("/")
    expect(page).to_have_url(re.compile(re.escape(SIGN_IN) + r"\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Lantern")
    axe.check(page, "Sign-in page")

    _sign_in(page, MANAGER, data.DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"^[^?]*://[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    expect(page.locator("header")).to_contain_text("Demo Safeguarding Partnership")
    axe.check(page, "My work")

    menu.get_by_role("link", name="Administration").click()
    expect(page).to_have_url(re.compile(r"/manage/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    axe.check(page, "Administration")

    menu.get_by_role("link", name="Cases").click()
    expect(page).to_have_url(re.compile(r"/cases/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe.check(page, "Cases")

    menu.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(re.escape(SIGN_IN) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Lantern")
    page.goto("/")
    expect(page).to_have_url(re.compile(re.escape(SIGN_IN) + r"\?next=/$"))

    axe.assert_no_violations()


def test_wrong_password_shows_the_error_summary(page, axe):
    demo_load()

    page.goto(SIGN_IN)
    _sign_in(page, MANAGER, "not-the-password")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct e-mail address and password.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Lantern")
    expect(page).to_have_title(re.compile(r"error", re.IGNORECASE))
    axe.check(page, "Sign-in page with an error")

    axe.assert_no_violations()
