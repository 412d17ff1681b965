import datetime
from typing import Any

from django import forms

from lantern.web.dates import check_in_range
from lantern.web.forms import GovukDateField, GovukForm
from lantern.web.query import query_int
from lantern.web.versioning import VersionedFormMixin

from .parsing import MAX_UPLOAD_MB
from .selectors import Filters


class UploadForm(GovukForm):
    file = forms.FileField(
        label="Upload your agency's chronology",
        help_text=f"A CSV or XLSX file in the template's columns, smaller than {MAX_UPLOAD_MB}MB. "
        "It replaces every entry your agency has on this chronology.",
        error_messages={"required": "Select a CSV or XLSX file."},
    )


class EntryForm(GovukForm):
    happened_on = GovukDateField(label="Date", help_text="For example, 27 3 2026")
    happened_at = forms.TimeField(
        label="Time (optional)",
        required=False,
        help_text="For example, 14:30",
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
        error_messages={"invalid": "Enter a time like 14:30."},
    )
    source_record = forms.CharField(
        label="Source record (optional)", required=False, max_length=200
    )
    event = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter what happened."},
    )
    action_taken = forms.CharField(
        label="Action taken (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    practitioner_role = forms.CharField(
        label="Practitioner role (optional)", required=False, max_length=200
    )


class EntryEditForm(VersionedFormMixin, EntryForm):
    """An entry as changed: carries the version it showed, so a second person's save never
    silently reverts the first's (issue 12, item 12). Give it the entry as `record=`."""


#: How a date may be typed in the filters: as the hint shows, or as a browser's date box sends it.
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y", "%Y-%m-%d"]


class FilterDateField(forms.DateField):
    """A date typed in the filters: one that is not a real date, or is out of range, is an
    error that names the box (a walk found it silently ignored, issue 13)."""

    def __init__(self, *, what: str) -> None:
        self.what = what
        super().__init__(
            required=False,
            input_formats=DATE_FORMATS,
            error_messages={"invalid": f"Enter the ‘{what}’ date as a real date, like 27/03/2026."},
        )

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, str):
            value = " ".join(value.split())
        day = super().to_python(value)
        if day is not None:
            check_in_range(day, f"The ‘{self.what}’ date")
        return day


class FilterForm(forms.Form):
    """The filters above the chronology, from the query string. A date that cannot be read
    is an error (error summary and field message) and no entries are shown for it: a list
    quietly unfiltered would look filtered (issue 13)."""

    date_from = FilterDateField(what="from")
    date_to = FilterDateField(what="to")
    key = forms.BooleanField(required=False)
    flagged = forms.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The page's own input ids (`date_from`), which the error summary links to.
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)

    def filters(self) -> Filters:
        """The filters asked for, valid ones only: check `errors` before showing entries."""
        self.is_valid()
        data = self.cleaned_data
        found = (query_int(v) for v in self.data.getlist("agency"))
        ids = frozenset(i for i in found if i is not None)
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            # A range typed back to front means the days between (a walk found it showed
            # nothing, and said nothing).
            date_from, date_to = date_to, date_from
        return Filters(
            agency_ids=ids,
            date_from=date_from,
            date_to=date_to,
            key_only=bool(data.get("key")),
            flagged_only=bool(data.get("flagged")),
        )
