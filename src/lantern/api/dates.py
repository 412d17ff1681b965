"""The API's dates: the same one range as every form and import (lantern.web.dates).

A schema's date field is `InRangeDate` (or `InRangeDate | None`): pydantic then refuses
0001-01-01 or 9999-12-31 with a 422 naming the field and the range, and the OpenAPI
document shows the range as a pattern, so a client (or a fuzzer) knows it beforehand.
"""

import datetime
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from lantern.web.dates import ISO_PATTERN, RANGE_TEXT, in_range


def _in_range(day: datetime.date) -> datetime.date:
    if not in_range(day):
        raise PydanticCustomError("date_range", f"Must be {RANGE_TEXT}.")
    return day


InRangeDate = Annotated[
    datetime.date,
    AfterValidator(_in_range),
    Field(json_schema_extra={"pattern": ISO_PATTERN}),
]
