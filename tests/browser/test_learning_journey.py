"""Issue 14's "Done when" in a real browser: a review (a SAR, made with the factories up to
its publication step) is published through the publications pages by the right people
(the Business Unit submits and publishes, the L&I sub-group's chair approves); a
seven-minute briefing is drafted from its findings and recommendations, edited, approved
and published, and a seminar that presented it is recorded; then, without signing in, both
are on the partnership's public site and found by its search; then, signed in, both are
found in the learning library by search. axe-core (WCAG 2.2 AA) on every page; the public
and library pages reflow at 320 CSS px."""

import datetime

import pytest
from playwright.sync_api import expect

from lantern.accounts.models import Role
from lantern.actions.models import Finding, Recommendation
from lantern.partnerships.models import GroupKind
from lantern.publications import services
from lantern.publications.models import Kind
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    CaseFactory,
    GroupFactory,
    PartnershipFactory,
    SubjectFactory,
    UserFactory,
)

from .helpers import assert_reflows, fill_date, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECT_NAME = "Philomena Strathcarron"
REVIEW = "Adult R: learning from a safeguarding adult review"
BRIEFING = "Seven-minute briefing: Adult R"


def _banner(page, text: str) -> None:
    expect(page.locator(".govuk-notification-banner")).to_contain_text(text)


def _check(page, axe, where: str) -> None:
    axe.check(page, where)
    assert_reflows(page, where)


def test_a_review_and_its_briefing_are_published_and_found_in_public_and_in_the_library(
    page, axe, browser, live_server
):
    partnership = PartnershipFactory(slug="fenshire", name="Fenshire Safeguarding Partnership")
    li = GroupFactory(partnership=partnership, kind=GroupKind.LI, name="L&I sub-group")
    chair = UserFactory(partnership=partnership, roles=[(Role.GROUP_CHAIR, li)])
    unit = UserFactory(partnership=partnership, roles=[Role.BUSINESS_UNIT_OFFICER])
    agency = AgencyFactory(partnership=partnership, name="Fenshire Adult Social Care")
    case = CaseFactory(
        partnership=partnership,
        reference="SAR-2026-03",
        pathway="sar",
        stage="publication",
        pseudonym="Adult R",
        subject=SubjectFactory(partnership=partnership, kind="adult", full_name=SUBJECT_NAME),
    )
    Finding.objects.create(
        case=case,
        number=1,
        text="Severe hoarding was seen by five agencies but nobody assessed capacity.",
        created_by=unit,
    )
    Recommendation.objects.create(
        partnership=partnership,
        case=case,
        number=1,
        text="Practitioners use the hoarding protocol and record a capacity assessment.",
        monitoring_group=li,
        owner=chair,
        impact_measure="Audited hoarding cases show a capacity assessment.",
        impact_review_on=datetime.date(2027, 6, 1),
        created_by=unit,
    )
    # The review's report, drafted as the SAR's publication step leaves it.
    review = services.publication_create(
        partnership=partnership,
        user=unit,
        kind=Kind.SAR_SUMMARY,
        case=case,
        title=REVIEW,
        pseudonym="Adult R",
        summary="Adult R lived with severe hoarding; nobody assessed her capacity.",
        body="## What happened\nAdult R lived alone with severe hoarding.",
        themes=["Self-neglect"],
        key_findings=["Severe hoarding was seen by five agencies but nobody assessed capacity."],
    )

    # The review: submitted and published by the Business Unit, approved by the L&I chair.
    sign_in_as(page, unit.email, PASSWORD)
    page.goto(f"/publications/{review.pk}/")
    axe.check(page, "A review's draft publication")
    page.get_by_role("button", name="Submit for approval").click()
    _banner(page, "It is sent to the L&I sub-group for approval.")
    sign_in_as(page, chair.email, PASSWORD)
    page.goto(f"/publications/{review.pk}/")
    page.get_by_role("button", name="Approve for publication").click()
    _banner(page, "It is approved for publication.")
    sign_in_as(page, unit.email, PASSWORD)
    page.goto(f"/publications/{review.pk}/")
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("button", name="Publish").click()
    _banner(page, "It is published on the public site.")

    # The seven-minute briefing, drafted from the review's records.
    page.goto("/publications/")
    axe.check(page, "Publications")
    page.get_by_role("button", name="Draft a seven-minute briefing").click()
    page.get_by_role("button", name="Draft the briefing").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the review or audit the briefing is about."
    )
    axe.check(page, "Draft a seven-minute briefing, with an error")
    page.get_by_label("Which review or audit is it about?").select_option(
        label="SAR-2026-03: Adult R — Safeguarding Adult Review"
    )
    page.get_by_role("button", name="Draft the briefing").click()
    _banner(page, "The briefing is drafted")
    expect(page.get_by_role("heading", level=1)).to_have_text(BRIEFING)
    for heading in ("What happened", "What we learned", "Questions for teams"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_text("nobody assessed capacity", exact=False).first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(SUBJECT_NAME)
    axe.check(page, "A drafted seven-minute briefing")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download it as a Word document (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")
    page.get_by_role("button", name="Change the draft").click()
    report = page.get_by_label("Report", exact=True)
    report.fill(
        report.input_value().replace(
            "This briefing shares", "Adult R lived alone and refused help. This briefing shares"
        )
    )
    page.get_by_role("button", name="Save the draft").click()
    _banner(page, "The draft is saved.")
    page.get_by_role("button", name="Submit for approval").click()
    _banner(page, "It is sent to the L&I sub-group for approval.")
    briefing_url = page.url

    sign_in_as(page, chair.email, PASSWORD)
    page.goto(briefing_url)
    page.get_by_role("button", name="Approve for publication").click()
    _banner(page, "It is approved for publication.")
    sign_in_as(page, unit.email, PASSWORD)
    page.goto(briefing_url)
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("button", name="Publish").click()
    _banner(page, "It is published on the public site.")

    # A lunchtime seminar that presented it: evidence of dissemination.
    page.get_by_role("link", name="Record a seminar or briefing delivered").click()
    page.get_by_label("Lunchtime seminar").check()
    fill_date(page, "Date delivered", datetime.date.today() + datetime.timedelta(days=2))
    page.get_by_label("What it was about").fill("Hoarding and capacity: Adult R")
    page.get_by_label("Audience").fill("Housing officers and social workers")
    page.get_by_label("Fenshire Adult Social Care").check()
    page.get_by_label("Number attending").fill("31")
    page.get_by_role("button", name="Record it").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("today or in the past")
    axe.check(page, "Record a seminar, with an error")
    fill_date(page, "Date delivered", datetime.date.today() - datetime.timedelta(days=1))
    page.get_by_role("button", name="Record it").click()
    _banner(page, "The seminar or briefing is recorded.")
    expect(page.locator("main")).to_contain_text(agency.name)
    axe.check(page, "A published briefing with its seminar")

    # The public, in a browser that never signed in.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    public = context.new_page()
    try:
        public.goto("/p/fenshire/learning/")
        expect(public.get_by_role("button", name="Sign out")).to_have_count(0)
        for title in (REVIEW, BRIEFING):
            expect(public.get_by_role("link", name=title, exact=True).first).to_be_visible()
        _check(public, axe, "Public: learning from reviews")
        public.get_by_label("Search the learning").fill("hoarding")
        public.get_by_role("button", name="Search").click()
        expect(
            public.get_by_role("heading", level=2, name="2 results", exact=False)
        ).to_be_visible()
        _check(public, axe, "Public: search results")
        public.get_by_role("link", name=BRIEFING, exact=True).first.click()
        expect(public.get_by_role("heading", level=1)).to_have_text(BRIEFING)
        _check(public, axe, "Public: the briefing")
        public.get_by_role("link", name="The report as a web page").click()
        expect(public.get_by_role("heading", name="What to do differently")).to_be_visible()
        expect(public.locator("main")).to_contain_text("hoarding protocol")
        _check(public, axe, "Public: the briefing as a web page")
        assert SUBJECT_NAME not in public.content()
    finally:
        context.close()

    # Signed in: both in the learning library, by search.
    page.get_by_role("link", name="Library").click()
    page.get_by_label("Search the library").fill("hoarding capacity")
    page.get_by_role("button", name="Search", exact=True).click()
    for title in (REVIEW, BRIEFING):
        expect(page.get_by_role("link", name=title, exact=True).first).to_be_visible()
    _check(page, axe, "Library: search results")
    axe.assert_no_violations()
