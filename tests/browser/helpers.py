"""Steps every browser journey takes: signing in as someone (signing out whoever was
signed in first) and filling a GOV.UK date input."""

import datetime

from playwright.sync_api import expect

from lantern.demo import data


def sign_in_as(page, email: str, password: str = data.DEMO_PASSWORD) -> None:
    if page.get_by_role("button", name="Sign out").count():
        page.get_by_role("button", name="Sign out").click()
        # Wait for the sign-out to land before navigating, or the POST may be cut short.
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Lantern")
    page.goto("/account/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")


def fill_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))
