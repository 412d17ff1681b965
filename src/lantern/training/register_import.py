"""Reading a session's register from a CSV or XLSX file, and checking every row.

Nothing is written here: the file's rows are all checked first (the whole file, not
only up to the first problem) and the caller writes only when none has a problem
(services_attendance.register_import_apply). Rows are numbered as a spreadsheet numbers
them, the headings being row 1.

The file is checked as the other imports check theirs (lantern.web.uploads): it must
really be CSV text or an XLSX workbook whatever its name says, within a size limit,
and a zip that unpacks to too much is refused before it is read. CSV text may be UTF-8,
UTF-16 or Windows-1252 (lantern.web.uploads.decode_text). The workbook is read with
its formulas as written (not their last values), so a formula is refused rather than
stored; so is text starting with "=", "+", "-" or "@", which a spreadsheet opening a
file made from it later would run.
"""

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from lantern.partnerships.models import Agency
from lantern.web.tables import table_rows
from lantern.web.text import spreadsheet_cell
from lantern.web.uploads import UploadRefused

from .models import PLACE_STATUSES, Booking, BookingStatus, TrainingSession
from .services_attendance import (
    Person,
    RegisterLine,
    has_control_characters,
    missing_from_register,
    normal_email,
    person_problems,
)

MAX_UPLOAD_MB = 2
MAX_BYTES = MAX_UPLOAD_MB * 1024 * 1024
#: A register is a room of people: far more rows is the wrong file.
MAX_ROWS = 1000
#: Reading stops here, blank rows counted (a sheet "formatted" to row 1,048,576).
MAX_SHEET_ROWS = 5000
MAX_COLUMNS = 30
MAX_ERRORS_SHOWN = 100
EXTENSIONS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_FORMULA_STARTS = ("=", "+", "-", "@")
_YES = frozenset({"yes", "y", "attended", "true", "1"})
_NO = frozenset({"no", "n", "did not attend", "absent", "false", "0"})


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    required: bool = False
    other_headings: tuple[str, ...] = ()


COLUMNS = (
    Column("name", "Name", required=True),
    Column("email", "Email", required=True, other_headings=("e-mail", "email address")),
    Column("agency", "Agency", required=True),
    Column("job_title", "Job title"),
    Column("manager_name", "Manager name", other_headings=("manager's name", "manager")),
    Column(
        "manager_email",
        "Manager email",
        other_headings=("manager e-mail", "manager's email", "manager's e-mail"),
    ),
    Column("attended", "Attended", required=True, other_headings=("attended (yes/no)",)),
)
HEADINGS = [c.heading for c in COLUMNS]
_PROBLEM_COLUMNS = {
    "name": "Name",
    "email": "Email",
    "agency": "Agency",
    "job_title": "Job title",
    "manager_name": "Manager name",
    "manager_email": "Manager email",
}


class FileRefused(Exception):
    """The file as a whole cannot be read: the message says why."""


@dataclass
class CheckedRegister:
    lines: list[RegisterLine] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and bool(self.lines)

    def add_error(self, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append(message)


# Reading the file ---------------------------------------------------------------------


def read_table(name: str, data: bytes) -> Iterator[list[Any]]:
    """The first sheet (or the CSV) as lists of cell values, headings first."""
    try:
        return table_rows(
            name,
            data,
            allowed=EXTENSIONS,
            max_bytes=MAX_BYTES,
            max_columns=MAX_COLUMNS,
            formulas_as_text=True,  # a formula is refused, not its last value taken
        )
    except UploadRefused as refused:
        raise FileRefused(refused.messages[0]) from None


# Checking the cells -------------------------------------------------------------------


class CellProblem(ValueError):
    pass


def _text(value: Any) -> str:
    """A cell as text. Raises CellProblem for what is not plain text or a number."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float | datetime.date | datetime.time):
        return str(value)
    if not isinstance(value, str):  # an array formula, or another of openpyxl's objects
        raise CellProblem("is a formula: type the value itself")
    text = value.strip()
    if text.startswith(_FORMULA_STARTS):
        raise CellProblem(
            f"starts with '{text[0]}', which a spreadsheet runs as a formula: "
            "type the value itself, without it"
        )
    # A line break inside a cell (Excel's Alt+Enter) is a space in a name or address;
    # any other control character is refused, not silently dropped.
    text = " ".join(text.replace("\x0b", "\n").split())
    if has_control_characters(text):
        raise CellProblem("contains a control character: retype it")
    return text


def _label(heading: Any) -> str:
    try:
        return " ".join(_text(heading).split()).casefold()
    except CellProblem:
        return ""


def _map_headings(headings: list[Any]) -> dict[str, int]:
    wanted: dict[str, Column] = {}
    for column in COLUMNS:
        for label in (column.heading, *column.other_headings):
            wanted[label.casefold()] = column
    found: dict[str, int] = {}
    for index, heading in enumerate(headings):
        match = wanted.get(_label(heading))
        if match is None:
            continue
        if match.key in found:
            raise FileRefused(f"The file has two columns headed '{match.heading}'.")
        found[match.key] = index
    missing = [c.heading for c in COLUMNS if c.required and c.key not in found]
    if missing:
        names = ", ".join(f"'{m}'" for m in missing)
        raise FileRefused(
            f"The file's first row must have columns headed {names}. "
            "Download the register template to see the columns."
        )
    return found


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def agencies_by_name(partnership_id: int) -> dict[str, Agency]:
    """The partnership's active agencies by their name, in any case and spacing."""
    return {
        " ".join(a.name.split()).casefold(): a
        for a in Agency.objects.filter(partnership_id=partnership_id, is_active=True)
    }


def _attended(value: str) -> bool:
    word = value.casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellProblem(f"'{_shown(value)}' must be yes or no" if value else "enter yes or no")


def _check_row(
    number: int,
    cells: dict[str, Any],
    *,
    session: TrainingSession,
    agencies: dict[str, Agency],
    booked: dict[str, Booking],
    seen: dict[str, int],
    result: CheckedRegister,
) -> None:
    failed: set[str] = set()  # one message a cell

    def fail(heading: str, problem: str) -> None:
        if heading not in failed:
            failed.add(heading)
            result.add_error(f"Row {number}, column '{heading}': {problem}")

    texts: dict[str, str] = {}
    for column in COLUMNS:
        try:
            texts[column.key] = _text(cells.get(column.key))
        except CellProblem as problem:
            fail(column.heading, str(problem))
            texts[column.key] = ""
    email = normal_email(texts["email"])
    booking = booked.get(email)

    agency = None
    if texts["agency"]:
        agency = agencies.get(texts["agency"].casefold())
        if agency is None:
            fail("Agency", f"'{_shown(texts['agency'])}' is not one of the partnership's agencies")
    elif booking is None or booking.agency_id is None:
        fail("Agency", "enter the agency")

    attended = False
    try:
        attended = _attended(texts["attended"])
    except CellProblem as problem:
        fail("Attended", str(problem))

    person = Person(
        name=texts["name"],
        email=email,
        agency=agency,
        job_title=texts["job_title"],
        manager_name=texts["manager_name"],
        manager_email=normal_email(texts["manager_email"]),
    )
    problems = person_problems(person, session=session)
    if (
        "manager_email" in problems
        and not person.manager_email
        and booking
        and booking.manager_email
    ):
        del problems["manager_email"]  # a blank cell keeps the booking's
    for key, message in problems.items():
        value = getattr(person, key, "")
        shown = f" ('{_shown(value)}')" if key.endswith("email") and value else ""
        said = message.rstrip(".")  # "Enter their name." within "Row 3, column 'Name': ..."
        fail(_PROBLEM_COLUMNS.get(key, key), said[0].lower() + said[1:] + shown)
    if email and email in seen:
        fail("Email", f"{email} is also on row {seen[email]}: give each person one row")
    elif email:
        seen[email] = number
    if not failed and booking is None and not attended:
        fail(
            "Attended",
            f"'{_shown(person.name)}' is not booked on this session: a row for someone "
            "not booked must say yes (they came without a booking)",
        )
    if not failed:
        result.lines.append(RegisterLine(row_number=number, person=person, attended=attended))


def check_register(session: TrainingSession, name: str, data: bytes) -> CheckedRegister:
    """Every row of the file, checked against the session and the partnership's agencies.
    Raises FileRefused when the file as a whole cannot be read."""
    table = read_table(name, data)
    try:
        headings = next(table, None)
        if headings is None or not any(_label(h) for h in headings):
            raise FileRefused("The selected file has no headings in its first row.")
        positions = _map_headings(headings)
        agencies = agencies_by_name(session.partnership_id)
        booked = {
            b.email.lower(): b
            for b in Booking.objects.filter(session=session).exclude(status=BookingStatus.CANCELLED)
        }
        result = CheckedRegister()
        seen: dict[str, int] = {}
        rows = 0
        for number, cells in enumerate(table, start=2):
            if number > MAX_SHEET_ROWS:
                raise FileRefused(
                    f"The file has more than {MAX_SHEET_ROWS:,} rows, counting blank ones. "
                    "Delete the empty rows below the register and upload it again."
                )
            by_key = {k: cells[i] if i < len(cells) else None for k, i in positions.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in by_key.values()):
                continue  # a blank row: skipped, not an error
            rows += 1
            if rows > MAX_ROWS:
                raise FileRefused(f"The file has more than {MAX_ROWS:,} people in it.")
            _check_row(
                number,
                by_key,
                session=session,
                agencies=agencies,
                booked=booked,
                seen=seen,
                result=result,
            )
    except (csv.Error, UnicodeError) as error:
        raise FileRefused(
            "The selected file could not be read as a CSV file. Save it as CSV UTF-8 "
            "and upload it again."
        ) from error
    if rows == 0:
        raise FileRefused("The selected file has headings but no rows.")
    # Everyone still booked must be answered: left out, they would stay "Booked" on a
    # register marked as taken. (Those already marked keep their mark.)
    for booking in sorted(booked.values(), key=lambda b: (b.name, b.pk)):
        if booking.status == BookingStatus.BOOKED and booking.email.lower() not in seen:
            result.add_error(missing_from_register(booking))
    return result


def as_validation_error(result: CheckedRegister) -> ValidationError:
    messages = list(result.errors)
    hidden = result.error_count - len(messages)
    if hidden > 0:
        messages.append(f"And {hidden} more problems: correct those above and upload again.")
    return ValidationError(messages)


# The template to fill in --------------------------------------------------------------


def template_rows(session: TrainingSession) -> list[list[str]]:
    """The headings, then one row for each person holding a place, as they are booked
    (and marked, once the register has been taken)."""
    rows: list[list[str]] = [list(HEADINGS)]
    bookings = (
        Booking.objects.filter(session=session, status__in=PLACE_STATUSES)
        .select_related("agency")
        .order_by("name", "pk")
    )
    for b in bookings:
        attended = {BookingStatus.ATTENDED: "yes", BookingStatus.DID_NOT_ATTEND: "no"}.get(
            BookingStatus(b.status), ""
        )
        rows.append(
            [
                spreadsheet_cell(v)
                for v in (
                    b.name,
                    b.email,
                    b.agency.name if b.agency else "",
                    b.job_title,
                    b.manager_name,
                    b.manager_email,
                    attended,
                )
            ]
        )
    return rows


def template_csv(session: TrainingSession) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(template_rows(session))
    return out.getvalue().encode("utf-8-sig")  # the BOM: Excel then reads it as UTF-8


def template_xlsx(session: TrainingSession) -> bytes:
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Register"
    for row in template_rows(session):
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (28, 32, 28, 24, 24, 32, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    choice = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
    sheet.add_data_validation(choice)
    choice.add(f"G2:G{MAX_ROWS + 1}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
