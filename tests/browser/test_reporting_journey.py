"""Issue 16's "Done when" in a real browser, on the demo: the Business Manager starts the
SAB annual report for the last complete financial year, finds every Schedule 2 item
(a)–(g) filled from the records (the SAR concluded in the year, the one ongoing at its
end, the finding decided not to be implemented with its reason) under the draft marking,
writes each statutory narrative (a control character first: refused, nothing saved) and
submits it; the Independent Chair approves it; the manager records a sending and puts it
on the public site, where it opens signed out with no marking; its DOCX and PDF download.
Then the dashboards open for the manager, filtered, and for the Executive member, and the
360 evaluation opens. axe-core (WCAG 2.2 AA) on every page; every page reflows at 320 px.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lantern.demo.services import demo_load
from lantern.demo.year import NOT_ACTING_REASON, ONGOING, PSEUDONYM
from lantern.documents.models import DRAFT_MARKING
from lantern.reports.models import AnnualReport, ReportKind, ReportStatus
from lantern.reports.period import financial_year_label, last_complete_financial_year
from lantern.reports.sections import SAB_SECTIONS

from .helpers import assert_reflows, fill_date, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MANAGER = "business.manager@example.org"
CHAIR = "independent.chair@example.org"
EXECUTIVE = "executive.member@example.org"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _check(page, axe, where: str) -> None:
    axe.check(page, where)
    assert_reflows(page, where)


def _press(page, name: str) -> None:
    """A link styled as a button (role=button, as GOV.UK's start buttons are) or a link."""
    page.get_by_role("link", name=name, exact=True).or_(
        page.get_by_role("button", name=name, exact=True)
    ).click()


def _section(page, key: str):
    return page.locator(f'section[aria-labelledby="section-{key}"]')


def _narrative(spec) -> str:
    # Plain words: no name and no contact details, which approval would refuse.
    return f"The Board's account of {spec.title.lower()} for the year."


def test_the_manager_drafts_the_sab_report_the_chair_approves_it_and_it_is_published(
    page, axe, browser, live_server
):
    demo_load()
    year = last_complete_financial_year(timezone.localdate())
    label = financial_year_label(year)

    # --- Reports: the SAB annual report started for the last complete year ---------------
    sign_in_as(page, MANAGER)
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    _check(page, axe, "reports")
    page.get_by_role("link", name="Annual reports", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual reports")
    _check(page, axe, "annual reports")
    page.get_by_label(ReportKind.SAB.label, exact=True).check()
    page.get_by_label("Financial year").select_option(label=label)
    page.get_by_role("button", name="Start the report").click()
    expect(page.get_by_text("The report has been started from the records.")).to_be_visible()
    report = AnnualReport.objects.get(
        partnership__slug="demo", kind=ReportKind.SAB, year_start=year.start
    )
    detail = page.url
    assert detail.endswith(f"/reports/annual/{report.pk}/")
    _check(page, axe, "the draft")

    # --- Every Schedule 2 item (a)–(g) shows figures from the demo, under the marking ------
    main = page.locator("main")
    expect(main).to_contain_text(DRAFT_MARKING)
    statutory = [spec for spec in SAB_SECTIONS if spec.statutory]
    assert [spec.basis[-3:] for spec in statutory] == [f"({c})" for c in "abcdefg"]
    for spec in statutory:
        section = _section(page, spec.key)
        expect(section.get_by_role("heading", level=2)).to_have_text(spec.title)
        # A table or figures drawn from the records, not only "nothing recorded".
        assert section.locator("table, dl.govuk-summary-list").count(), (
            f"{spec.basis}: {spec.title} has no figures from the demo"
        )
    concluded = _section(page, "sars-concluded")
    expect(concluded).to_contain_text(PSEUDONYM)
    expect(_section(page, "sars-ongoing")).to_contain_text(ONGOING)
    expect(_section(page, "sars-not-implementing")).to_contain_text(NOT_ACTING_REASON)
    reference = report.facts["sections"]["sars-concluded"][0]["rows"][0][0]
    expect(concluded).to_contain_text(reference)

    # --- Each statutory narrative written; a control character refused first --------------
    writable = [spec for spec in statutory if not spec.per_member]
    first = writable[0]
    page.get_by_role("link", name=f"Change {first.title}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
    _check(page, axe, f"edit {first.key}")
    page.get_by_label("What the report says").fill("Figures pasted with a null\x00 in them.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: "))
    _check(page, axe, f"edit {first.key}: refused")
    assert report.sections.get(key=first.key).narrative == ""
    for spec in writable:
        page.goto(detail)
        page.get_by_role("link", name=f"Change {spec.title}", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(spec.title)
        if spec is not first:
            _check(page, axe, f"edit {spec.key}")
        page.get_by_label("What the report says").fill(_narrative(spec))
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text(f"“{spec.title}” has been saved.")).to_be_visible()
        expect(_section(page, spec.key)).to_contain_text(_narrative(spec))
    _check(page, axe, "the draft, written")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("The report has been submitted for approval.")).to_be_visible()
    _check(page, axe, "the draft, submitted")

    # --- The Independent Chair approves it ------------------------------------------------
    sign_in_as(page, CHAIR)
    page.goto(detail)
    _check(page, axe, "the draft, to approve")
    _press(page, "Approve")
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve the report")
    _check(page, axe, "approve")
    page.get_by_label("Approved as").fill("Independent Chair, on behalf of the Board")
    page.get_by_role("button", name="Approve it").click()
    expect(page.get_by_text("The report has been approved.")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(DRAFT_MARKING)
    _check(page, axe, "approved")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED

    # --- The manager records a sending and puts it on the public site ----------------------
    sign_in_as(page, MANAGER)
    page.goto(detail)
    _press(page, "Record a sending")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a sending")
    _check(page, axe, "record a sending")
    page.get_by_label("The local authority's chief executive", exact=True).check()
    fill_date(page, "Date it was sent", timezone.localdate())
    page.get_by_label("How it was sent").fill("By e-mail to the chief executive's office")
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("has been recorded.")).to_be_visible()
    _check(page, axe, "approved, sent")
    page.get_by_role("button", name="Put it on the public site").click()
    expect(page.get_by_text("The report is on the public site.")).to_be_visible()
    _check(page, axe, "approved, published")

    # The documents, for those who may read annual reports.
    for suffix, kind in (("report.docx", DOCX), ("report.pdf", "application/pdf")):
        response = page.request.get(f"/reports/annual/{report.pk}/{suffix}")
        assert response.status == 200, suffix
        assert response.headers["content-type"] == kind
        assert len(response.body()) > 1000

    # --- The public page opens signed out, with no marking ---------------------------------
    public = browser.new_context(base_url=live_server.url, bypass_csp=True)
    try:
        reader = public.new_page()
        reader.goto("/p/demo/annual-reports/")
        _check(reader, axe, "public list")
        reader.get_by_role("link", name=report.title).click()
        assert reader.url.endswith(f"/p/demo/annual-reports/{year.start.year}/sab/")
        expect(reader.get_by_role("heading", level=1)).to_have_text(report.title)
        expect(reader.locator("main")).not_to_contain_text(DRAFT_MARKING)
        expect(reader.locator("main")).to_contain_text(PSEUDONYM)
        expect(reader.locator("main")).to_contain_text(_narrative(first))
        _check(reader, axe, "public report")
        for suffix, kind in (("report.docx", DOCX), ("report.pdf", "application/pdf")):
            response = reader.request.get(f"/p/demo/annual-reports/{year.start.year}/sab/{suffix}")
            assert response.status == 200, suffix
            assert response.headers["content-type"] == kind
    finally:
        public.close()

    # --- The dashboards: the manager's, filtered; the Executive's; the 360 evaluation ------
    page.goto("/reports/")
    page.get_by_role("link", name="Reporting dashboard", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reporting dashboard")
    _check(page, axe, "dashboard")
    page.get_by_label("Pathway", exact=True).select_option("sar")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"pathway=sar"))
    expect(page.locator("main")).to_contain_text("Pathway: Safeguarding Adult Review")
    _check(page, axe, "dashboard, filtered")
    page.goto("/reports/")
    page.get_by_role("link", name="360 evaluation", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("360 evaluation")
    _check(page, axe, "360 evaluation")

    sign_in_as(page, EXECUTIVE)
    page.goto("/reports/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reporting dashboard")
    _check(page, axe, "dashboard, the Executive")
    axe.assert_no_violations()
