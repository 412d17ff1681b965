"""Issue 15, Impact and Reporting in a browser: the L&D co-ordinator opens the impact
page, narrows it by a period typed into the date inputs (a wrong date shows the error
summary), drills into a course and a theme, opens the evaluation report and records it
as reported; axe-core finds nothing on any of these pages."""

import pytest
from playwright.sync_api import expect

from lantern.training.models import Measure, Stage
from tests.browser.helpers import sign_in_as
from tests.factories import PASSWORD

from .impact_helpers import book, build_year, invite, observe, respond

pytestmark = pytest.mark.browser


@pytest.fixture
def year(transactional_db):
    y = build_year()
    attendee = book(y.a1, agency=y.police)
    respond(
        y.a1,
        Stage.ON_THE_DAY,
        {Measure.CONFIDENCE_BEFORE: 2, Measure.CONFIDENCE_AFTER: 4},
        invitation=invite(attendee, Stage.ON_THE_DAY, answered=True),
    )
    respond(
        y.a1,
        Stage.FOLLOW_UP,
        {Measure.PRACTICE_CHANGE: 1, Measure.EXAMPLE: "I ask about the wider family now."},
    )
    book(y.b1, agency=y.council)
    observe(y.course_a)
    return y


def test_impact_and_report_pages(page, axe, year):
    sign_in_as(page, year.coordinator.email, PASSWORD)
    page.goto("/training/impact/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The impact of training")
    axe.check(page, "impact")
    page.get_by_text("Choose the period, a course or a theme").click()
    start = page.get_by_role("group", name="Start of the period")
    start.get_by_label("Day").fill("31")
    start.get_by_label("Month").fill("2")
    page.get_by_role("button", name="Show the figures").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    axe.check(page, "impact with a wrong date")
    page.goto("/training/impact/")
    page.get_by_role("link", name="A neglect course").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A neglect course")
    axe.check(page, "a course's impact")
    page.goto("/training/impact/")
    page.get_by_role("link", name="Mental capacity").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mental capacity")
    axe.check(page, "a theme's impact")
    page.goto("/training/report/")
    expect(page.get_by_text("I ask about the wider family now.")).to_be_visible()
    axe.check(page, "the report")
    page.get_by_role("button", name="Record this report as reported").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the evaluation as reported")
    axe.check(page, "record the report")
    page.get_by_label("What you concluded").fill("Confidence rose by 2 points on the day.")
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("Confidence rose by 2 points on the day.")).to_be_visible()
    axe.check(page, "the report once recorded")
    axe.assert_no_violations()
