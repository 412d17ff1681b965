"""Rule (issue 12, item 7): text is cleaned once where it comes in, so one control character
pasted from Excel (U+000B, U+0001, NUL) never breaks an export; and every spreadsheet
Lantern writes shows a formula as text (item 9)."""

import datetime
import io

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lantern.cases.models import Capacity
from lantern.chronology.models import ChronologyEntry
from lantern.web.forms import GovukForm
from lantern.web.text import clean_text, spreadsheet_cell
from tests.chronology.conftest import Agencies, csv_file
from tests.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("line one\x0bline two", "line one\nline two"),  # Excel's line break in a cell
        ("a\r\nb\rc\x0cd\u2028e", "a\nb\nc\nd\ne"),
        ("bell\x07, start\x01, nul\x00, del\x7f, c1\x9b", "bell, start, nul, del, c1"),
        ("tab\tand newline\nkept", "tab\tand newline\nkept"),
        ("Zoë — “quoted” 😀", "Zoë — “quoted” 😀"),
    ],
)
def test_clean_text_keeps_what_a_reader_sees(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize("raw", ['=HYPERLINK("x")', "+1", "-1+2", "@SUM(A1)", "\t=1"])
def test_a_spreadsheet_cell_never_starts_a_formula(raw):
    assert spreadsheet_cell(raw).startswith("'")


def test_a_spreadsheet_cell_leaves_other_values_alone():
    assert spreadsheet_cell("Police") == "Police"
    assert spreadsheet_cell(3) == 3
    assert spreadsheet_cell(datetime.date(2026, 1, 2)) == datetime.date(2026, 1, 2)


class _Form(GovukForm):
    title = forms.CharField(max_length=20)
    notes = forms.CharField(widget=forms.Textarea)


def test_every_form_cleans_its_text_fields_even_those_added_later():
    form = _Form({"title": "Two\x0blines\x01", "notes": "One\x0bTwo", "later": "x\x02y"})
    form.fields["later"] = forms.CharField()
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"title": "Two lines", "notes": "One\nTwo", "later": "xy"}


def test_a_form_refuses_a_nul_with_a_message_as_the_api_does():
    form = _Form({"title": "A\x00", "notes": "B"})
    assert not form.is_valid()
    assert form.errors["title"] == ["Null characters are not allowed."]


def test_a_case_title_pasted_with_control_characters_is_saved_clean(client, cast):
    client.force_login(cast.member)
    response = client.post(
        reverse("cases:edit", args=[cast.case.reference]),
        {"title": "Working\x0btitle\x01", "confidentiality": "strictly_confidential"},
    )
    assert response.status_code == 302
    cast.case.refresh_from_db()
    assert cast.case.title == "Working title"


@pytest.fixture
def agencies(cast) -> Agencies:
    police = AgencyFactory(partnership=cast.case.partnership, name="Demoshire Police")
    rep = MembershipFactory(
        case=cast.case, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=police
    ).person
    return Agencies(police, None, rep, None)


def test_a_chronology_with_pasted_control_characters_imports_and_exports(client, cast, agencies):
    data = csv_file('01/03/2026,,,,"Called\x0bto the home\x01\x00",,')
    client.force_login(agencies.police_rep)
    url = reverse("chronology:upload", args=[cast.case.reference, agencies.police.pk])
    assert client.post(url, {"file": SimpleUploadedFile("p.csv", data)}).status_code == 302
    assert ChronologyEntry.objects.get().event == "Called\nto the home"
    client.force_login(cast.member)
    for fmt in ("docx", "xlsx"):
        export = client.get(reverse("chronology:export", args=[cast.case.reference, fmt]))
        assert export.status_code == 200


def test_text_stored_before_the_rule_still_exports(client, cast, agencies):
    """Rows written before forms cleaned text (or by hand) must not break the export."""
    ChronologyEntry.objects.create(
        case=cast.case, agency=agencies.police, happened_on=datetime.date(2026, 3, 1),
        event="Old\x0brow\x01",
    )  # fmt: skip
    client.force_login(cast.member)
    xlsx = client.get(reverse("chronology:export", args=[cast.case.reference, "xlsx"]))
    assert xlsx.status_code == 200
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert rows[2][4] == "Old\nrow"
    docx = client.get(reverse("chronology:export", args=[cast.case.reference, "docx"]))
    assert docx.status_code == 200


def test_an_agency_named_as_a_formula_stays_a_name_in_the_template(client, cast, agencies):
    agencies.police.name = '=HYPERLINK("http://evil.example","Click")'
    agencies.police.save()
    client.force_login(agencies.police_rep)
    query = {"agency": agencies.police.pk}
    url = reverse("chronology:template", args=[cast.case.reference, "csv"])
    assert "'=HYPERLINK(" in client.get(url, query).content.decode("utf-8-sig")
    url = reverse("chronology:template", args=[cast.case.reference, "xlsx"])
    sheet = load_workbook(io.BytesIO(client.get(url, query).content)).active
    assert sheet["C2"].value.startswith("'=HYPERLINK(")
