"""Numbers and dates read from a query string, safely: a bad one is None, never a 500.

`int()` alone takes " 7", "²" fails it and 5,000 digits make it refuse; a date from
`fromisoformat()` may be 0001-01-01. A page asks these helpers and treats None as "not
given" (or names it in its error summary).
"""

import datetime
import re

from .dates import in_range

#: The largest id any table holds (a PostgreSQL integer); beyond it a lookup fails.
MAX_ID = 2**31 - 1

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def query_int(raw: object, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """A whole number written in ASCII digits, from `minimum` to `maximum`; else None.
    The default is a record's id."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def query_date(raw: object) -> datetime.date | None:
    """A real date in Lantern's range (lantern.web.dates), written 2026-03-27 or
    27/03/2026; else None."""
    text = str(raw if raw is not None else "").strip()
    if not text.isascii():
        return None
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY_DATE.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        return None
    try:
        found = datetime.date(year, month, day)
    except ValueError:
        return None
    return found if in_range(found) else None
