"""The impact page's filters, the report's period and recording a report as reported."""

import datetime
from typing import Any

from django import forms
from django.http import QueryDict

from lantern.web.forms import GovukDateField, GovukForm, text_area

from .impact import Scope, last_twelve_months, theme_choices
from .models import Course

#: The longest period the figures cover: a typing slip (2062 for 2026) is an error.
LONGEST_YEARS = 20


class PeriodForm(GovukForm):
    start = GovukDateField(label="Start of the period", help_text="For example, 1 4 2025.")
    end = GovukDateField(label="End of the period", help_text="For example, 31 3 2026.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The default period when nothing is chosen: the last twelve months.
        self.fields["start"].required = False
        self.fields["end"].required = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        default_start, default_end = last_twelve_months()
        if "start" in data and data["start"] is None:
            data["start"] = default_start
        if "end" in data and data["end"] is None:
            data["end"] = default_end
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end of the period must be on or after its start.")
            elif (end - start).days > LONGEST_YEARS * 366:
                self.add_error("end", f"The period must be {LONGEST_YEARS} years or shorter.")
        return data


class ImpactForm(PeriodForm):
    course = forms.TypedChoiceField(
        label="Course",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose one of the courses listed."},
    )
    theme = forms.TypedChoiceField(
        label="Theme",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose one of the themes listed."},
    )

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.courses = {
            c.pk: c for c in Course.objects.in_partnership(partnership_id).order_by("title", "pk")
        }
        self.themes = {t.pk: t for t in theme_choices(partnership_id)}
        course = self.fields["course"]
        theme = self.fields["theme"]
        assert isinstance(course, forms.ChoiceField) and isinstance(theme, forms.ChoiceField)
        course.choices = [("", "Every course"), *((pk, c.title) for pk, c in self.courses.items())]
        theme.choices = [("", "Every theme"), *((pk, t.name) for pk, t in self.themes.items())]


FILTER_KEYS = ("start_0", "start_1", "start_2", "end_0", "end_1", "end_2", "course", "theme")


def scope_form(query: QueryDict, partnership_id: int) -> tuple[ImpactForm, Scope | None]:
    """The filters from the query string (unbound when none is given: the last twelve
    months of every course), and the scope when they are valid."""
    bound = any(query.get(key) for key in FILTER_KEYS)
    form = ImpactForm(query if bound else None, partnership_id=partnership_id)
    if not bound:
        start, end = last_twelve_months()
        form.initial = {"start": start, "end": end}
        return form, Scope(partnership_id, start, end)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, Scope(
        partnership_id,
        data["start"],
        data["end"],
        course=form.courses.get(data["course"]) if data["course"] else None,
        theme=form.themes.get(data["theme"]) if data["theme"] else None,
    )


def period_form(query: QueryDict, partnership_id: int) -> tuple[PeriodForm, Scope | None]:
    bound = any(query.get(key) for key in FILTER_KEYS[:6])
    form = PeriodForm(query if bound else None)
    if not bound:
        start, end = last_twelve_months()
        form.initial = {"start": start, "end": end}
        return form, Scope(partnership_id, start, end)
    if not form.is_valid():
        return form, None
    return form, Scope(partnership_id, form.cleaned_data["start"], form.cleaned_data["end"])


def period_query(scope: Scope) -> str:
    """The period as the date boxes' query string (the downloads' and the record form's)."""
    parts = []
    for name, day in (("start", scope.start), ("end", scope.end)):
        parts += [f"{name}_0={day.day}", f"{name}_1={day.month}", f"{name}_2={day.year}"]
    return "&".join(parts)


class RecordForm(GovukForm):
    period_start = GovukDateField(label="Start of the period")
    period_end = GovukDateField(label="End of the period")
    reported_on = GovukDateField(
        label="Date it was reported", help_text="The meeting or the day it was sent."
    )
    summary = text_area(
        "What you concluded",
        rows=8,
        help_text="Shown at the top of the report for this period. Leave out anything that "
        "could identify a child, adult, family or practitioner.",
    )


def record_initial(scope: Scope | None, today: datetime.date) -> dict[str, Any]:
    if scope is None:
        return {"reported_on": today}
    return {"period_start": scope.start, "period_end": scope.end, "reported_on": today}
