"""A chronology from upload to export in a real browser, axe on every page: the police's
representative uploads a file with a mistake, fixes it, and the case lead reads the
integrated chronology with a likely duplicate flagged, filters it and downloads it."""

import datetime

import pytest
from playwright.sync_api import expect

from lantern.cases.models import Capacity
from lantern.chronology.services import entry_add
from tests.factories import PASSWORD, AgencyFactory, CaseFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "Date,Time,Agency,Source record,Event,Action taken,Practitioner role\n"


def _sign_in(page, person) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("E-mail address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")


def test_upload_to_export(page, axe, tmp_path):
    case = CaseFactory()
    police = AgencyFactory(partnership=case.partnership, name="Demoshire Police")
    hospital = AgencyFactory(partnership=case.partnership, name="Demo Hospitals")
    rep = MembershipFactory(
        case=case, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=police
    ).person
    lead = MembershipFactory(case=case, capacity=Capacity.LEAD).person
    entry_add(
        case=case,
        agency=hospital,
        happened_on=datetime.date(2026, 3, 2),
        event="Child brought to A&E with a head injury by mother",
    )
    bad = tmp_path / "police.csv"
    bad.write_text(HEADER + "31/02/2026,,,,Called to the home,,\n")
    good = tmp_path / "police-fixed.csv"
    good.write_text(
        HEADER
        + "02/03/2026,21:00,Demoshire Police,CAD 1,Child brought to A&E with head injury,,PC\n"
        + "05/03/2026,,,,Visit to the home with social care,,PC\n"
    )

    _sign_in(page, rep)
    page.goto(f"/cases/{case.reference}/chronology/")
    axe.check(page, "Chronology (representative)")
    page.get_by_role("link", name="Upload Demoshire Police's chronology").click()
    axe.check(page, "Upload page")
    page.get_by_label("Upload your agency's chronology").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check the chronology").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Row 2, column 'Date': '31/02/2026' is not a real date"
    )
    axe.check(page, "Import refused")
    page.get_by_role("link", name="Upload a corrected file").click()
    page.get_by_label("Upload your agency's chronology").set_input_files(str(good))
    page.get_by_role("button", name="Upload and check the chronology").click()
    expect(page.locator(".govuk-panel")).to_contain_text("2 entries imported")
    axe.check(page, "Import done")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Lantern")
    _sign_in(page, lead)
    page.goto(f"/cases/{case.reference}/chronology/")
    expect(page.locator(".govuk-tag", has_text="Likely duplicate")).to_have_count(2)
    axe.check(page, "Integrated chronology")
    page.get_by_text("Filter the chronology").click()
    page.get_by_label("Demoshire Police").check()
    page.get_by_label("From (date)").fill("2026-03-04")
    page.get_by_role("button", name="Apply filters").click()
    rows = page.locator("tbody tr[id^=entry-]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Visit to the home")
    axe.check(page, "Filtered chronology")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a spreadsheet (XLSX)").click()
    assert download.value.suggested_filename == f"{case.reference}-chronology.xlsx"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Word (DOCX)").click()
    saved = tmp_path / "out.docx"
    download.value.save_as(saved)
    assert saved.stat().st_size > 1000
    axe.assert_no_violations()
