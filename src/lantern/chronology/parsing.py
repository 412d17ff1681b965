"""Reading an agency's chronology from CSV or XLSX, and checking every row.

Pure: bytes in, rows and messages out, nothing written. Every row is checked before
the caller writes anything, so an invalid file saves nothing. Rows are numbered as
the spreadsheet numbers them (the headings are row 1).
"""

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lantern.web.dates import RANGE_TEXT, in_range
from lantern.web.tables import table_rows
from lantern.web.text import clean_text
from lantern.web.uploads import UploadRefused

from .columns import COLUMNS, Column

MAX_ROWS = 5000
#: Reading stops here, blank rows counted: a sheet of 200,000 formatted but empty rows
#: would otherwise take half a minute to read through.
MAX_SHEET_ROWS = 20_000
#: This many blank rows in a row end the reading (with a message, not silently).
MAX_BLANK_RUN = 1_000
MAX_COLUMNS = 50
MAX_UPLOAD_MB = 5
MAX_BYTES = MAX_UPLOAD_MB * 1024 * 1024
#: Beyond this many problems the uploader is told how many more there are.
MAX_ERRORS_SHOWN = 100
EXTENSIONS = ("csv", "xlsx")

_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$")


class FileRefused(Exception):
    """The file as a whole cannot be read (wrong type, too big, no headings, ...)."""


@dataclass(frozen=True)
class ParsedRow:
    row_number: int
    happened_on: datetime.date
    happened_at: datetime.time | None
    source_record: str
    event: str
    action_taken: str
    practitioner_role: str


@dataclass
class ParseResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append(message)


def extension_of(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


def check_file(name: str, size: int) -> None:
    """Refuses a file by its name and size, before reading it."""
    if extension_of(name) not in EXTENSIONS:
        raise FileRefused("The selected file must be a CSV or XLSX file.")
    if not size:
        raise FileRefused("The selected file is empty.")
    if size > MAX_BYTES:
        raise FileRefused(f"The selected file must be smaller than {MAX_UPLOAD_MB}MB.")


def read_table(name: str, data: bytes) -> Iterator[list[Any]]:
    """The first sheet (or the CSV) as lists of cell values, headings first."""
    check_file(name, len(data))
    try:
        return table_rows(
            name, data, allowed=EXTENSIONS, max_bytes=MAX_BYTES, max_columns=MAX_COLUMNS
        )
    except UploadRefused as refused:
        raise FileRefused(refused.messages[0]) from None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if type(value) is str and value.isascii() and value.isprintable():
        return value.strip()  # nothing for clean_text to do: most cells (issue 13)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value)).strip()


def _blank(cells: Iterable[Any]) -> bool:
    return all(_text(c) == "" for c in cells)


def _map_headings(headings: list[Any]) -> dict[str, int]:
    wanted = {c.heading.casefold(): c for c in COLUMNS}
    found: dict[str, int] = {}
    for index, heading in enumerate(headings):
        column = wanted.get(" ".join(_text(heading).split()).casefold())
        if column is None:
            continue
        if column.key in found:
            raise FileRefused(f"The file has two columns headed '{column.heading}'.")
        found[column.key] = index
    missing = [c.heading for c in COLUMNS if c.required and c.key not in found]
    if missing:
        names = " and ".join(f"'{m}'" for m in missing)
        raise FileRefused(
            f"The file must have a column headed {names} in its first row. "
            "Download the template to see the columns."
        )
    return found


def parse_date(value: Any) -> datetime.date:
    """A date from a cell: a spreadsheet date, an Excel serial number, dd/mm/yyyy or ISO,
    in Lantern's one range of dates (lantern.web.dates)."""
    found = _cell_date(value)
    if not in_range(found):
        raise ValueError(f"is not {RANGE_TEXT}")
    return found


def _cell_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial days, up to 31/12/9999
            return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise ValueError("is not a date")
    text = _text(value)
    if match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError("must be a date like 27/03/2026")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError("is not a real date") from None


def parse_time(value: Any) -> datetime.time | None:
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, datetime.time):
        return value.replace(microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:  # Excel's fraction of a day
        seconds = round(value * 86400)
        return datetime.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
    match = _TIME.match(_text(value))
    if not match:
        raise ValueError("must be a time like 14:30")
    hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime.time(hour, minute, second)
    except ValueError:
        raise ValueError("is not a real time") from None


def _shown(value: Any) -> str:
    text = _text(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _row(number: int, cells: dict[str, Any], agency_name: str, result: ParseResult) -> None:
    def fail(column: Column, problem: str) -> None:
        result.add_error(f"Row {number}, column '{column.heading}': {problem}")

    values: dict[str, Any] = {}
    for column in COLUMNS:
        raw = cells.get(column.key)
        if column.key == "date":
            if _text(raw) == "":
                fail(column, "enter the date")
                continue
            try:
                values["happened_on"] = parse_date(raw)
            except ValueError as error:
                fail(column, f"'{_shown(raw)}' {error}")
        elif column.key == "time":
            try:
                values["happened_at"] = parse_time(raw)
            except ValueError as error:
                fail(column, f"'{_shown(raw)}' {error}")
        elif column.key == "agency":
            given = " ".join(_text(raw).split())
            if given and given.casefold() != agency_name.casefold():
                fail(column, f"'{_shown(raw)}' is not {agency_name}: leave it blank")
        else:
            text = _text(raw)
            if column.required and not text:
                fail(column, f"enter the {column.heading.lower()}")
            elif len(text) > column.max_length:
                fail(column, f"must be {column.max_length} characters or fewer")
            values[column.key] = text
    if len(values) == len(COLUMNS) - 1 and "happened_on" in values:
        result.rows.append(ParsedRow(row_number=number, **values))


def parse_chronology(name: str, data: bytes, *, agency_name: str) -> ParseResult:
    """Every row of the file, checked. Raises FileRefused if the file cannot be read."""
    table = read_table(name, data)
    headings = next(table, None)
    if headings is None or _blank(headings):
        raise FileRefused("The selected file has no headings in its first row.")
    positions = _map_headings(headings)
    result = ParseResult()
    data_rows = 0
    blank_run = 0
    for number, cells in enumerate(table, start=2):
        if number > MAX_SHEET_ROWS:
            raise FileRefused(
                f"The file has more than {MAX_SHEET_ROWS:,} rows, counting blank ones. "
                "Delete the empty rows below your entries, or split the file."
            )
        if _blank(cells):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                raise FileRefused(
                    f"Rows {number - blank_run + 1:,} to {number:,} of the file are blank. "
                    f"Delete the empty rows (more than {MAX_BLANK_RUN:,} in a row) "
                    "and upload it again."
                )
            continue
        blank_run = 0
        data_rows += 1
        if data_rows > MAX_ROWS:
            raise FileRefused(
                f"The file has more than {MAX_ROWS:,} rows. Split it, or ask the Business Unit."
            )
        by_key = {k: cells[i] if i < len(cells) else None for k, i in positions.items()}
        _row(number, by_key, agency_name, result)
    if data_rows == 0:
        raise FileRefused("The selected file has headings but no rows.")
    return result
