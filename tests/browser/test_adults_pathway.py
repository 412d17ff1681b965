"""A Safeguarding Adult Review from referral to publication in a real browser, by the
worker who refers, the Business Manager, the Independent Chair and an agency; axe on every
page. Everything happens today, so each date is today's."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from lantern.accounts.models import User
from lantern.adults.models import SarReferral
from lantern.agencyrequests.models import AgencyRequest
from lantern.agencyrequests.services import request_submit
from lantern.demo.services import demo_load
from lantern.documents.services import document_upload
from tests.browser.helpers import fill_date, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _click_and_date(page, link: str, legend: str, button: str = "Save") -> None:
    page.get_by_role("link", name=link, exact=True).click()
    fill_date(page, legend, timezone.localdate())
    page.get_by_role("button", name=button).click()


def _answer_as_the_agencies(case, kind: str) -> None:
    """Each agency's own representative answers: requests no longer go to the Business Unit."""
    requests = list(AgencyRequest.objects.filter(case=case, kind=kind))
    assert requests, f"no {kind} requests were sent"
    for request in requests:
        person = request.recipients.filter(is_active=True).first()
        assert person is not None, f"the {kind} request to {request.agency} reached nobody"
        request_submit(request=request, user=person, response="Our records.", records_secured=True)


def _press(page, button: str, message: str) -> None:
    """Press a case-page button and wait for its confirmation, so the write has happened."""
    page.get_by_role("button", name=button).click()
    expect(page.locator("main")).to_contain_text(message)


def _my_work_row(page, ref: str, title: str):
    page.goto("/")
    return page.locator("table.lantern-work tr").filter(has_text=ref).filter(has_text=title)


def test_sar_from_referral_to_publication(page, axe):
    demo_load()
    today = timezone.localdate()

    # A social worker refers; an incomplete form is explained first.
    sign_in_as(page, "theme.lead@example.org")
    page.get_by_role("link", name="Refer for a Safeguarding Adult Review", exact=True).click()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe.check(page, "SAR referral with errors")
    page.get_by_label("Referring agency").select_option(label="Demoshire Council Adult Social Care")
    page.get_by_label("Name of the person who authorised the referral").fill("Helen Carter")
    page.get_by_role("group", name="Who authorised it?").get_by_role("radio").first.check()
    fill_date(page, "Date it was authorised", today)
    page.get_by_label("Adult's full name").fill("Robin Browseradult")
    for question in [
        "Does the adult have needs for care and support?",
        "Was the abuse or neglect serious?",
        "Is there concern that agencies could have worked together more effectively?",
    ]:
        page.get_by_role("group", name=question).get_by_label("Yes").check()
    page.get_by_label("The adult is alive").check()
    page.get_by_role("group", name="Is abuse or neglect known or suspected?").get_by_role(
        "radio"
    ).first.check()
    page.get_by_label("What happened").fill("Pressure sores and weight loss in a care home.")
    for agency in ["Meadowview Care Home", "Demoshire Police"]:
        page.get_by_label(agency, exact=True).check()
    page.get_by_role("button", name="Send the referral").click()
    referral = SarReferral.objects.get(case__subject__full_name="Robin Browseradult")
    ref = referral.case.reference
    axe.check(page, "SAR page (referrer)")

    # The Business Manager screens it with the SAR Panel chair.
    sign_in_as(page, "business.manager@example.org")
    page.goto(f"/adults/{ref}/")
    page.get_by_role("link", name="Record the screening", exact=True).click()
    page.get_by_label("SAR Panel chair who screened it with you").select_option(index=1)
    fill_date(page, "Date it was screened", today)
    axe.check(page, "Screening")
    page.get_by_role("button", name="Save").click()

    # The Independent Chair signs it off for scoping.
    sign_in_as(page, "independent.chair@example.org")
    page.goto(f"/adults/{ref}/")
    _press(page, "Sign off for scoping", "Signed off for scoping.")

    # Scoping, the decision, the Chair's agreement and the family.
    # Every agency has someone to ask (Meadowview its nominated representative), so the
    # button sends at once and the confirmation names who was asked.
    sign_in_as(page, "business.manager@example.org")
    page.goto(f"/adults/{ref}/")
    _press(page, "Ask every involved agency for scoping", "Every involved agency has been asked")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Daniel Osei")
    manager = User.objects.get(email="business.manager@example.org")
    # The scoping request waits on Meadowview's representative's My work until answered.
    carer = User.objects.get(email="carehome.rep@example.org")
    scoping = AgencyRequest.objects.get(case=referral.case, kind="scoping", agency=carer.agency)
    assert list(scoping.recipients.all()) == [carer]
    sign_in_as(page, carer.email)
    expect(_my_work_row(page, ref, scoping.title)).to_have_count(1)
    _answer_as_the_agencies(referral.case, "scoping")
    expect(_my_work_row(page, ref, scoping.title)).to_have_count(0)
    sign_in_as(page, "business.manager@example.org")
    page.goto(f"/adults/{ref}/")
    page.reload()
    _press(page, "All scoping returns are in", "All scoping returns are in. The sub-group")
    page.get_by_role("link", name="Record the sub-group's decision", exact=True).click()
    page.get_by_role("group", name="What did the sub-group decide?").get_by_role(
        "radio"
    ).first.check()
    page.get_by_label("Rationale").fill(
        "Care Act s44 is met: serious neglect, concern about agencies."
    )
    fill_date(page, "Date of the decision", today)
    axe.check(page, "SAR decision")
    page.get_by_role("button", name="Save").click()
    # The Chair's agreement waits on the Chair's My work, and leaves it once given.
    sign_in_as(page, "independent.chair@example.org")
    to_agree = _my_work_row(page, ref, "Agree the Safeguarding Adult Review")
    expect(to_agree).to_have_count(1)
    page.goto(f"/adults/{ref}/")
    _press(page, "Agree the SAR", "The SAR is agreed.")
    expect(_my_work_row(page, ref, "Agree the Safeguarding Adult Review")).to_have_count(0)
    sign_in_as(page, "business.manager@example.org")
    page.goto(f"/adults/{ref}/")
    page.get_by_role("link", name="Record that the family was told", exact=True).click()
    fill_date(page, "Date the family was told", today)
    page.get_by_label("Who told the family").fill("The Independent Chair")
    page.get_by_role("button", name="Save").click()

    # The review, month by month (all recorded today here).
    _click_and_date(page, "Commission the SAR", "Date")
    axe.check(page, "SAR commissioned, with its timetable")
    _click_and_date(
        page, "Record the reviewers commissioned", "Date the reviewers were commissioned"
    )
    _click_and_date(
        page, "Record the initial scoping meeting", "Date of the initial scoping meeting"
    )
    # The draft report is refused until every IMR is back and a draft is on the case.
    page.get_by_role("link", name="Request IMRs", exact=True).click()
    for agency in ["Meadowview Care Home", "Demoshire Police"]:
        page.get_by_label(agency, exact=True).check()
    fill_date(page, "IMR due", today)
    page.get_by_role("button", name="Save").click()
    _click_and_date(
        page, "Record the draft final report", "Date the draft final report went to the SAR Panel"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("needs every one of the IMRs")
    axe.check(page, "Draft report refused")
    _answer_as_the_agencies(referral.case, "imr")
    page.goto(f"/adults/{ref}/")
    _click_and_date(
        page, "Record the draft final report", "Date the draft final report went to the SAR Panel"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("needs a draft report")
    document_upload(
        case=referral.case, title="SAR draft report", kind="report_draft", user=manager,
        is_draft=True, file=ContentFile(b"Adult E: the draft.", name="draft.txt"),
    )  # fmt: skip
    page.goto(f"/adults/{ref}/")
    _click_and_date(
        page, "Record the draft final report", "Date the draft final report went to the SAR Panel"
    )
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    _click_and_date(page, "Record the SAR Committee", "Date of the SAR Committee")
    # After the committee the sign-off waits on the Independent Chair's My work too.
    sign_in_as(page, "independent.chair@example.org")
    expect(_my_work_row(page, ref, "Sign off the SAR report for the SAB")).to_have_count(1)
    sign_in_as(page, "business.manager@example.org")
    page.goto(f"/adults/{ref}/")
    page.get_by_role("link", name="Record the SAB sign-off", exact=True).click()
    fill_date(page, "Date the SAB signed it off", today)
    page.get_by_role("group", name="What will be published?").get_by_role("radio").first.check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("The sign-off is recorded.")
    sign_in_as(page, "independent.chair@example.org")
    expect(_my_work_row(page, ref, "Sign off the SAR report for the SAB")).to_have_count(0)
    sign_in_as(page, "business.manager@example.org")
    page.goto(f"/adults/{ref}/")
    _click_and_date(page, "Record the report shared with the family", "Date")

    # Publication is refused while the report names the adult.
    named = document_upload(
        case=referral.case, title="SAR report", kind="final_report", user=manager, is_draft=False,
        file=ContentFile(b"Robin Browseradult lived at Meadowview.", name="sar.txt"),
    )  # fmt: skip
    page.get_by_role("link", name="Choose the report to publish", exact=True).click()
    page.get_by_label("Report to publish").select_option(label=str(named))
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record publication", exact=True).click()
    fill_date(page, "Date of publication", today)
    page.get_by_label("Link to the published report").fill("https://example.org/sar/adult-e")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("names the adult")
    # Nothing is published before the adult has a pseudonym: the case's lead chooses one.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the pseudonym")
    axe.check(page, "Publication refused")
    page.goto(f"/cases/{ref}/edit/")
    page.get_by_label("Pseudonym").fill("Adult E")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    document_upload(
        case=referral.case, title="SAR report", kind="final_report", user=manager, is_draft=False,
        supersedes=named, file=ContentFile(b"Adult E lived in a care home.", name="sar.txt"),
    )  # fmt: skip
    page.goto(f"/adults/{ref}/")
    page.get_by_role("link", name="Choose the report to publish", exact=True).click()
    page.get_by_label("Report to publish").select_option(index=1)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record publication", exact=True).click()
    fill_date(page, "Date of publication", today)
    page.get_by_label("Link to the published report").fill("https://example.org/sar/adult-e")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("the published report")
    axe.check(page, "SAR published")
    referral.refresh_from_db()
    assert referral.case.sar.published_on == today
    axe.assert_no_violations()
