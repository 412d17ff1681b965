"""The timetable preview, and the partnership's timescales, closures and clock settings."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lantern.access.policy import Perm, has_perm
from lantern.clock.engine.timetables import TIMETABLE_NAMES
from lantern.manage.access import get_for_user, require_perm
from lantern.partnerships.models import Partnership
from lantern.web.forms import add_service_errors

from .engine import TIMETABLES, StepRule, Timetable, long_date
from .forms import ClockSettingsForm, ClosureForm, PreviewForm, TimescaleForm
from .models import ClosureDay, LocalTimescale
from .selectors import clock_settings, timescales_overview, timetable_preview
from .services import clock_settings_save, closure_add, closure_remove, timescale_set


def _partnership(request: HttpRequest) -> Partnership:
    """The person's partnership (the permission checks have made sure there is one)."""
    user: Any = request.user
    partnership: Partnership | None = user.partnership
    if partnership is None:
        raise Http404("No partnership.")
    return partnership


@login_required
def preview(request: HttpRequest) -> HttpResponse:
    """Each step's dates for a start date, with this partnership's timescales and closures."""
    form = PreviewForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    if form.is_bound and form.is_valid():
        pathway = form.cleaned_data["pathway"]
        context |= {
            "planned": timetable_preview(
                pathway=pathway,
                start=form.cleaned_data["start"],
                partnership_id=getattr(request.user, "partnership_id", None),
                conditions=form.cleaned_data["conditions"],
            ),
            "caption": (
                f"{TIMETABLE_NAMES[pathway]}: clock starting "
                f"{long_date(form.cleaned_data['start'])}"
            ),
        }
    return render(request, "clock/preview.html", context)


@require_perm(Perm.VIEW_ADMINISTRATION)
def timescales(request: HttpRequest) -> HttpResponse:
    partnership_id = _partnership(request).pk
    settings = clock_settings(partnership_id)
    return render(
        request,
        "clock/timescales.html",
        {
            "overview": timescales_overview(partnership_id, settings=settings),
            "settings": settings,
            "anchor_label": settings.get_rapid_review_anchor_display(),
            "closures": ClosureDay.objects.filter(partnership_id=partnership_id),
            "can_change": has_perm(request.user, Perm.MANAGE_PARTNERSHIP),
        },
    )


def _step(pathway: str, step_id: str) -> tuple[Timetable, StepRule]:
    timetable = TIMETABLES.get(pathway)
    if timetable is None or not timetable.has_step(step_id):
        raise Http404("No such step.")
    return timetable, timetable.step(step_id)


@require_perm(Perm.MANAGE_PARTNERSHIP)
def timescale_edit(request: HttpRequest, pathway: str, step_id: str) -> HttpResponse:
    timetable, rule = _step(pathway, step_id)
    partnership = _partnership(request)
    settings = clock_settings(partnership.pk)
    local = LocalTimescale.objects.filter(
        partnership=partnership, pathway=pathway, step_id=step_id
    ).first()
    initial = {
        "amount": local.amount if local else rule.period.amount,
        "earliest_amount": (local and local.earliest_amount)
        or (rule.earliest.amount if rule.earliest else None),
    }
    form = TimescaleForm(
        request.POST or None,
        initial=initial,
        rule=rule,
        counted_from=timetable.counted_from(rule, settings.anchor_for(pathway)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            timescale_set(
                partnership=partnership,
                pathway=pathway,
                step_id=step_id,
                amount=form.cleaned_data["amount"],
                earliest_amount=form.cleaned_data.get("earliest_amount"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The timescale for “{rule.title}” has been saved.")
            return redirect("clock:timescales")
    return render(
        request,
        "clock/timescale_form.html",
        {"form": form, "rule": rule, "pathway_name": TIMETABLE_NAMES[pathway]},
    )


@require_perm(Perm.MANAGE_PARTNERSHIP)
def closure_new(request: HttpRequest) -> HttpResponse:
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closure = closure_add(
                partnership=_partnership(request),
                on=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{long_date(closure.date)} is now a closure day.")
            return redirect("clock:timescales")
    return render(request, "clock/closure_form.html", {"form": form})


@require_POST
@require_perm(Perm.VIEW_ADMINISTRATION)
def closure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    closure = get_for_user(request.user, ClosureDay, pk, write=Perm.MANAGE_PARTNERSHIP)
    closure_remove(closure=closure)
    messages.success(request, f"{long_date(closure.date)} is a working day again.")
    return redirect("clock:timescales")


@require_perm(Perm.MANAGE_PARTNERSHIP)
def settings_edit(request: HttpRequest) -> HttpResponse:
    partnership = _partnership(request)
    current = clock_settings(partnership.pk)
    form = ClockSettingsForm(
        request.POST or None,
        initial={
            "rapid_review_anchor": current.rapid_review_anchor,
            "due_soon_days": current.due_soon_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            clock_settings_save(partnership=partnership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The clock settings have been saved.")
            return redirect("clock:timescales")
    return render(request, "clock/settings_form.html", {"form": form})
