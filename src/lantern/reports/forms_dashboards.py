"""The dashboard's period filter: from and to dates, last 12 months by default."""

import datetime
from typing import Any

from django import forms

from .period import Period

EARLIEST = datetime.date(2000, 1, 1)


class PeriodForm(forms.Form):
    start = forms.DateField(label="From", required=False)
    end = forms.DateField(label="To", required=False)

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def default(self) -> Period:
        # The last 12 months, ending today.
        start = self.today.replace(year=self.today.year - 1) + datetime.timedelta(days=1)
        return Period(start, self.today)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        for name, day in (("start", start), ("end", end)):
            if day and not EARLIEST <= day <= self.today.replace(year=self.today.year + 5):
                self.add_error(name, "Enter a date between 2000 and five years from now.")
        if start and end and end < start:
            self.add_error("end", "The end date must be on or after the start date.")
        if not self.errors:
            try:
                self.period()
            except ValueError:
                self.add_error("end", "The end date must be on or after the start date.")
        return data

    def period(self) -> Period:
        fallback = self.default()
        data = getattr(self, "cleaned_data", {}) or {}
        return Period(data.get("start") or fallback.start, data.get("end") or fallback.end)
