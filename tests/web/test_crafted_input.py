"""Issue 12, item 8: crafted input gets a clear message or a 404, never a 500.

One range of dates for every way a date comes in (lantern.web.dates: 1 January 1900 to
31 December 2100): the GOV.UK date input every form uses, the chronology import, the API
and the query string; the working-day arithmetic refuses to count beyond its calendar;
ids in a query string are read safely (lantern.web.query); and an address with a NUL
character is Page not found before any view queries the database (on PostgreSQL too).
"""

import datetime
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantern.api.services import token_create
from lantern.cases.models import Capacity
from lantern.chronology import services as chronology
from lantern.chronology.forms import EntryForm
from lantern.chronology.models import ChronologyEntry, ChronologyImport, ImportStatus
from lantern.chronology.parsing import parse_date
from lantern.clock.engine import DateOutOfRange, WorkingCalendar
from lantern.clock.models import CaseStep
from lantern.clock.services import case_schedule, step_extend, step_pause, step_resume
from lantern.clock.step_views import StepChangeForm
from lantern.meetings.forms import ScheduleForm
from lantern.web.dates import EARLIEST, LATEST, RANGE_TEXT
from lantern.web.query import query_date, query_int
from tests.factories import AgencyFactory, GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db

CSV_HEADER = "Date,Time,Agency,Source record,Event,Action taken,Practitioner role\n"
RANGE_MESSAGE = f"must be {RANGE_TEXT}."


def _date_boxes(name: str, day: datetime.date | str) -> dict[str, str]:
    if isinstance(day, str):
        d, m, y = day.split("/")
    else:
        d, m, y = str(day.day), str(day.month), str(day.year)
    return {f"{name}_0": d, f"{name}_1": m, f"{name}_2": y}


# --- The GOV.UK date input: one range for every form -------------------------------------


@pytest.mark.parametrize("typed", ["1/1/0001", "31/12/9999", "31/12/1899", "1/1/2101"])
def test_date_input_refuses_a_date_outside_the_range_naming_it(typed):
    """Issue 12, item 8: the chronology, meeting and step forms took 0001 and 9999."""
    entry = EntryForm({**_date_boxes("happened_on", typed), "event": "Seen at home."})
    step = StepChangeForm({**_date_boxes("on", typed), "action": "resume"})
    meeting = ScheduleForm({**_date_boxes("date", typed)})
    for form, field, label in [
        (entry, "happened_on", "Date"),
        (step, "on", "Date"),
        (meeting, "date", meeting.fields["date"].label),
    ]:
        form.is_valid()
        assert form.errors[field] == [f"{label} {RANGE_MESSAGE}"], form


@pytest.mark.parametrize("day", [EARLIEST, LATEST, datetime.date(2026, 3, 27)])
def test_date_input_takes_the_first_and_last_days_of_the_range(day):
    """Issue 12, item 8: the range is inclusive at both ends."""
    form = EntryForm({**_date_boxes("happened_on", day), "event": "Seen at home."})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["happened_on"] == day


@pytest.mark.parametrize("year", ["２０２６", "٢٠٢٦", "2026²"])
def test_date_input_takes_only_ascii_digits(year):
    """Issue 12, item 8: digits of other scripts are a typing mistake, not a date."""
    form = EntryForm({"happened_on_0": "1", "happened_on_1": "1", "happened_on_2": year})
    assert not form.is_valid()
    assert "must be a real date" in form.errors["happened_on"][0]


# --- The chronology import ---------------------------------------------------------------


@pytest.mark.parametrize("cell", ["01/01/0001", "31/12/9999", "9999-12-31", 2958465, 1])
def test_chronology_import_refuses_a_date_outside_the_range(cell):
    """Issue 12, item 8: the CSV/XLSX import took 0001 and 9999 (and Excel serial days)."""
    with pytest.raises(ValueError, match=RANGE_TEXT):
        parse_date(cell)


def test_chronology_import_names_the_row_and_the_range_and_saves_nothing(cast):
    """Issue 12, item 8: a file with a date out of range is refused, and says why."""
    agency = AgencyFactory(partnership=cast.case.partnership)
    data = (CSV_HEADER + "31/12/9999,,,,Seen at home,,\n01/03/2026,,,,Seen again,,\n").encode()
    batch = chronology.chronology_import(
        case=cast.case, agency=agency, user=cast.member, file=SimpleUploadedFile("c.csv", data)
    )
    assert batch.status == ImportStatus.REFUSED
    assert batch.errors == [f"Row 2, column 'Date': '31/12/9999' is not {RANGE_TEXT}"]
    assert not ChronologyEntry.objects.exists()


def test_a_chronology_csv_with_nul_is_imported_and_recorded(client, cast):
    """Issue 12, item 8: on PostgreSQL a CSV with a NUL character was lost unrecorded (a
    500). It is imported with the NUL dropped, and the import is on record."""
    agency = AgencyFactory(partnership=cast.case.partnership)
    data = (CSV_HEADER + '01/03/2026,,,\x00,"Seen\x00 at home",,\n').encode()
    client.force_login(cast.member)
    url = reverse("chronology:upload", args=[cast.case.reference, agency.pk])
    response = client.post(url, {"file": SimpleUploadedFile("nul.csv", data)})
    assert response.status_code == 302
    batch = ChronologyImport.objects.get()
    assert batch.status == ImportStatus.IMPORTED and batch.file_name == "nul.csv"
    assert ChronologyEntry.objects.get().event == "Seen at home"


# --- The chronology template's agency ----------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("agency", ["abc", "1e3", "-1", "²", "9" * 5000, "", " "])
def test_template_with_a_crafted_agency_is_not_found(client, cast, fmt, agency):
    """Issue 12, item 8: template.csv?agency=abc and template.xlsx?agency=1e3 were 500s."""
    client.force_login(cast.member)
    url = reverse("chronology:template", args=[cast.case.reference, fmt])
    assert client.get(url, {"agency": agency}).status_code == 404


def test_template_for_a_real_agency_still_downloads(client, cast):
    agency = AgencyFactory(partnership=cast.case.partnership, name="Demoshire Police")
    client.force_login(cast.member)
    url = reverse("chronology:template", args=[cast.case.reference, "csv"])
    response = client.get(url, {"agency": f" {agency.pk} "})
    assert response.status_code == 200 and b"Demoshire Police" in response.content


def test_chronology_page_ignores_crafted_agency_filters(client, cast):
    """Issue 12, item 8: "²" passes str.isdigit() and then fails int(): ignored, not a 500."""
    client.force_login(cast.member)
    url = reverse("chronology:chronology", args=[cast.case.reference])
    assert client.get(url, {"agency": ["²", "9" * 5000, "1"]}).status_code == 200


def test_query_helpers_take_only_what_is_safe():
    assert query_int("42") == 42 and query_int(" 7 ") == 7
    for raw in ["abc", "1e3", "0", "-1", "²", "١", "9" * 5000, "2147483648", None, "\x00"]:
        assert query_int(raw) is None, raw
    assert query_date("2026-03-27") == query_date("27/03/2026") == datetime.date(2026, 3, 27)
    for raw in ["9999-12-31", "0001-01-01", "2026-02-30", "２０２６-01-01", "soon", None]:
        assert query_date(raw) is None, raw


# --- The audit programme's year (fixed by the programme's list: kept so) -------------------


@pytest.mark.parametrize("year", ["0", "-1", "99999", "9" * 5000, "²"])
def test_audit_programme_names_a_crafted_year(client, cast, year):
    """Issue 12, item 8: /audits/?year=0|-1|99999 were 500s; now named in the summary."""
    client.force_login(cast.business_manager)
    response = client.get(reverse("audits:programme"), {"year": year})
    assert response.status_code == 200
    assert "Enter a year between 2000 and 2100" in response.content.decode()


# --- The reporting pack's meeting ----------------------------------------------------------


@pytest.mark.parametrize("meeting", ["9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01"])
def test_pack_with_a_meeting_out_of_range_says_so(client, cast, meeting):
    """Issue 12, item 8: the pack with meeting=9999-12-31 or 0001-01-01 was a 500."""
    group = GroupFactory(partnership=cast.case.partnership)
    client.force_login(cast.business_manager)
    query = {"group": group.pk, "meeting": meeting}
    response = client.get("/actions/reporting/pack/", query)
    assert response.status_code == 200
    assert f"Date of the meeting {RANGE_MESSAGE}" in response.content.decode()
    for fmt in ("docx", "xlsx", "pdf"):
        download = client.get(f"/actions/reporting/pack.{fmt}", query)
        assert download.status_code == 302  # back to the page, which says what is wrong


# --- Steps: resuming or extending to 31/12/9999 ------------------------------------------


@pytest.fixture
def step(cast):
    case_schedule(case=cast.case, pathway="rapid-review", start=datetime.date(2026, 11, 2))
    return CaseStep.objects.get(case=cast.case, step_id="meeting")


def _step_url(step):
    return reverse("cases:step_change", args=[step.case.reference, step.pk])


@pytest.mark.parametrize("action", ["extend", "resume"])
def test_step_to_31_12_9999_is_refused_on_the_page(client, cast, step, action):
    """Issue 12, item 8: resuming or extending a step to 31/12/9999 overflowed (a 500)."""
    with time_machine.travel(datetime.date(2026, 11, 5), tick=False):
        step_pause(step=step, reason="Court proceedings.")
        client.force_login(cast.member)
        data = {"action": action, **_date_boxes("on", "31/12/9999"), "reason": "Court."}
        response = client.post(_step_url(step), data)
    assert response.status_code == 200
    assert f"Date {RANGE_MESSAGE}" in response.content.decode()
    step.refresh_from_db()
    assert step.due == datetime.date(2026, 11, 19) and step.paused_on is not None


@pytest.mark.parametrize(
    "change",
    [
        lambda step: step_extend(step=step, new_due=datetime.date(9999, 12, 31), reason="R."),
        lambda step: step_resume(step=step, on=datetime.date(9999, 12, 31)),
        lambda step: step_extend(step=step, new_due=datetime.date(1, 1, 1), reason="R."),
    ],
)
def test_step_services_refuse_a_date_outside_the_range(step, change):
    """Issue 12, item 8: whoever calls them (a page, the API, a command), the services
    refuse a date out of range with a message, and change nothing."""
    with time_machine.travel(datetime.date(2026, 11, 5), tick=False):
        step_pause(step=step, reason="Court proceedings.")
    with pytest.raises(ValidationError) as refused:
        change(step)
    assert RANGE_TEXT in str(refused.value)
    step.refresh_from_db()
    assert step.due == datetime.date(2026, 11, 19) and not step.extension_reason


def test_step_extended_to_the_last_day_of_the_range_still_counts(step):
    """The calendar counts beyond the range, so a due date at its end moves its dependents."""
    step_extend(step=step, new_due=LATEST, reason="Court proceedings.")
    step.refresh_from_db()
    assert step.due == LATEST


def test_working_day_arithmetic_refuses_to_count_beyond_its_calendar():
    """Issue 12, item 8: the root of the overflow: 9999-12-31 plus one working day."""
    calendar = WorkingCalendar()
    for count_beyond in [
        lambda: calendar.add_working_days(datetime.date(9999, 12, 30), 5),
        lambda: calendar.add_working_days(datetime.date(1, 1, 3), -5),
        lambda: calendar.next_working_day(datetime.date(9999, 12, 31)),
        lambda: calendar.working_days_between(datetime.date(2026, 1, 1), datetime.date.max),
    ]:
        with pytest.raises(DateOutOfRange):
            count_beyond()
    assert calendar.add_working_days(datetime.date(2026, 12, 24), 1) == datetime.date(2026, 12, 29)


# --- The API's dates ------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_api_refuses_a_date_outside_the_range_naming_the_field(client, cast, day):
    """Issue 12, item 8: the API's date fields share the one range (a 422, nothing done)."""
    body = {
        "referring_agency": "School",
        "authorised_by": "Pat Lead",
        "authorised_on": day,
        "child": {"full_name": "Jamie Example", "date_of_birth": day, "looked_after": False},
        "incident_on": "2026-11-01",
        "harm": "serious_harm",
        "abuse_or_neglect": "suspected",
        "what_happened": "Unexplained injuries.",
        "involved_agencies": ["Police"],
    }
    response = client.post(
        "/api/v1/children/referrals",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_create(user=cast.member, name='tests')[1]}",
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["authorised_on"] == [f"Must be {RANGE_TEXT}."]
    assert errors["child.date_of_birth"] == [f"Must be {RANGE_TEXT}."]


def test_the_api_documents_the_range():
    from lantern.api.api import api

    schema = api.get_openapi_schema()["components"]["schemas"]
    assert schema["ReferralIn"]["properties"]["incident_on"]["pattern"].startswith("^(19")


# --- NUL in an address (a 500 on PostgreSQL) ------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/cases/%00/",
        "/cases/RR%00/edit/",
        "/cases/%00/chronology/",
        "/cases/%00/documents/",
        "/audits/%00/",
        "/platform-admin/cases/case/%00/change/",
    ],
)
def test_an_address_with_nul_is_page_not_found(client, cast, path):
    """Issue 12, item 8: /cases/%00/ was a 500 on PostgreSQL (NUL in a looked-up text).
    Run on SQLite and PostgreSQL (scripts/test-postgres.sh tests/web/test_crafted_input.py)."""
    client.force_login(cast.business_manager)
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_an_address_with_nul_is_refused_before_any_post_is_read(client, cast):
    client.force_login(cast.member)
    assert client.post(f"/cases/{cast.case.reference}%00/edit/", {}).status_code == 404


def test_an_agency_rep_path_with_nul_is_404_too(client, cast):
    agency = AgencyFactory(partnership=cast.case.partnership)
    rep = MembershipFactory(
        case=cast.case, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=agency
    ).person
    client.force_login(rep)
    url = f"/cases/{cast.case.reference}/chronology/upload/{agency.pk}%00/"
    assert client.get(url).status_code == 404


# --- Plain date fields of every GOV.UK form ---------------------------------------------------


@pytest.mark.parametrize("field", ["date_from", "date_to"])
@pytest.mark.parametrize("typed", ["31/12/9999", "1/1/0001"])
def test_audit_trail_date_filters_out_of_range_are_named(client, cast, field, typed):
    """Issue 12, item 8: /manage/audit/?date_to=31/12/9999 overflowed adding a day (a 500).
    Every forms.DateField of a GOV.UK form takes the one range, as the date input does."""
    client.force_login(cast.business_manager)
    response = client.get(reverse("manage:audit"), {field: typed})
    assert response.status_code == 200
    assert f"The date {RANGE_MESSAGE}" in response.content.decode()
