"""The 360 evaluation page (issue 16): each line of the evaluation table with what was
reported in a period, to whom and when. The rules are in evaluation360."""

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lantern.access.policy import can_view_dashboards
from lantern.web.forms import GovukDateField, GovukForm

from .evaluation360 import evaluation_360
from .period import Period, financial_year, financial_year_label, financial_year_of

YEARS_OFFERED = 6


class EvaluationPeriodForm(GovukForm):
    """A financial year, or from and to dates (which win when given)."""

    year = forms.ChoiceField(label="Financial year", required=False)
    start = GovukDateField(label="From", required=False)
    end = GovukDateField(label="To", required=False)

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        current = financial_year_of(today).start.year
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = [("", "This financial year to date")] + [
            (str(y), financial_year_label(financial_year(y)))
            for y in range(current, current - YEARS_OFFERED, -1)
        ]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if bool(start) != bool(end) and not self.errors:
            self.add_error("end" if start else "start", "Enter both dates, or neither.")
        elif start and end and end < start:
            self.add_error("end", "The end date must be on or after the start date.")
        return data

    def period(self) -> Period:
        data = getattr(self, "cleaned_data", None) or {}
        if data.get("start") and data.get("end"):
            return Period(data["start"], data["end"])
        if data.get("year"):
            return financial_year(int(data["year"]))
        return Period(financial_year_of(self.today).start, self.today)


@login_required
def evaluation360(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_view_dashboards(user):
        raise PermissionDenied("Only those who see the dashboards see the 360 evaluation.")
    today = timezone.localdate()
    form = EvaluationPeriodForm(request.GET or None, today=today)
    valid = form.is_valid() if request.GET else True
    period = form.period() if valid else Period(financial_year_of(today).start, today)
    lines = evaluation_360(user.partnership_id, period) if valid else []
    return render(
        request,
        "reports/evaluation360.html",
        {"form": form, "period": period, "lines": lines, "valid": valid},
    )
