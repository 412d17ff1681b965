"""A DHR in a real browser, axe on every page: the Business Manager records a notification
(first refused on the criteria), then works the demo DHR waiting for the Home Office."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lantern.demo import data
from lantern.demo.dhr import demo_dhr_load
from lantern.demo.services import demo_load
from lantern.dhr.models import Dhr
from lantern.partnerships.models import Partnership
from tests.browser.helpers import fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_notification_and_the_home_office_rounds(page, axe):
    demo_load()
    demo_dhr_load(Partnership.objects.get(slug=data.PARTNERSHIP["slug"]))
    today = timezone.localdate()
    page.goto("/account/sign-in/")
    page.get_by_label("E-mail address").fill("business.manager@example.org")
    page.get_by_label("Password").fill(data.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto("/dhr/notify/")
    axe.check(page, "DHR notification form")
    page.get_by_label("Who notified the CSP").fill("DI Claire Moss, Demoshire Police")
    page.get_by_label("Full name of the person who died").fill("Robin Browservictim")
    fill_date(page, "Date the CSP was notified", today)
    fill_date(page, "Their date of birth", today.replace(year=today.year - 15))
    fill_date(page, "Date of death", today - datetime.timedelta(days=2))
    page.get_by_label("None of these").check()
    page.get_by_role("group", name="Is the death a suspected suicide?").get_by_label("No").check()
    page.get_by_label("Circumstances of the death").fill("Found dead at home.")
    page.get_by_role("button", name="Record the notification").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("16 or over")
    expect(summary).to_contain_text("a current or former intimate partner")
    axe.check(page, "DHR notification form with errors")
    fill_date(page, "Their date of birth", today.replace(year=today.year - 30))
    page.get_by_label("An intimate partner", exact=True).check()
    page.get_by_role("button", name="Record the notification").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decide within 1 month")
    axe.check(page, "New DHR page")
    page.get_by_role("link", name="Record the CSP's decision").click()
    axe.check(page, "DHR decision form")

    demo = Dhr.objects.exclude(case__subject__full_name="Robin Browservictim").get()
    page.goto(f"/dhr/{demo.case.reference}/")
    expect(page.get_by_role("heading", name="Home Office Quality Assurance Panel")).to_be_visible()
    rounds = page.get_by_role(
        "table", name="Submissions to the Home Office Quality Assurance Panel"
    )
    expect(rounds).to_contain_text("Asked for resubmission")
    axe.check(page, "Demo DHR waiting for the Home Office")
    page.get_by_role("link", name="Record the Home Office panel's response").click()
    axe.check(page, "Home Office response form")
    page.get_by_label("Accepted").check()
    fill_date(page, "Date of the response", today)
    page.get_by_role("button", name="Record the response").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("response is recorded")
    page.get_by_role("link", name="Record publication").click()
    fill_date(page, "Date of publication", today)
    page.get_by_label("Link to the published report").fill("https://example.org/dhr-adult-d")
    page.get_by_role("button", name="Record publication").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("publication is recorded")
    axe.check(page, "Published DHR")
