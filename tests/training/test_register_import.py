"""Importing a register from CSV or XLSX: every row checked first, nothing written when
any row (or the file) is bad, and row-numbered messages naming the column."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.training import register_import as importing
from lantern.training import services_attendance as attendance
from lantern.training import surveys
from lantern.training.models import Booking, BookingStatus, CourseKind
from tests.factories import AgencyFactory, UserFactory
from tests.training.factories import BookingFactory, CourseFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

HEADINGS = ["Name", "Email", "Agency", "Job title", "Manager name", "Manager email", "Attended"]


@pytest.fixture
def handed_over(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(
        surveys, "after_register", lambda session, *, today=None: calls.append(session.pk) or 1
    )
    return calls


@pytest.fixture
def world(db):
    coordinator = UserFactory(roles=[Role.LD_COORDINATOR])
    police = AgencyFactory(partnership=coordinator.partnership, name="Northshire Police")
    starts = timezone.now() - datetime.timedelta(hours=5)
    session = TrainingSessionFactory(
        course=CourseFactory(partnership=coordinator.partnership, kind=CourseKind.CORE),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )
    came = BookingFactory(
        session=session, status=BookingStatus.BOOKED, email="came@police.example.org", agency=police
    )
    missed = BookingFactory(
        session=session, status=BookingStatus.BOOKED, email="missed@police.example.org"
    )
    return type(
        "World",
        (),
        {
            "coordinator": coordinator,
            "police": police,
            "session": session,
            "came": came,
            "missed": missed,
        },
    )


def _rows(world, *extra):
    return [
        HEADINGS,
        [world.came.name, "Came@Police.example.org", "", "PC", "", "", "yes"],
        [world.missed.name, world.missed.email, "northshire  POLICE", "", "", "", "No"],
        *extra,
    ]


def _csv(rows, encoding="utf-8"):
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def _xlsx(rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, world, name, data):
    client.force_login(world.coordinator)
    return client.post(
        reverse("training:register_import", args=[world.session.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def _unchanged(world, handed_over):
    """Nothing written: the bookings as they were, no walk-in, no register, no survey."""
    world.came.refresh_from_db()
    world.missed.refresh_from_db()
    world.session.refresh_from_db()
    assert (world.came.status, world.missed.status) == ("booked", "booked")
    assert world.came.job_title == ""
    assert Booking.objects.filter(session=world.session).count() == 2
    assert world.session.attendance_recorded_at is None
    assert handed_over == []


WALK_IN = ["Wal K. In", "walk@police.example.org", "Northshire Police", "", "", "b@x.org", "Y"]


@pytest.mark.parametrize("kind", ["csv", "xlsx", "csv-cp1252", "csv-utf16"])
def test_a_good_register_updates_bookings_and_adds_walk_ins(client, world, handed_over, kind):
    """Rule: rows matching a booking (by e-mail, any case) update it; others are walk-ins;
    the register is recorded and handed to the surveys once. Blank rows are skipped."""
    rows = _rows(world, ["", "", "", "", "", "", ""], WALK_IN)
    if kind == "xlsx":
        name, data = "register.xlsx", _xlsx(rows)
    elif kind == "csv-cp1252":
        rows[4] = ["Zoë Walker", *WALK_IN[1:]]
        name, data = "register.csv", _csv(rows, "cp1252")
    elif kind == "csv-utf16":
        name, data = "register.csv", _csv(rows, "utf-16")
    else:
        name, data = "register.csv", _csv(rows)
    response = _upload(client, world, name, data)
    assert response.status_code == 302, response.context["form"].errors
    world.came.refresh_from_db()
    world.missed.refresh_from_db()
    world.session.refresh_from_db()
    assert world.came.status == BookingStatus.ATTENDED and world.came.job_title == "PC"
    assert world.came.agency == world.police  # a blank cell keeps the booking's
    assert world.missed.status == BookingStatus.DID_NOT_ATTEND
    assert world.missed.agency == world.police  # matched whatever its case and spacing
    walk_in = Booking.objects.get(session=world.session, email="walk@police.example.org")
    assert walk_in.status == BookingStatus.ATTENDED and walk_in.agency == world.police
    if kind == "csv-cp1252":
        assert walk_in.name == "Zoë Walker"
    assert world.session.attendance_recorded_at is not None
    assert handed_over == [world.session.pk]


def _errors(response):
    assert response.status_code == 200
    return response.context["form"].errors["file"]


def test_a_png_named_csv_is_refused(client, world, handed_over):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    errors = _errors(_upload(client, world, "register.csv", png))
    assert errors == ["The selected file is a PNG image, not a CSV file."]
    _unchanged(world, handed_over)


def test_an_xlsx_that_is_not_a_zip_is_refused(client, world, handed_over):
    errors = _errors(_upload(client, world, "register.xlsx", _csv(_rows(world))))
    assert len(errors) == 1 and "not an XLSX file" in errors[0]
    _unchanged(world, handed_over)


def test_another_kind_of_file_is_refused(client, world, handed_over):
    errors = _errors(_upload(client, world, "register.pdf", b"%PDF-1.4"))
    assert errors == ["The selected file must be a CSV or XLSX."]
    _unchanged(world, handed_over)


def test_every_bad_row_is_named_and_nothing_is_written(client, world, handed_over):
    """Rule: all rows are checked; any bad one means nothing at all is written."""
    rows = _rows(
        world,
        ["Ann", "ann@", "Northshire Police", "", "", "m@x.org", "yes"],  # row 4
        ["Bob", "bob@x.org", "Atlantis Constabulary", "", "", "m@x.org", "yes"],  # row 5
        ['=HYPERLINK("http://x")', "cy@x.org", "Northshire Police", "", "", "m@x.org", "yes"],
        ["Dee", "dee@x.org", "Northshire Police", "", "", "m@x.org", "maybe"],  # row 7
        ["Eve", "eve@x.org", "Northshire Police", "", "", "", "yes"],  # row 8: core course
        ["Fay", "came@police.example.org", "Northshire Police", "", "", "", "yes"],  # row 9
        ["Gus", "gus@x.org", "Northshire Police", "", "", "m@x.org", "no"],  # row 10
        ["Hal\x01", "hal@x.org", "Northshire Police", "", "", "m@x.org", "yes"],  # row 11
    )
    errors = _errors(_upload(client, world, "register.csv", _csv(rows)))
    assert errors[0].startswith("Row 4, column 'Email': enter an email address")
    assert "('ann@')" in errors[0]
    assert errors[1] == (
        "Row 5, column 'Agency': 'Atlantis Constabulary' is not one of the partnership's agencies"
    )
    assert errors[2].startswith("Row 6, column 'Name': starts with '='")
    assert errors[3] == "Row 7, column 'Attended': 'maybe' must be yes or no"
    assert errors[4].startswith("Row 8, column 'Manager email': enter their manager's email")
    assert errors[5].startswith("Row 9, column 'Email': came@police.example.org is also on row 2")
    assert errors[6].startswith("Row 10, column 'Attended': 'Gus' is not booked")
    assert errors[7] == "Row 11, column 'Name': contains a control character: retype it"
    assert len(errors) == 8
    page = _upload(client, world, "register.csv", _csv(rows)).content.decode()
    assert "govuk-error-summary" in page and 'href="#id_file"' in page
    _unchanged(world, handed_over)


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_formula_in_a_csv_is_refused(client, world, handed_over, start):
    rows = _rows(
        world,
        [f"{start}cmd|' /C calc'!A0", "x@x.org", "Northshire Police", "", "", "m@x.org", "yes"],
    )
    errors = _errors(_upload(client, world, "register.csv", _csv(rows)))
    assert errors == [
        f"Row 4, column 'Name': starts with '{start}', which a spreadsheet runs as a formula: "
        "type the value itself, without it"
    ]
    _unchanged(world, handed_over)


def test_a_formula_in_a_workbook_is_refused_not_its_value_taken(client, world, handed_over):
    rows = _rows(
        world, ["Formula", "f@x.org", '=CONCAT("Northshire ","Police")', "", "", "m@x.org", "yes"]
    )
    errors = _errors(_upload(client, world, "register.xlsx", _xlsx(rows)))
    assert errors == [
        "Row 4, column 'Agency': starts with '=', which a spreadsheet runs as a formula: "
        "type the value itself, without it"
    ]
    _unchanged(world, handed_over)


@pytest.mark.parametrize(
    "rows, message",
    [
        ([["Who", "What"], ["a", "b"]], "must have columns headed 'Name', 'Email', 'Agency'"),
        ([HEADINGS], "has headings but no rows"),
        ([HEADINGS, ["", "", "", "", "", "", ""]], "has headings but no rows"),
        ([[*HEADINGS, "Email"], ["a"]], "two columns headed 'Email'"),
    ],
)
def test_a_file_without_the_columns_or_rows_is_refused(client, world, handed_over, rows, message):
    errors = _errors(_upload(client, world, "register.csv", _csv(rows)))
    assert len(errors) == 1 and message in errors[0]
    _unchanged(world, handed_over)


def test_a_file_over_the_size_limit_is_refused(client, world, handed_over):
    big = _csv(_rows(world)) + b"\n" * (importing.MAX_BYTES + 1)
    errors = _errors(_upload(client, world, "register.csv", big))
    assert errors == ["The selected file must be smaller than 2MB."]
    _unchanged(world, handed_over)


def test_the_template_lists_the_people_booked_in_the_import_columns(client, world):
    client.force_login(world.coordinator)
    world.came.name = "=Mallory"  # a name a spreadsheet would run: kept as text
    world.came.save()
    url = reverse("training:register_template", args=[world.session.pk])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADINGS
    assert sorted(r[1] for r in rows[1:]) == [world.came.email, world.missed.email]
    assert "'=Mallory" in [r[0] for r in rows]
    workbook = client.get(url + "?format=xlsx")
    assert workbook["Content-Type"] == importing.XLSX_TYPE
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert [c.value for c in sheet[1]] == HEADINGS and sheet.max_row == 3


def test_the_filled_in_template_imports(client, world, handed_over):
    """The template round-trips: fill in Attended and upload it."""
    client.force_login(world.coordinator)
    world.missed.agency = world.police
    world.missed.save()
    url = reverse("training:register_template", args=[world.session.pk])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    for row in rows[1:]:
        row[6] = "yes"
    assert _upload(client, world, "register.csv", _csv(rows)).status_code == 302
    assert set(Booking.objects.filter(session=world.session).values_list("status", flat=True)) == {
        "attended"
    }


def test_a_word_document_named_xlsx_is_refused(client, world, handed_over):
    import docx

    document = io.BytesIO()
    docx.Document().save(document)
    errors = _errors(_upload(client, world, "register.xlsx", document.getvalue()))
    assert errors == ["The selected file is a Word (DOCX) document, not an XLSX file."]
    _unchanged(world, handed_over)


def test_a_csv_with_a_nul_in_a_cell_is_refused_by_row(client, world, handed_over):
    rows = _rows(world, ["Nul\x00l", "nul@x.org", "Northshire Police", "", "", "m@x.org", "yes"])
    errors = _errors(_upload(client, world, "register.csv", _csv(rows)))
    assert errors == ["Row 4, column 'Name': contains a control character: retype it"]
    _unchanged(world, handed_over)


def test_someone_booked_left_out_of_the_file_is_an_error_and_nothing_is_written(
    client, world, handed_over
):
    """Rule: a booked person missing from the file would stay "Booked" on a register
    marked as taken (and leave My work): the import names them and writes nothing."""
    rows = [HEADINGS, [world.came.name, world.came.email, "", "", "", "", "yes"], WALK_IN]
    errors = _errors(_upload(client, world, "register.csv", _csv(rows)))
    assert errors == [
        f"{world.missed.name} is booked but not in the register: add them with yes or no"
    ]
    _unchanged(world, handed_over)


def test_the_import_service_itself_refuses_a_register_leaving_someone_booked_out(
    world, handed_over
):
    """The check is made again under the session's lock (a booking made after the file
    was checked)."""
    line = attendance.RegisterLine(
        row_number=2,
        person=attendance.Person(name=world.came.name, email=world.came.email),
        attended=True,
    )
    with pytest.raises(ValidationError) as raised:
        attendance.register_import_apply(
            session=world.session, user=world.coordinator, lines=[line]
        )
    assert raised.value.messages == [
        f"{world.missed.name} is booked but not in the register: add them with yes or no"
    ]
    _unchanged(world, handed_over)


def test_a_no_for_someone_waiting_writes_nothing_and_is_not_counted(client, world, handed_over):
    """Rule: the counts are of what is written. Someone on the waiting list who did not
    come never had a place: their booking stays as it was and is not "did not attend"."""
    waiting = BookingFactory(
        session=world.session, status=BookingStatus.WAITING, email="wait@police.example.org"
    )
    rows = _rows(world, [waiting.name, waiting.email, "Northshire Police", "", "", "", "no"])
    response = _upload(client, world, "register.csv", _csv(rows))
    assert response.status_code == 302, response.context["form"].errors
    page = client.get(response["Location"]).content.decode()
    assert "The register is imported: 1 attended (0 without a booking), 1 did not." in page
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.WAITING


def test_people_already_marked_need_not_be_in_a_later_file(client, world, handed_over):
    """Only those still "Booked" must be answered: a later file adding someone who came
    without a booking keeps the marks already made."""
    assert _upload(client, world, "register.csv", _csv(_rows(world))).status_code == 302
    rows = [HEADINGS, WALK_IN]
    assert _upload(client, world, "register.csv", _csv(rows)).status_code == 302
    world.missed.refresh_from_db()
    assert world.missed.status == BookingStatus.DID_NOT_ATTEND
    assert Booking.objects.get(email="walk@police.example.org").status == BookingStatus.ATTENDED
