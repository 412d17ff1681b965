"""Small forms every pathway uses for its steps: a date, the report, publication."""

from typing import Any, cast

from django import forms

from .forms import GovukDateField, GovukForm


class DateForm(GovukForm):
    """One date, for the "record that it happened" steps. `label` says which date."""

    on = GovukDateField(label="Date")

    def __init__(self, *args: Any, label: str = "Date", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(GovukDateField, self.fields["on"])
        field.label = label
        field.what = label[0].lower() + label[1:]


class ReportChoiceForm(GovukForm):
    """Choosing a review's report from its documents. Subclasses name the report."""

    report = "report"  # e.g. "final report", "overview report"
    help = "A document of this review that is not a draft."

    document = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["document"])
        field.queryset = documents
        field.label = self.report[0].upper() + self.report[1:]
        field.empty_label = f"Choose the {self.report}"
        field.help_text = self.help
        field.error_messages["required"] = f"Choose the {self.report}."


class PublishForm(GovukForm):
    on = GovukDateField(label="Date of publication")
    url = forms.URLField(
        label="Link to the published report",
        assume_scheme="https",
        error_messages={
            "required": "Enter the link to the published report.",
            "invalid": "Enter a full web address, like https://example.org/report.",
        },
    )
