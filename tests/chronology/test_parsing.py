"""Reading and checking an agency's chronology file: pure, no database."""

import datetime
import io

import pytest
from openpyxl import Workbook

from lantern.chronology import parsing
from lantern.chronology.exports import template_csv, template_xlsx
from lantern.chronology.parsing import FileRefused, parse_chronology

from .conftest import HEADER, csv_file


def _parse(data: bytes, name: str = "c.csv"):
    return parse_chronology(name, data, agency_name="Demoshire Police")


def test_reads_rows_in_any_accepted_date_form():
    result = _parse(
        csv_file(
            "27/03/2026,14:30,Demoshire Police,CAD 1,Called to the home,Visited,PC",
            "2026-03-28,,,,Second event,,",
            "1/4/2026,9.05,demoshire police,,Third,,",
        )
    )
    assert result.ok, result.errors
    assert [r.happened_on for r in result.rows] == [
        datetime.date(2026, 3, 27),
        datetime.date(2026, 3, 28),
        datetime.date(2026, 4, 1),
    ]
    assert result.rows[0].happened_at == datetime.time(14, 30)
    assert result.rows[2].happened_at == datetime.time(9, 5)
    assert result.rows[0].source_record == "CAD 1"


def test_headings_match_whatever_their_case_and_order():
    data = csv_file("Seen at school,03/03/2026", header="EVENT , date\n")
    result = _parse(data)
    assert result.ok
    assert result.rows[0].event == "Seen at school"


def test_each_problem_names_its_row_and_column():
    result = _parse(
        csv_file(
            "31/02/2026,,,,Not a real day,,",
            "01/03/2026,25:00,,,Bad time,,",
            "02/03/2026,,Demo Hospitals,,Wrong agency,,",
            "03/03/2026,,,,,,",
            "tomorrow,,,,Words for a date,,",
        )
    )
    assert not result.ok
    assert result.rows == [] or len(result.rows) < 5
    assert result.errors == [
        "Row 2, column 'Date': '31/02/2026' is not a real date",
        "Row 3, column 'Time': '25:00' is not a real time",
        "Row 4, column 'Agency': 'Demo Hospitals' is not Demoshire Police: leave it blank",
        "Row 5, column 'Event': enter the event",
        "Row 6, column 'Date': 'tomorrow' must be a date like 27/03/2026",
    ]


def test_blank_rows_are_skipped_but_numbering_follows_the_sheet():
    result = _parse(csv_file("01/03/2026,,,,One,,", ",,,,,,", "bad,,,,Two,,"))
    assert result.errors == ["Row 4, column 'Date': 'bad' must be a date like 27/03/2026"]


def test_missing_required_heading_refuses_the_file():
    with pytest.raises(FileRefused, match="column headed 'Event'"):
        _parse(csv_file("01/03/2026", header="Date\n"))


def test_wrong_type_empty_and_too_big_are_refused():
    with pytest.raises(FileRefused, match="CSV or XLSX"):
        _parse(b"x", name="c.pdf")
    with pytest.raises(FileRefused, match="empty"):
        _parse(b"", name="c.csv")
    with pytest.raises(FileRefused, match="smaller than 5MB"):
        parsing.check_file("c.csv", parsing.MAX_BYTES + 1)


def test_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(parsing, "MAX_ROWS", 2)
    with pytest.raises(FileRefused, match="more than 2 rows"):
        _parse(csv_file(*["01/03/2026,,,,E,,"] * 3))


def test_headings_only_is_refused():
    with pytest.raises(FileRefused, match="no rows"):
        _parse(HEADER.encode())


def test_messages_stop_at_a_hundred_but_count_every_problem():
    result = _parse(csv_file(*["bad,,,,E,,"] * 150))
    assert len(result.errors) == parsing.MAX_ERRORS_SHOWN
    assert result.error_count == 150


def test_xlsx_with_real_dates_times_and_excel_serials():
    book = Workbook()
    sheet = book.active
    sheet.append(["date", "TIME", "Event"])
    sheet.append([datetime.datetime(2026, 3, 27), datetime.time(8, 15), "From a date cell"])
    sheet.append([46108, 0.5, "From an Excel serial"])
    out = io.BytesIO()
    book.save(out)
    result = _parse(out.getvalue(), name="c.XLSX")
    assert result.ok, result.errors
    assert result.rows[0].happened_on == datetime.date(2026, 3, 27)
    assert result.rows[0].happened_at == datetime.time(8, 15)
    assert result.rows[1].happened_on == datetime.date(2026, 3, 27)
    assert result.rows[1].happened_at == datetime.time(12, 0)


def test_damaged_xlsx_is_refused():
    # Named .xlsx but not one: the upload check (lantern.web.uploads) says what it is not.
    with pytest.raises(FileRefused, match="is not an XLSX file, whatever its name says"):
        _parse(b"not a zip", name="c.xlsx")


def test_windows_csv_is_read():
    data = csv_file("01/03/2026,,,,Caf\xe9 visit,,").decode().encode("cp1252")
    assert _parse(data).rows[0].event == "Café visit"


@pytest.mark.parametrize("build,name", [(template_csv, "t.csv"), (template_xlsx, "t.xlsx")])
def test_the_templates_parse_cleanly(build, name):
    result = _parse(build("Demoshire Police"), name=name)
    assert result.ok, result.errors
    assert len(result.rows) == 1
