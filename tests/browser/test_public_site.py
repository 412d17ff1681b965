"""Publications and the public "Learning from reviews" site in a real browser (issue 14):
a member of the L&I sub-group drafts a briefing (refused while it carries an e-mail
address), its chair approves it, the Business Unit publishes it; then, without signing
in, the public site lists it in its section, finds it by search and by theme, and shows
the item and its report. axe-core on every page, and the public pages reflow at 320 px."""

import pytest
from playwright.sync_api import expect

from lantern.accounts.models import Role
from lantern.partnerships.models import GroupKind
from tests.factories import PASSWORD, GroupFactory, PartnershipFactory, UserFactory

from .helpers import assert_reflows, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _banner(page, text: str) -> None:
    expect(page.locator(".govuk-notification-banner")).to_contain_text(text)


def test_a_briefing_is_drafted_approved_published_and_found_without_signing_in(
    page, axe, browser, live_server
):
    partnership = PartnershipFactory(
        slug="brightshire", name="Brightshire Safeguarding Partnership"
    )
    li = GroupFactory(partnership=partnership, kind=GroupKind.LI, name="L&I sub-group")
    member = UserFactory(partnership=partnership, roles=[(Role.GROUP_MEMBER, li)])
    chair = UserFactory(partnership=partnership, roles=[(Role.GROUP_CHAIR, li)])
    unit = UserFactory(partnership=partnership, roles=[Role.BUSINESS_UNIT_OFFICER])

    sign_in_as(page, member.email, PASSWORD)
    page.goto("/publications/")
    axe.check(page, "Publications")
    page.get_by_role("button", name="New publication").click()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title.")
    axe.check(page, "New publication with errors")
    page.get_by_label("What kind of publication is it?").select_option(label="Briefing")
    page.get_by_label("Title", exact=True).fill("Seven-minute briefing: missed health appointments")
    page.get_by_label("Summary", exact=True).fill(
        "Was not brought: what a missed appointment can mean."
    )
    page.get_by_label("Report", exact=True).fill(
        "## What happened\nA child missed six appointments.\n\n"
        "- Ask why\n- Tell the health visitor\n\nQuestions: duty@brightshire.example.org"
    )
    page.get_by_label("Themes").fill("Was not brought\nNeglect")
    page.get_by_label("Key findings").fill("Missed appointments were not followed up.")
    page.get_by_role("button", name="Save the draft").click()
    _banner(page, "The draft is saved.")
    expect(page.locator("#problems")).to_contain_text("e-mail address")
    axe.check(page, "A draft that cannot be submitted yet")
    page.get_by_role("button", name="Change the draft").click()
    page.get_by_label("Report", exact=True).fill(
        "## What happened\nA child missed six appointments.\n\n- Ask why\n- Tell the health visitor"
    )
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("button", name="Submit for approval").click()
    _banner(page, "It is sent to the L&I sub-group for approval.")
    url = page.url

    sign_in_as(page, chair.email, PASSWORD)
    page.goto(url)
    page.get_by_role("button", name="Approve for publication").click()
    _banner(page, "It is approved for publication.")
    axe.check(page, "An approved publication")

    sign_in_as(page, unit.email, PASSWORD)
    page.goto(url)
    page.get_by_role("button", name="Publish").click()
    axe.check(page, "Publish (embargo)")
    page.get_by_role("button", name="Publish").click()
    _banner(page, "It is published on the public site.")

    # The public, in a browser that never signed in.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    public = context.new_page()
    try:
        public.goto("/p/brightshire/learning/")
        expect(public.get_by_role("heading", level=1)).to_have_text("Learning from reviews")
        expect(public.get_by_role("button", name="Sign out")).to_have_count(0)
        for heading in ("Learning from children's reviews", "National learning"):
            expect(public.get_by_role("heading", name=heading)).to_be_visible()
        expect(public.get_by_role("link", name="the SAR Library", exact=False)).to_be_visible()
        axe.check(public, "Public: learning from reviews")
        assert_reflows(public, "Public: learning from reviews")
        public.get_by_label("Search the learning").fill("missed appointments")
        public.get_by_role("button", name="Search").click()
        expect(public.get_by_role("heading", level=2, name="1 result", exact=False)).to_be_visible()
        axe.check(public, "Public: search results")
        public.get_by_label("Search the learning").fill("")
        public.get_by_label("Theme").select_option("Was not brought")
        public.get_by_role("button", name="Search").click()
        title = "Seven-minute briefing: missed health appointments"
        public.get_by_role("link", name=title).click()
        expect(public.get_by_role("heading", level=1)).to_have_text(title)
        axe.check(public, "Public: an item")
        assert_reflows(public, "Public: an item")
        public.get_by_role("link", name="The report as a web page").click()
        expect(public.get_by_role("heading", name="What happened")).to_be_visible()
        axe.check(public, "Public: the report")
        assert_reflows(public, "Public: the report")
        public.get_by_role("link", name="Back to", exact=False).click()
        public.get_by_role("link", name="Back to national learning").click()
        expect(public.get_by_role("heading", level=1)).to_have_text("National learning")
        axe.check(public, "Public: national learning")
        assert_reflows(public, "Public: national learning")
    finally:
        context.close()
    axe.assert_no_violations()
