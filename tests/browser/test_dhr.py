"""A Domestic Homicide Review from notification to publication in a real browser, by the
Business Manager with the Business Unit, axe on every page.

Each step of the pathway's declaration (lantern.workflow.declarations.DHR) arrives on My
work of the CSP's Business Unit (the Business Manager and the Business Unit officer: the
pathway's actors) and leaves it once done; each step is opened from My work's own link.
The gates are refused with their message, then passed: the criteria of a notification;
publication before the Home Office Quality Assurance Panel accepted the report; a report
that still names the person who died (the name check); and a later version than the one
the panel accepted (Home Office DHR guidance: only the accepted version is published).
Everything happens today, so each date is today's."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from lantern.accounts.models import User
from lantern.clock.models import CaseStep
from lantern.demo.services import demo_load
from lantern.dhr.models import Dhr
from lantern.documents.services import document_upload
from tests.browser.helpers import as_due_on_my_work, fill_date, on_my_work, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MANAGER = "business.manager@example.org"
DECIDE = "Decide whether to conduct a DHR"
CHAIR = "Appoint the independent chair"
REPORT = "Choose the overview report"
SUBMIT = "Submit the overview report to the Home Office QA Panel"
RESPONSE = "Record the Home Office QA Panel's response"
PUBLISH = "Publish the report the panel accepted"


def _banner(page, text: str) -> None:
    expect(page.locator(".govuk-notification-banner")).to_contain_text(text)


def _refused(page, text: str) -> None:
    expect(page.locator(".govuk-error-summary")).to_contain_text(text)


def _open_from_my_work(page, ref: str, title: str) -> None:
    """The item is on My work: follow its link to the step's page."""
    row = on_my_work(page, ref, title)
    expect(row).to_have_count(1)
    row.get_by_role("link", name=title, exact=True).click()


def _choose_report(page, ref: str, document) -> None:
    page.goto(f"/dhr/{ref}/report/")
    page.get_by_label("Overview report").select_option(label=str(document))
    page.get_by_role("button", name="Choose the report").click()
    _banner(page, "The overview report is chosen.")


def _publish(page, ref: str, today: datetime.date) -> None:
    page.goto(f"/dhr/{ref}/publish/")
    fill_date(page, "Date of publication", today)
    page.get_by_label("Link to the published report").fill("https://example.org/dhr-adult-e")
    page.get_by_role("button", name="Record publication").click()


def _report(dhr: Dhr, manager: User, text: str, supersedes=None):
    return document_upload(
        case=dhr.case, title="DHR overview report", kind="final_report", user=manager,
        is_draft=False, supersedes=supersedes,
        file=ContentFile(text.encode(), name="overview-report.txt"),
    )  # fmt: skip


def test_notification_to_publication_on_my_work_with_every_gate(page, axe):
    demo_load()
    today = timezone.localdate()
    manager = User.objects.get(email=MANAGER)

    # The notification, first refused on the criteria (age and relationship).
    sign_in_as(page, MANAGER)
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
    _banner(page, "Decide within 1 month")
    axe.check(page, "New DHR page")
    dhr = Dhr.objects.get(case__subject__full_name="Robin Browservictim")
    ref = dhr.case.reference

    # The decision waits on the Business Unit's My work, due when the clock says (one
    # month after the notification): the Business Manager's and the officer's alike.
    decide_by = CaseStep.objects.get(case=dhr.case, pathway="dhr", step_id="decision").due
    expect(on_my_work(page, ref, DECIDE)).to_contain_text(as_due_on_my_work(decide_by))
    axe.check(page, "My work (Business Manager, a DHR decision waiting)")
    sign_in_as(page, "business.unit@example.org")
    expect(on_my_work(page, ref, DECIDE)).to_contain_text(as_due_on_my_work(decide_by))
    # Nobody outside the pathway's actors has it: the police's representative does not.
    sign_in_as(page, "police.rep@example.org")
    expect(on_my_work(page, ref, DECIDE)).to_have_count(0)

    # The decision to conduct it, from My work; the chair and the report arrive.
    sign_in_as(page, MANAGER)
    _open_from_my_work(page, ref, DECIDE)
    axe.check(page, "DHR decision form")
    page.get_by_label("Conduct a DHR", exact=True).check()
    page.get_by_label("Reasons for the decision").fill("A former partner is charged.")
    fill_date(page, "Date of the decision", today)
    page.get_by_role("button", name="Record the decision").click()
    _banner(page, "The decision is recorded.")
    expect(on_my_work(page, ref, DECIDE)).to_have_count(0)
    expect(on_my_work(page, ref, CHAIR)).to_have_count(1)
    report_by = CaseStep.objects.get(case=dhr.case, pathway="dhr", step_id="report").due
    expect(on_my_work(page, ref, REPORT)).to_contain_text(as_due_on_my_work(report_by))

    _open_from_my_work(page, ref, CHAIR)
    axe.check(page, "Appoint the chair")
    page.get_by_label("Name of the independent chair").fill("Margaret Ellis")
    fill_date(page, "Date they were appointed", today)
    page.get_by_role("button", name="Appoint the chair").click()
    _banner(page, "The independent chair is recorded.")
    expect(on_my_work(page, ref, CHAIR)).to_have_count(0)

    # The chair's report, which names the person who died, is chosen and leaves My work.
    named = _report(dhr, manager, "Robin Browservictim was killed by her former partner.")
    _open_from_my_work(page, ref, REPORT)
    axe.check(page, "Choose the overview report")
    page.get_by_label("Overview report").select_option(label=str(named))
    page.get_by_role("button", name="Choose the report").click()
    _banner(page, "The overview report is chosen.")
    expect(on_my_work(page, ref, REPORT)).to_have_count(0)

    # Publication before the Home Office panel accepted it: refused, with the rule.
    _publish(page, ref, today)
    _refused(page, "the Home Office Quality Assurance Panel must accept the report")
    _refused(page, "Choose the pseudonym the published report uses for the person who died")
    axe.check(page, "Publication refused: not accepted by the Home Office")

    # The submission and the panel's response, each from My work.
    _open_from_my_work(page, ref, SUBMIT)
    axe.check(page, "Record the submission")
    fill_date(page, "Date it was sent to the panel", today)
    page.get_by_role("button", name="Record the submission").click()
    _banner(page, "submission to the Home Office panel is recorded")
    expect(on_my_work(page, ref, SUBMIT)).to_have_count(0)
    _open_from_my_work(page, ref, RESPONSE)
    axe.check(page, "Home Office response form")
    page.get_by_label("Accepted").check()
    fill_date(page, "Date of the response", today)
    page.get_by_role("button", name="Record the response").click()
    _banner(page, "response is recorded")
    expect(on_my_work(page, ref, RESPONSE)).to_have_count(0)
    expect(on_my_work(page, ref, PUBLISH)).to_have_count(1)

    # The case's pseudonym, chosen before anything is published.
    page.goto(f"/cases/{ref}/edit/")
    page.get_by_label("Pseudonym").fill("Adult E")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)

    # The accepted report still names the person who died: the name check refuses it.
    _open_from_my_work(page, ref, PUBLISH)
    fill_date(page, "Date of publication", today)
    page.get_by_label("Link to the published report").fill("https://example.org/dhr-adult-e")
    page.get_by_role("button", name="Record publication").click()
    _refused(page, "The report still names the person who died")
    axe.check(page, "Publication refused: the name check")

    # The chair replaces the name: a new version, which the panel has not accepted.
    pseudonymised = _report(
        dhr, manager, "Adult E was killed by her former partner.", supersedes=named
    )
    _choose_report(page, ref, pseudonymised)
    _publish(page, ref, today)
    _refused(page, "only the version the Home Office Quality Assurance Panel accepted (version 1)")
    _refused(page, "Version 2 is later")
    axe.check(page, "Publication refused: not the accepted version")
    expect(on_my_work(page, ref, SUBMIT)).to_have_count(1)  # the new version goes back

    # Version 2 goes to the panel and is accepted: now it is published.
    _open_from_my_work(page, ref, SUBMIT)
    fill_date(page, "Date it was sent to the panel", today)
    page.get_by_role("button", name="Record the submission").click()
    _banner(page, "submission to the Home Office panel is recorded")
    expect(on_my_work(page, ref, SUBMIT)).to_have_count(0)
    # The panel's response to the second round waits on My work; publishing does not
    # (an earlier version's acceptance does not count for the version now with the panel).
    expect(on_my_work(page, ref, PUBLISH)).to_have_count(0)
    _open_from_my_work(page, ref, RESPONSE)
    page.get_by_label("Accepted").check()
    fill_date(page, "Date of the response", today)
    page.get_by_role("button", name="Record the response").click()
    _banner(page, "response is recorded")
    rounds = page.get_by_role(
        "table", name="Submissions to the Home Office Quality Assurance Panel"
    )
    expect(rounds).to_contain_text("version 2")
    _open_from_my_work(page, ref, PUBLISH)
    fill_date(page, "Date of publication", today)
    page.get_by_label("Link to the published report").fill("https://example.org/dhr-adult-e")
    page.get_by_role("button", name="Record publication").click()
    _banner(page, "publication is recorded")
    axe.check(page, "Published DHR")
    dhr.refresh_from_db()
    assert dhr.published_on == today and dhr.overview_report == pseudonymised
    expect(on_my_work(page, ref, PUBLISH)).to_have_count(0)
    sign_in_as(page, "business.unit@example.org")
    expect(page.locator("table.lantern-work tbody tr").filter(has_text=ref)).to_have_count(0)
    axe.assert_no_violations()
