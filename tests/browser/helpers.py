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


def on_my_work(page, ref: str, title):
    """The rows of My work's "Waiting for you" for this case and this item: opens My work
    first. The case cards lower down link to the same steps, so the look is scoped to My
    work's own tables. `title` is the item's link text, or a pattern for it."""
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    return (
        page.locator("table.lantern-work tbody tr")
        .filter(has_text=ref)
        .filter(has=page.get_by_role("link", name=title, exact=isinstance(title, str)))
    )


def as_due_on_my_work(day: datetime.date) -> str:
    """A date as My work's Due column shows it, e.g. "3 Dec 2026"."""
    return f"{day.day} {day:%b %Y}"


def waiting_on_my_work(page, ref: str) -> list[str]:
    """Every item My work lists for this case, by its link text, sorted (opens My work)."""
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    rows = page.locator("table.lantern-work tbody tr").filter(has_text=ref)
    return sorted(rows.get_by_role("link").all_inner_texts())
