"""The impact of training, and the L&D co-ordinator's evaluation report: pages for those
who may read training, the record of a report for those who manage it."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from lantern.access.policy import can_manage_training
from lantern.actions.evaluation import reporting_route
from lantern.actions.models import ReportedItem
from lantern.learning.models import Theme
from lantern.web.forms import add_service_errors

from . import impact as figures
from . import report_documents
from .access import get_course_for_user, require_manage, require_read
from .forms_impact import RecordForm, period_form, period_query, record_initial, scope_form
from .impact import Scope
from .report import build_report, evaluation_report_record, recorded_reports


def _charts(found: figures.Impact) -> dict[str, Any]:
    return {
        "chart": report_documents.quarter_chart_svg(found),
        "chart_title": report_documents.quarter_chart(found)[0],
        "chart_series": report_documents.QUARTER_SERIES,
    }


@login_required
def impact(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_read(user)
    form, scope = scope_form(request.GET, user.partnership_id)
    context: dict[str, Any] = {"form": form, "scope": scope}
    if scope is not None:
        found = figures.impact(scope)
        context |= {"impact": found, **_charts(found), "query": period_query(scope)}
    return render(request, "training/impact.html", context)


def _drill_down(scope: Scope | None, **more: Any) -> dict[str, Any]:
    context: dict[str, Any] = {"scope": scope, **more}
    if scope is not None:
        found = figures.impact(scope)
        context |= {"impact": found, **_charts(found), "query": period_query(scope)}
    return context


def _period(request: HttpRequest, partnership_id: int, **narrow: Any) -> tuple[Any, Scope | None]:
    form, scope = period_form(request.GET, partnership_id)
    if scope is not None:
        scope = Scope(partnership_id, scope.start, scope.end, **narrow)
    return form, scope


@login_required
def impact_course(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    course = get_course_for_user(user, pk)
    form, scope = _period(request, user.partnership_id, course=course)
    context = _drill_down(scope, form=form, course=course)
    if scope is not None:
        context["observations"] = figures.observations(scope)
    return render(request, "training/impact_course.html", context)


@login_required
def impact_theme(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    require_read(user)
    theme = Theme.objects.for_partnership(user.partnership_id).filter(pk=pk).first()
    if theme is None:
        raise Http404("No such theme.")
    form, scope = _period(request, user.partnership_id, theme=theme)
    return render(request, "training/impact_theme.html", _drill_down(scope, form=form, theme=theme))


@login_required
def report(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_read(user)
    form, scope = period_form(request.GET, user.partnership_id)
    context: dict[str, Any] = {
        "form": form,
        "can_manage": can_manage_training(user),
        "past": recorded_reports(user.partnership_id),
    }
    if scope is not None:
        built = build_report(scope)
        context |= {
            "report": built,
            "impact": built.impact,
            "query": period_query(scope),
            **_charts(built.impact),
        }
    return render(request, "training/report.html", context)


def _download(request: HttpRequest, fmt: str) -> HttpResponse:
    user: Any = request.user
    require_read(user)
    _form, scope = period_form(request.GET, user.partnership_id)
    if scope is None:
        # The page says what is wrong with the period.
        return redirect(f"{reverse('training:report')}?{request.GET.urlencode()}")
    built = build_report(scope)
    data = report_documents.BUILDERS[fmt](built)
    response = HttpResponse(data, content_type=report_documents.CONTENT_TYPES[fmt])
    name = f"training-evaluation-{scope.start.isoformat()}-to-{scope.end.isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def report_docx(request: HttpRequest) -> HttpResponse:
    return _download(request, "docx")


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    return _download(request, "pdf")


@login_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")


@login_required
def report_record(request: HttpRequest) -> HttpResponse:
    """Record the period's evaluation as reported, to where the evaluation table routes
    training today."""
    user: Any = request.user
    require_manage(user)
    today = timezone.localdate()
    _period_form, scope = period_form(request.GET, user.partnership_id)
    form = RecordForm(request.POST or None, initial=record_initial(scope, today))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = evaluation_report_record(
                user=user,
                period_start=data["period_start"],
                period_end=data["period_end"],
                reported_on=data["reported_on"],
                summary=data["summary"],
                today=today,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The evaluation is recorded as reported.")
            query = period_query(
                Scope(user.partnership_id, recorded.period_start, recorded.period_end)
            )
            return redirect(f"{reverse('training:report')}?{query}")
    return render(
        request,
        "training/report_record.html",
        {"form": form, "route": reporting_route(user.partnership_id, ReportedItem.TRAINING)},
    )
