"""The annual reports' forms: start one, write a section, approve, send back, record a
sending. The rules live in lantern.reports.services; these only check the answers' shape."""

import datetime
from typing import Any

from django import forms

from lantern.web.forms import GovukDateField, GovukForm, text_area
from lantern.web.versioning import VersionedFormMixin

from .models import AnnualReport, AnnualReportSection, ReportKind
from .period import Period, financial_year, financial_year_label, last_complete_financial_year
from .recipients import OTHER, recipients_for

#: How many past financial years a report may be started for: enough to catch up.
YEARS_OFFERED = 5


def year_choices(today: datetime.date) -> list[tuple[str, str]]:
    """Financial years up to the last complete one, newest first; never a future year."""
    last = last_complete_financial_year(today).start.year
    return [
        (str(y), financial_year_label(financial_year(y)))
        for y in range(last, last - YEARS_OFFERED, -1)
    ]


class StartForm(GovukForm):
    kind = forms.ChoiceField(
        label="Which report",
        choices=ReportKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select which report to start.",
            "invalid_choice": "Select which report to start.",
        },
    )
    year = forms.ChoiceField(
        label="Financial year",
        error_messages={
            "required": "Select the financial year.",
            "invalid_choice": "Select a financial year that has ended.",
        },
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = year_choices(today)

    @property
    def period(self) -> Period:
        return financial_year(int(self.cleaned_data["year"]))


class SectionForm(VersionedFormMixin, GovukForm):  # type: ignore[misc]
    narrative = text_area("What the report says", rows=12)

    def __init__(self, *args: Any, section: AnnualReportSection, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"narrative": section.narrative})
        super().__init__(*args, record=section, **kwargs)


class ApproveForm(GovukForm):
    approved_as = forms.CharField(
        label="Approved as",
        max_length=200,
        help_text="For example, Independent Chair, on behalf of the Board.",
        error_messages={
            "required": "Enter in what capacity you approve the report.",
            "max_length": "Approved as must be 200 characters or fewer.",
        },
    )


class ReturnForm(GovukForm):
    reason = text_area(
        "Why it is sent back",
        required="Enter why the report is sent back, so it can be put right.",
        rows=6,
    )


class SendForm(GovukForm):
    recipient = forms.ChoiceField(
        label="Who was it sent to",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who the report was sent to.",
            "invalid_choice": "Select who the report was sent to.",
        },
    )
    name = forms.CharField(
        label="Name of another recipient",
        max_length=200,
        required=False,
        help_text="Only for another recipient, for example the Care Quality Commission.",
        error_messages={"max_length": "The name must be 200 characters or fewer."},
    )
    sent_on = GovukDateField(label="Date it was sent", help_text="For example, 14 7 2026.")
    how = forms.CharField(
        label="How it was sent",
        max_length=200,
        required=False,
        help_text="For example, by e-mail to the chief executive's office.",
        error_messages={"max_length": "How it was sent must be 200 characters or fewer."},
    )

    def __init__(self, *args: Any, report: AnnualReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sent = set(report.sendings.values_list("recipient", flat=True))
        field = self.fields["recipient"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            *((r.key, r.label) for r in recipients_for(report.kind) if r.key not in sent),
            (OTHER, "Another recipient"),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("recipient") == OTHER and not (data.get("name") or "").strip():
            self.add_error("name", "Enter who the report was sent to.")
        return data
