"""The dashboard's filters: from and to dates (last 12 months by default), pathway and
lead agency (an active agency of the user's own partnership)."""

import datetime
from typing import Any

from django import forms
from django.utils.functional import cached_property

from lantern.cases.pathways import PATHWAYS
from lantern.partnerships.models import Agency
from lantern.training.impact import last_twelve_months

from .dashboard_filters import Filters
from .period import Period

EARLIEST = datetime.date(2000, 1, 1)


def _years_on(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class PeriodForm(forms.Form):
    start = forms.DateField(label="From", required=False)
    end = forms.DateField(label="To", required=False)
    pathway = forms.ChoiceField(
        label="Pathway",
        required=False,
        error_messages={"invalid_choice": "Choose a pathway from the list."},
    )
    agency = forms.ModelChoiceField(
        label="Lead agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Any lead agency",
        error_messages={"invalid_choice": "Choose a lead agency from the list."},
    )

    def __init__(
        self, *args: Any, today: datetime.date, partnership_id: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        choices = [("", "Any pathway")] + [(k, str(p.name)) for k, p in PATHWAYS.items()]
        self.fields["pathway"].choices = choices  # type: ignore[attr-defined]
        # Only the user's own partnership's active agencies: any other id is refused.
        self.fields["agency"].queryset = (  # type: ignore[attr-defined]
            Agency.objects.filter(partnership_id=partnership_id, is_active=True).order_by("name")
        )

    def default(self) -> Period:
        # The last 12 months, ending today (29 February included: training's rule).
        return Period(*last_twelve_months(self.today))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        for name, day in (("start", start), ("end", end)):
            if day and not EARLIEST <= day <= _years_on(self.today, 5):
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

    def _options(self, name: str) -> list[tuple[str, str]]:
        # As (value, label) strings, the agencies read once: a template's loop over the
        # field's choices would count them first, a second query.
        choices = self.fields[name].choices  # type: ignore[attr-defined]
        return [(str(value), str(label)) for value, label in choices]

    @cached_property
    def pathway_options(self) -> list[tuple[str, str]]:
        return self._options("pathway")

    @cached_property
    def agency_options(self) -> list[tuple[str, str]]:
        return self._options("agency")

    def filters(self) -> Filters:
        data = getattr(self, "cleaned_data", {}) or {}
        agency = data.get("agency")
        return Filters(
            pathway=data.get("pathway") or "",
            agency_id=agency.pk if agency else None,
            agency_name=agency.name if agency else "",
        )
