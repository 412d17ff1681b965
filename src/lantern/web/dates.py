"""The dates Lantern accepts: one sane range for every form, import, API call and query.

A date typed as 0001 or 9999 is a mistake, never an event of a review; and the working-day
arithmetic (lantern.clock) cannot count from it (31/12/9999 plus a day overflows, and
every year's bank holidays up to 9999 take minutes to work out). So every way a date comes
in checks it against this one range, and says which range when it refuses one.
"""

import datetime

from django.core.exceptions import ValidationError

#: The first and last date anyone can enter: births of the oldest adults to plans years ahead.
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)
#: The range in words, as GOV.UK writes dates.
RANGE_TEXT = "between 1 January 1900 and 31 December 2100"
#: An ISO date in the range, as a pattern for the OpenAPI document (years 1900 to 2100).
ISO_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"


def in_range(day: datetime.date) -> bool:
    return EARLIEST <= day <= LATEST


def out_of_range_message(what: str) -> str:
    """ "Date of the meeting must be between 1 January 1900 and 31 December 2100."."""
    return f"{what} must be {RANGE_TEXT}."


def check_in_range(day: datetime.date, what: str = "The date") -> datetime.date:
    """`day`, or a ValidationError naming the range."""
    if not in_range(day):
        raise ValidationError(out_of_range_message(what), code="date_range")
    return day
