"""A rapid review meeting from scheduling to endorsement, in a real browser, with axe-core
on every page (fixtures from tests/browser)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lantern.accounts.models import Role
from lantern.cases.models import Capacity
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.files import PDF

from .factories import statutory_agencies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, user) -> None:
    page.goto(reverse("accounts:login"))
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _add_guest(page, name: str, agency: str) -> None:
    page.get_by_role("button", name="Save attendance").wait_for()
    page.get_by_label("Add someone who is not on the case: their name (optional)").fill(name)
    page.get_by_label("Their agency").select_option(label=agency)
    page.get_by_label("They attended").check()
    page.get_by_role("button", name="Save attendance").click()


def test_schedule_attend_decide_add_a_paper_and_endorse(page, axe):
    lead = MembershipFactory(capacity=Capacity.LEAD)
    case = lead.case
    agencies = statutory_agencies(case.partnership)
    chair = UserFactory(partnership=case.partnership, roles=[Role.INDEPENDENT_CHAIR])
    heading = page.get_by_role("heading", level=1)

    _sign_in(page, lead.person)
    page.goto(reverse("meetings:list", args=[case.reference]))
    axe.check(page, "Meetings of a case")
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Title").fill("Rapid review meeting")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    axe.check(page, "Schedule a meeting, with an error")
    page.get_by_label("Day").fill("27")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(heading).to_have_text("Rapid review meeting")
    expect(page.locator(".govuk-warning-text", has_text="Not quorate")).to_contain_text(
        "the local authority (children's services), the Integrated Care Board or the police"
    )
    # 27 February 2026 has passed and nobody has said whether it was held.
    expect(page.locator(".govuk-warning-text", has_text="Needs recording")).to_be_visible()
    axe.check(page, "A meeting, not quorate")

    page.get_by_role("link", name="Record who was invited and who attended").click()
    axe.check(page, "Attendance")
    page.get_by_role("group", name=re.compile(lead.person.full_name)).get_by_label(
        "Attended"
    ).check()
    _add_guest(page, "Ms Local Authority", agencies["local_authority"].name)
    page.get_by_role("link", name="Record who was invited and who attended").click()
    _add_guest(page, "Dr ICB", agencies["icb"].name)
    # A decision is recorded at a meeting recorded as held, on the day it was arranged
    # for, which the page offers (found on a walk: a decision at a "Scheduled" meeting).
    page.get_by_role("link", name="Record that the meeting was held").first.click()
    axe.check(page, "Record that the meeting was held")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded as held")

    page.get_by_role("link", name="Record the decision").click()
    page.get_by_label("Local child safeguarding practice review").check()
    page.get_by_label("Rationale").fill("The criteria are met.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The meeting was not quorate: no one attended from the police."
    )
    axe.check(page, "Record the decision, not quorate")
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Record who was invited and who attended").click()
    _add_guest(page, "DS Police", agencies["police"].name)
    expect(page.locator(".govuk-warning-text", has_text="Not quorate")).to_have_count(0)
    page.get_by_role("link", name="Record the decision").click()
    page.get_by_label("Local child safeguarding practice review").check()
    page.get_by_label("Rationale").fill("The criteria are met.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("decision has been")

    page.get_by_role("link", name="Add a paper").click()
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "referral.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Title").fill("Referral form")
    page.get_by_label("What kind of document is it?").select_option(label="Referral")
    axe.check(page, "Add a document")
    page.get_by_role("button", name="Add the document").click()
    expect(page.get_by_role("link", name=re.compile("Referral form"))).to_be_visible()
    axe.check(page, "A meeting, quorate, decided, with a paper")
    page.goto(reverse("documents:list", args=[case.reference]))
    axe.check(page, "Documents of a case")

    page.context.clear_cookies()
    _sign_in(page, chair)
    page.goto(reverse("meetings:list", args=[case.reference]))
    page.get_by_role("link", name="Rapid review meeting", exact=True).click()
    page.get_by_role("link", name="Endorse the decision").click()
    axe.check(page, "Endorse the decision")
    page.get_by_role("button", name="Endorse the decision").click()
    expect(page.locator("main")).to_contain_text(f"Endorsed by {chair.full_name}")

    axe.assert_no_violations()
