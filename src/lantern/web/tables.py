"""Reading an uploaded table (a CSV file, or an XLSX workbook's first sheet) as rows of
cell values, headings first: what every import (a chronology, a training register)
starts from. The file is checked for what it is, not what it is called
(lantern.web.uploads.check_content); a refusal is UploadRefused with the uploader's
message, raised before any row is read."""

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

from .uploads import UploadRefused, check_content, decode_text, extension_of


def table_rows(
    name: str,
    data: bytes,
    *,
    allowed: Sequence[str],
    max_bytes: int,
    max_columns: int,
    formulas_as_text: bool = False,
) -> Iterator[list[Any]]:
    """The rows. `formulas_as_text`: an XLSX formula comes back as its text ("=...") for
    the caller to refuse, rather than its last value taken for what someone typed."""
    check_content(name, data, allowed=allowed, max_bytes=max_bytes)
    if extension_of(name) == "csv":
        return _csv_rows(data)
    from openpyxl import load_workbook  # only when an XLSX file arrives

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=not formulas_as_text)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise UploadRefused("The selected file could not be read as an XLSX file.") from error
    return _sheet_rows(book, max_columns)


def _csv_rows(data: bytes) -> Iterator[list[Any]]:
    # UTF-8, UTF-16 with its BOM, else Windows-1252 (what Excel saves "CSV" as). Read as
    # the rows are: a file that is not text fails there, as csv.Error or UnicodeError.
    yield from csv.reader(io.StringIO(decode_text(data), newline=""))


def _sheet_rows(book: Any, max_columns: int) -> Iterator[list[Any]]:
    try:
        # Read-only, streamed, and no wider than the columns anyone could mean.
        for row in book.worksheets[0].iter_rows(max_col=max_columns, values_only=True):
            yield list(row)
    finally:
        book.close()
