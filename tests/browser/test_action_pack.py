"""The sub-group reporting pack and the evaluation table in a real browser, axe on every
page: the QA&P chair chooses their group and meeting, reads the pack with its chart and
downloads it as DOCX, PDF and XLSX; the Business Manager changes the evaluation table."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lantern.accounts.models import Role
from lantern.actions.services import (
    NewEvidence,
    action_create,
    action_update_record,
    recommendation_create,
)
from lantern.documents.jobs import FAILED
from lantern.documents.models import DocumentJob, JobStatus
from lantern.partnerships.models import GroupKind
from tests.factories import PASSWORD, AgencyFactory, CaseFactory, GroupFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "Children's social care and the hospital trust agree a written protocol for sharing "
    "discharge plans for infants under one within 24 hours of discharge."
)


def _sign_in(page, person) -> None:
    if page.get_by_role("button", name="Sign out").count():
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Lantern")
    page.goto("/account/sign-in/")
    page.get_by_label("E-mail address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")


def _learning(qap, manager, owner, police) -> None:
    """An audit's two actions monitored by QA&P: one that will be overdue at the meeting,
    one complete with evidence."""
    today = timezone.localdate()
    case = CaseFactory(partnership=qap.partnership, pathway="macfa", reference="MACFA-2026-01")
    for number, title in enumerate(["Agree the discharge protocol", "Train the duty team"]):
        recommendation = recommendation_create(
            case=case,
            text=TEXT,
            monitoring_group=qap,
            owner=manager,
            impact_measure="Audit of ten discharges shows plans shared in nine.",
            impact_review_on=today + datetime.timedelta(days=90),
            user=manager,
            keep_as_written=True,
        )
        action = action_create(
            recommendation=recommendation,
            title=title,
            lead_agency=police,
            owner=owner,
            due=today + datetime.timedelta(days=30),
            success_measure="Protocol signed by both agencies.",
            user=manager,
        )
        if number:
            action_update_record(
                action=action,
                user=owner,
                status="complete",
                note="All duty staff trained.",
                evidence=[NewEvidence("Training register", link="https://intranet.example.org/r")],
            )


def test_a_chair_reads_and_downloads_the_pack_and_the_manager_changes_the_table(
    page, axe, tmp_path
):
    qap = GroupFactory(kind=GroupKind.QAP, name="QA&P sub-group", short_name="QAP")
    partnership = qap.partnership
    GroupFactory(partnership=partnership, kind=GroupKind.LI, name="L&I sub-group")
    GroupFactory(partnership=partnership, kind=GroupKind.SAR_PANEL, name="SAR Panel")
    police = AgencyFactory(partnership=partnership, name="Demoshire Police")
    manager = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    owner = UserFactory(partnership=partnership, agency=police, full_name="Olu Owner")
    chair = UserFactory(partnership=partnership, roles=[(Role.GROUP_CHAIR, qap)])
    _learning(qap, manager, owner, police)
    meeting = timezone.localdate() + datetime.timedelta(days=60)

    _sign_in(page, chair)
    page.goto("/actions/reporting/pack/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sub-group reporting pack")
    axe.check(page, "Choose a pack")
    page.get_by_label("QA&P sub-group").check()
    page.get_by_role("button", name="Show the pack").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the meeting.")
    axe.check(page, "Choose a pack, with errors")
    dates = page.get_by_role("group", name="Date of the meeting")
    dates.get_by_label("Day").fill(str(meeting.day))
    dates.get_by_label("Month").fill(str(meeting.month))
    dates.get_by_label("Year").fill(str(meeting.year))
    page.get_by_role("button", name="Show the pack").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Reporting pack for the meeting on {meeting:%-d %B %Y}"
    )
    assert page.url.endswith(f"?group={qap.pk}&meeting={meeting.isoformat()}")
    expect(page.locator("#status-overdue + .lantern-table-scroll table")).to_contain_text(
        "Agree the discharge protocol"
    )
    expect(page.locator("#completed + .lantern-table-scroll table")).to_contain_text(
        "Training register"
    )
    chart = page.locator("svg[role=img]")
    expect(chart).to_be_visible()
    expect(chart.locator("title")).to_contain_text("Actions at each month's end")
    expect(page.get_by_role("table", name="the chart's numbers")).to_contain_text(
        f"{meeting:%b %Y}"
    )
    axe.check(page, "The pack")

    # Issue 13: each copy is prepared in the background; its page shows where it is,
    # then the download.
    page.get_by_role("button", name="Prepare a Word document (DOCX)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your Word document is ready")
    axe.check(page, "A prepared copy of the pack")
    with page.expect_download() as download:
        page.get_by_role(
            "link", name=f"Download reporting-pack-qap-{meeting.isoformat()}.docx"
        ).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"reporting-pack-qap-{meeting.isoformat()}.docx"
    from docx import Document

    document = Document(str(saved))
    assert "OFFICIAL – SENSITIVE" in document.sections[0].header.paragraphs[0].text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Agree the discharge protocol" in text and "Training register" in text
    assert len(document.inline_shapes) == 1

    # The same page while a copy is still being prepared (not reloading itself, for axe),
    # and once one failed.
    ready_url = page.url
    DocumentJob.objects.update(
        status=JobStatus.RUNNING, percent=40, progress="Writing the Word document"
    )
    page.goto(f"{ready_url}?refresh=off")
    expect(page.get_by_role("status")).to_contain_text("40% done: Writing the Word document")
    axe.check(page, "A copy of the pack being prepared")
    DocumentJob.objects.update(status=JobStatus.FAILED, error=FAILED)
    page.goto(ready_url)
    expect(page.get_by_role("alert")).to_contain_text("Something went wrong")
    axe.check(page, "A copy of the pack that failed")
    page.get_by_role("button", name="Try again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your Word document is ready")

    page.get_by_role("link", name="Back to the pack").click()
    page.get_by_role("button", name="Prepare a PDF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your PDF is ready")
    with page.expect_download() as download:
        page.get_by_role(
            "link", name=f"Download reporting-pack-qap-{meeting.isoformat()}.pdf"
        ).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(str(saved)).pages)
    assert "OFFICIAL – SENSITIVE" in text
    assert "Agree the discharge protocol" in text

    page.get_by_role("link", name="Back to the pack").click()
    page.get_by_role("button", name="Prepare a spreadsheet (XLSX)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your spreadsheet is ready")
    expect(page.locator("main dl").last).to_contain_text("(DOCX)")  # the other recent copies
    with page.expect_download() as download:
        page.get_by_role(
            "link", name=f"Download reporting-pack-qap-{meeting.isoformat()}.xlsx"
        ).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    from openpyxl import load_workbook

    book = load_workbook(str(saved))
    assert book["Overdue"]["B5"].value == "Agree the discharge protocol"
    assert book["Completed"]["B5"].value == "Train the duty team"
    assert len(book["Progress"]._charts) == 1

    _sign_in(page, manager)
    page.goto("/actions/reporting/evaluation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluation table")
    reviews = page.get_by_role("row", name="Case reviews")
    expect(reviews).to_contain_text("L&I sub-group")
    axe.check(page, "Evaluation table")
    page.get_by_role("button", name="Change the evaluation table").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the evaluation table")
    axe.check(page, "Change the evaluation table")
    page.get_by_label("Report case reviews to").select_option(label="SAR Panel")
    page.get_by_role("button", name="Save the evaluation table").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The evaluation table has been saved."
    )
    expect(reviews).to_contain_text("SAR Panel")
    expect(reviews).to_contain_text("This partnership")
    axe.check(page, "Evaluation table, changed")
    axe.assert_no_violations()
