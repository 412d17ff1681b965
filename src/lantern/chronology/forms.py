from django import forms

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


class FilterForm(forms.Form):
    """The filters above the chronology, from the query string: a bad value is ignored."""

    date_from = forms.DateField(required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    date_to = forms.DateField(required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    key = forms.BooleanField(required=False)
    flagged = forms.BooleanField(required=False)

    def filters(self) -> Filters:
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
