"""Extending or pausing one step of a case's timetable: only with a recorded reason."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lantern.cases.access import get_rw_case_for_user
from lantern.web.forms import GovukDateField, GovukForm, add_service_errors

from .models import CaseStep
from .services import step_extend, step_pause, step_resume


class StepChangeForm(GovukForm):
    action = forms.ChoiceField(
        label="What do you need to do?",
        choices=[
            ("extend", "Change the due date"),
            ("pause", "Pause the clock for this step"),
            ("resume", "Restart the clock"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you need to do."},
    )
    on = GovukDateField(
        label="Date",
        required=False,
        help_text="The new due date, or the date the clock restarts. Not needed to pause.",
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded on the audit trail, for example court proceedings.",
    )


def _step(request: HttpRequest, reference: str, step_id: int) -> CaseStep:
    case = get_rw_case_for_user(request.user, reference)
    step = CaseStep.objects.filter(pk=step_id, case=case).first()
    if step is None:
        raise Http404("No such step on this case.")
    step.case = case
    return step


@login_required
def step_change(request: HttpRequest, reference: str, step_id: int) -> HttpResponse:
    step = _step(request, reference, step_id)
    form = StepChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            if data["action"] == "extend":
                if data["on"] is None:
                    raise ValidationError({"on": "Enter the new due date."})
                step_extend(step=step, new_due=data["on"], reason=data["reason"])
            elif data["action"] == "pause":
                step_pause(step=step, reason=data["reason"])
            else:
                if data["on"] is None:
                    raise ValidationError({"on": "Enter the date the clock restarts."})
                step_resume(step=step, on=data["on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{step.title}” has been changed.")
            return redirect("cases:detail", reference=reference)
    return render(
        request, "clock/step_change.html", {"step": step, "case": step.case, "form": form}
    )
