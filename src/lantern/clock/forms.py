import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from lantern.clock.engine.timetables import TIMETABLE_NAMES
from lantern.web.forms import GovukDateField, GovukForm

from .engine import TIMETABLES, StepRule
from .models import RAPID_REVIEW_ANCHORS

FIRST_YEAR, LAST_YEAR = 2000, 2099


def _in_range(day: datetime.date | None, what: str) -> datetime.date | None:
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(f"{what} must be between {FIRST_YEAR} and {LAST_YEAR}.")
    return day


class PreviewForm(GovukForm):
    pathway = forms.ChoiceField(
        label="Pathway",
        choices=[("", "Choose a pathway"), *((k, TIMETABLE_NAMES[k]) for k in TIMETABLES)],
        error_messages={"required": "Choose the pathway.", "invalid_choice": "Choose a pathway."},
    )
    start = GovukDateField(
        label="Date the clock starts",
        help_text=(
            "The referral received, or the decision to hold a review. For example, 21 12 2026."
        ),
    )
    conditions = forms.MultipleChoiceField(
        label="Include the steps that apply only when",
        choices=[c for t in TIMETABLES.values() for c in t.conditions],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_start(self) -> datetime.date | None:
        return _in_range(self.cleaned_data.get("start"), "The date the clock starts")


class TimescaleForm(GovukForm):
    amount = forms.IntegerField(label="Due", error_messages={"required": "Enter a number."})
    earliest_amount = forms.IntegerField(label="Earliest", required=False)

    def __init__(self, *args: Any, rule: StepRule, counted_from: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit, relation = rule.period.unit.label, rule.relation
        base = counted_from[0].lower() + counted_from[1:]
        self.fields["amount"].label = f"Due: number of {unit} {relation} {base}"
        self.fields["amount"].help_text = f"The default is {rule.period}."
        self.fields["amount"].error_messages["invalid"] = f"Enter a whole number of {unit}."
        if rule.earliest is None:
            del self.fields["earliest_amount"]
        else:
            earliest = self.fields["earliest_amount"]
            earliest.label = f"Earliest: number of {unit} {relation} {base}"
            earliest.help_text = f"The default is {rule.earliest}."
            earliest.error_messages["invalid"] = f"Enter a whole number of {unit}."


class ClosureForm(GovukForm):
    date = GovukDateField(label="Date of the closure", help_text="For example, 29 12 2026.")
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        help_text="For example, office move. Shown to everyone in the partnership.",
        error_messages={"required": "Enter the reason for the closure."},
    )

    def clean_date(self) -> datetime.date | None:
        return _in_range(self.cleaned_data.get("date"), "The date of the closure")


class ClockSettingsForm(GovukForm):
    rapid_review_anchor = forms.ChoiceField(
        label="A rapid review's clock starts",
        choices=RAPID_REVIEW_ANCHORS,
        widget=forms.RadioSelect,
        help_text=(
            "The National Panel is notified within 5 working days of the referral. "
            "Working Together 2023 counts the rapid review from that notification."
        ),
        error_messages={"required": "Choose when a rapid review's clock starts."},
    )
    due_soon_days = forms.IntegerField(
        label="Show a step as due soon this many working days before it is due",
        min_value=0,
        max_value=20,
        error_messages={
            "required": "Enter a number of working days from 0 to 20.",
            "invalid": "Enter a number of working days from 0 to 20.",
            "min_value": "Enter a number of working days from 0 to 20.",
            "max_value": "Enter a number of working days from 0 to 20.",
        },
    )
