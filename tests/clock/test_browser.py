"""The timescale pages and the case includes in a real browser, axe-checked (WCAG 2.2 AA)."""

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import engines
from django.urls import reverse
from playwright.sync_api import expect

from lantern.accounts.models import Role
from lantern.clock.selectors import steps_for_case
from lantern.clock.services import case_schedule, step_done, step_extend, step_pause
from tests.factories import PASSWORD, CaseFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # A browser takes longer than the whole of the rest of tests/clock: these run under
    # `make test` (which sets LANTERN_BROWSER_TESTS), not on every `pytest tests/clock`.
    pytest.mark.skipif(
        not os.environ.get("LANTERN_BROWSER_TESTS"),
        reason="browser test: set LANTERN_BROWSER_TESTS=1 (make test does)",
    ),
]

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1 class="govuk-heading-l">A case</h1>'
    '{% include "clock/_case_steps.html" %}{% include "clock/_timeline.html" %}'
    "{% endblock %}"
)


def _sign_in(page, email: str) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")


def test_business_manager_plans_and_changes_timescales(page, axe):
    manager = UserFactory(roles=[Role.BUSINESS_MANAGER])
    _sign_in(page, manager.email)

    page.goto("/timescales/preview/")
    page.get_by_role("button", name="Show the timetable").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the pathway.")
    axe.check(page, "Preview, with errors")
    page.get_by_label("Pathway").select_option(label="Rapid review")
    page.get_by_label("Day").fill("21")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Show the timetable").click()
    expect(page.locator("table")).to_contain_text("Tue 12 Jan 2027")
    axe.check(page, "Preview")

    page.goto("/timescales/")
    axe.check(page, "Timescales")
    page.get_by_role("link", name="Change Rapid review meeting held").click()
    page.get_by_label("Due: number of working days after referral received").fill("5")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The earliest date must be")
    axe.check(page, "Change a timescale, with errors")
    page.get_by_label("Earliest: number of working days after referral received").fill("3")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("3 to 5 working days after")

    page.get_by_role("link", name="Add a closure day").click()
    page.get_by_role("button", name="Add the closure day").click()
    axe.check(page, "Add a closure day, with errors")
    page.get_by_label("Day").fill("29")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Reason").fill("Office move")
    page.get_by_role("button", name="Add the closure day").click()
    expect(page.locator("main")).to_contain_text("Tuesday 29 December 2026")

    page.goto("/timescales/settings/")
    axe.check(page, "Clock settings")
    page.get_by_label("When the local authority notifies the National Panel (WT2023)").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("main")).to_contain_text("When the local authority notifies")

    page.goto("/timescales/rapid-review/complete/")
    axe.check(page, "A statutory timescale")
    axe.assert_no_violations()


def test_case_steps_table_and_timeline(page, axe):
    """The includes for the case page, inside the layout, as the case page will show them."""
    with time_machine.travel(datetime(2027, 1, 13, 10, tzinfo=ZoneInfo("Europe/London"))):
        case = CaseFactory()
        case_schedule(case=case, pathway="rapid-review", start=date(2026, 12, 21))
        steps = {s.step_id: s for s in case.steps.all()}
        step_done(step=steps["scoping-sent"], on=date(2026, 12, 22))
        step_done(step=steps["panel-notified"], on=date(2027, 1, 4))
        step_extend(step=steps["complete"], new_due=date(2027, 1, 15), reason="Police delay")
        step_pause(step=steps["outcome-sent"], reason="Awaiting the coroner")
        html = PAGE.render({"steps": steps_for_case(case)})
    page.goto(reverse("web:accessibility"))
    page.set_content(html)
    expect(page.locator("svg[role=img]")).to_be_visible()
    axe.check(page, "Case steps and timeline")
    axe.assert_no_violations()
