"""The children's pathway walked in a real browser by the roles involved, axe on every page:
referrer → Business Manager → agency representative → Business Manager → Independent Chair."""

import re

import pytest
from playwright.sync_api import expect

from lantern.agencyrequests.models import AgencyRequest
from lantern.agencyrequests.services import request_submit
from lantern.children.models import RapidReview
from lantern.demo.services import demo_load
from tests.browser.helpers import fill_date, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def waiting_on_my_work(page, ref: str, title):
    """The row of "Waiting for you" on My work for this case and this item (the case pages
    also link to the step, so the check is scoped to My work's own table)."""
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    return (
        page.locator("table.lantern-work tbody tr")
        .filter(has_text=ref)
        .filter(has=page.get_by_role("link", name=title, exact=isinstance(title, str)))
    )


def test_referral_to_outcome_by_the_roles_involved(page, axe):
    import datetime

    from django.utils import timezone

    demo_load()
    today = timezone.localdate()
    born = today.replace(year=today.year - 3)
    yesterday = today - datetime.timedelta(days=1)

    # The referrer (a named nurse at the hospital) refers a serious incident.
    sign_in_as(page, "li.member@example.org")
    axe.check(page, "My work (referrer)")
    page.get_by_role("link", name="Refer a serious incident involving a child").click()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the child's full name.")
    axe.check(page, "Referral form with errors")
    page.get_by_label("Referring agency").select_option(label="Demo Hospitals NHS Foundation Trust")
    page.get_by_label("Safeguarding lead who agreed the referral").fill("Nadia Rahman")
    fill_date(page, "Date they agreed it", today)
    page.get_by_label("Child's full name").fill("Sam Browserchild")
    fill_date(page, "Child's date of birth", born)
    page.get_by_role("group", name="Is the child looked after by a local authority?").get_by_label(
        "No"
    ).check()
    fill_date(page, "Date of the incident", yesterday)
    page.get_by_label("The child has been seriously harmed").check()
    page.get_by_label("Suspected", exact=True).check()
    page.get_by_label("What happened").fill(
        "Brought to A&E with injuries the carer could not explain."
    )
    for agency in ["Demoshire Police", "Demoshire Integrated Care Board",
                   "Demoshire Council Children's Services"]:  # fmt: skip
        page.get_by_label(agency, exact=True).check()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your referral has been sent"
    )
    axe.check(page, "Rapid review page (referrer)")
    review = RapidReview.objects.get(case__subject__full_name="Sam Browserchild")
    ref = review.case.reference

    # The Business Manager accepts it, records the notification and sends scoping: each of
    # these waits for them on My work until it is done.
    notify = "Record the notification to the National Panel"
    send_scoping = "Send the scoping template to every involved agency"
    sign_in_as(page, "business.manager@example.org")
    expect(waiting_on_my_work(page, ref, "Accept or return the referral")).to_have_count(1)
    expect(waiting_on_my_work(page, ref, notify)).to_have_count(1)
    axe.check(page, "My work (Business Manager, a referral waiting)")
    page.goto(f"/children/{ref}/")
    page.get_by_role("button", name="Accept the referral").click()
    # The button, not the "What happens next" panel's link to the same page.
    page.get_by_role("link", name=notify, exact=True).click()
    fill_date(page, "Date the National Panel was notified", today)
    axe.check(page, "Notification form")
    page.get_by_role("button", name="Record the notification").click()
    page.get_by_role("button", name=send_scoping, exact=True).click()
    expect(page.locator("main")).to_contain_text("Scoping returns")
    axe.check(page, "Rapid review with scoping sent")
    page.goto("/")
    for done in ["Accept or return the referral", notify, send_scoping]:
        expect(waiting_on_my_work(page, ref, done)).to_have_count(0)

    # The police's nominated representative completes the return in Lantern.
    scoping_return = re.compile("Initial Scoping and Information Sharing return")
    sign_in_as(page, "police.rep@example.org")
    expect(page.locator("main")).to_contain_text("Initial Scoping and Information Sharing return")
    expect(waiting_on_my_work(page, ref, scoping_return)).to_have_count(1)
    page.get_by_role(
        "link", name=re.compile("Initial Scoping and Information Sharing return")
    ).first.click()
    axe.check(page, "Scoping return (police)")
    page.get_by_label("Your agency's return").fill("Police attended the home twice this year.")
    page.get_by_label("My agency has secured its records about this case").check()
    page.get_by_role("button", name="Submit the return").click()
    police = AgencyRequest.objects.get(case=review.case, agency__name="Demoshire Police")
    page.goto("/")
    expect(waiting_on_my_work(page, ref, scoping_return)).to_have_count(0)
    assert police.submitted_at is not None and police.records_secured_confirmed_by is not None

    # The other agencies answer too (the same page, already walked above).
    from lantern.accounts.models import User

    manager = User.objects.get(email="business.manager@example.org")
    for request in AgencyRequest.objects.filter(case=review.case, submitted_at__isnull=True):
        request_submit(request=request, user=manager, response="Our records.", records_secured=True)

    # The Business Manager holds an urgent meeting today, before the usual window.
    confirm = "Confirm every scoping return is in"
    hold = "Hold the rapid review meeting and record its decision"
    sign_in_as(page, "business.manager@example.org")
    expect(waiting_on_my_work(page, ref, confirm)).to_have_count(1)
    expect(waiting_on_my_work(page, ref, hold)).to_have_count(1)
    page.goto(f"/children/{ref}/")
    page.get_by_role("button", name="All scoping returns are in", exact=True).click()
    page.get_by_role("link", name="Schedule the rapid review meeting", exact=True).click()
    page.get_by_label("Title").fill("Rapid review meeting")
    page.get_by_label("Rapid review meeting", exact=True).check()
    fill_date(page, "Date of the meeting", today)
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("outside the window")
    axe.check(page, "Meeting outside its window")
    page.get_by_label("Reason for meeting outside the window").fill("Urgent: a sibling is at risk.")
    page.get_by_role("button", name="Schedule the meeting").click()
    page.get_by_role("link", name="Record who was invited and who attended", exact=True).click()
    for who in ["Sergeant Dan Carter", "Maya Singh", "Priya Shah"]:
        page.get_by_role("group", name=re.compile(who)).get_by_label("Attended", exact=True).check()
    axe.check(page, "Attendance")
    page.get_by_role("button", name="Save attendance").click()
    page.get_by_role("link", name="Record that the meeting was held", exact=True).click()
    fill_date(page, "Date the meeting was held", today)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record the decision", exact=True).click()
    page.get_by_label("Local child safeguarding practice review").check()
    page.get_by_label("Rationale").fill("Agencies did not share what they knew.")
    page.get_by_label("Immediate actions to keep children safe").fill("Sibling's safety plan.")
    axe.check(page, "Decision")
    page.get_by_role("button", name="Record the decision").click()
    page.goto("/")
    for done in [confirm, hold]:
        expect(waiting_on_my_work(page, ref, done)).to_have_count(0)

    # The Independent Chair endorses the decision.
    endorse = "Endorse the rapid review decision"
    sign_in_as(page, "independent.chair@example.org")
    expect(waiting_on_my_work(page, ref, endorse)).to_have_count(1)
    axe.check(page, "My work (Independent Chair, a decision to endorse)")
    page.goto(f"/cases/{ref}/meetings/")
    page.get_by_role("link", name="Rapid review meeting").first.click()
    page.get_by_role("link", name="Endorse the decision", exact=True).click()
    axe.check(page, "Endorse")
    page.get_by_role("button", name="Endorse the decision").click()
    page.goto("/")
    expect(waiting_on_my_work(page, ref, endorse)).to_have_count(0)

    # The Business Manager writes the template and records the outcome.
    write = "Write the completed Rapid Review template"
    outcome = "Send the rapid review to the National Panel and tell the outcome"
    sign_in_as(page, "business.manager@example.org")
    expect(waiting_on_my_work(page, ref, write)).to_have_count(1)
    expect(waiting_on_my_work(page, ref, outcome)).to_have_count(1)
    page.goto(f"/children/{ref}/")
    page.get_by_role("button", name=write, exact=True).click()
    # Written in the background (issue 13): the job's page links to the DOCX and PDF.
    expect(page.locator(".govuk-notification-banner")).to_contain_text("written as DOCX and PDF")
    expect(page.get_by_role("link", name=re.compile(r"Rapid Review template\.pdf"))).to_be_visible()
    axe.check(page, "The completed Rapid Review template, written")
    page.get_by_role("link", name="Back to the review").click()
    expect(page.locator("main")).to_contain_text("Completed Rapid Review template")
    page.get_by_role("link", name="Record that the outcome was sent", exact=True).click()
    fill_date(page, "Date it was sent to the National Panel", today)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("referrer have been told")
    axe.check(page, "Rapid review with its outcome")
    page.goto("/")
    for done in [write, outcome]:
        expect(waiting_on_my_work(page, ref, done)).to_have_count(0)
    review.refresh_from_db()
    assert review.outcome_sent_on == today and review.referrer_told_on == today
    decision = review.case.decisions.get()
    assert decision.kind == "cspr" and decision.endorsed_on is not None

    # The referrer sees the outcome on their work.
    sign_in_as(page, "li.member@example.org")
    page.goto(f"/children/{ref}/")
    expect(page.locator("main")).to_contain_text("Outcome sent")
    axe.check(page, "Rapid review (referrer, after the outcome)")
    axe.assert_no_violations()


def test_cspr_pages_and_publication_check(page, axe):
    demo_load()
    drafting = RapidReview.objects.get(case__pseudonym="Child C").case
    published = RapidReview.objects.get(case__pseudonym="Child D").case
    sign_in_as(page, "business.manager@example.org")
    axe.check(page, "My work (Business Manager, with cases)")
    page.goto(f"/children/{drafting.reference}/cspr/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe.check(page, "CSPR page")
    page.goto(f"/cases/{drafting.reference}/documents/")
    expect(page.locator("main")).to_contain_text("CSPR report (draft 1)")
    axe.check(page, "Drafts")
    page.goto(f"/children/{published.reference}/cspr/")
    expect(page.locator("main")).to_contain_text("the published report")
    page.goto(f"/children/{drafting.reference}/")
    axe.check(page, "Rapid review that became a CSPR")
    axe.assert_no_violations()
