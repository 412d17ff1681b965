"""The reporting dashboard page and its XLSX export (issue 16)."""

import datetime
import io
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook

from lantern.access.policy import can_view_dashboards
from lantern.documents.charts import PALETTE, bar_chart_svg
from lantern.documents.hcharts import row_chart_svg
from lantern.web.text import spreadsheet_cell

from .dashboard import Table
from .dashboard_sections import dashboard
from .forms_dashboards import PeriodForm
from .period import financial_year, financial_year_label, financial_year_of


def _tables(request: HttpRequest) -> tuple[PeriodForm, list[Table]]:
    user: Any = request.user
    if not can_view_dashboards(user):
        raise PermissionDenied(
            "The dashboards are for the Business Unit, the Chair and the Executive."
        )
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, today=today, partnership_id=user.partnership_id)
    if request.GET and not form.is_valid():
        return form, []
    return form, dashboard(user.partnership_id, form.period(), today, form.filters())


#: More bars than this, or a longer label, and the chart lies on its side (hcharts).
UPRIGHT_BARS, UPRIGHT_LABEL = 8, 40


def _counted(table: Table, column: int) -> bool:
    return (
        column < len(table.numeric)
        and table.numeric[column]
        and "%" not in table.head[column]
        and all(isinstance(row[column], int | None) for row in table.rows)
    )


def _chart(table: Table) -> str:
    """The first columns label the bars; the counts that follow the first numeric column
    (until a percentage) are the series: "done on time", "done late", "open and overdue"."""
    first = table.numeric.index(True)
    columns = [first]
    while _counted(table, columns[-1] + 1) and len(columns) < len(PALETTE):
        columns.append(columns[-1] + 1)
    labels = [" — ".join(str(c) for c in row[:first]) for row in table.rows]
    series = [(table.head[c], [int(row[c] or 0) for row in table.rows]) for c in columns]
    upright = len(labels) <= UPRIGHT_BARS and max(map(len, labels)) <= UPRIGHT_LABEL
    draw = bar_chart_svg if upright else row_chart_svg
    return draw(title=table.caption, labels=labels, series=series)


def _presets(today: datetime.date, form: PeriodForm) -> list[tuple[str, str]]:
    """Links for the last 12 months and each of the last five financial years, keeping
    the pathway and lead agency chosen."""
    chosen = form.filters() if form.is_bound and not form.errors else None
    kept = {}
    if chosen and chosen.pathway:
        kept["pathway"] = chosen.pathway
    if chosen and chosen.agency_id:
        kept["agency"] = str(chosen.agency_id)
    first = financial_year_of(today).start.year
    years = [financial_year(year) for year in range(first, first - 5, -1)]
    links = [("Last 12 months", urlencode(kept))]
    for y in years:
        query = {"start": str(y.start), "end": str(min(y.end, today)), **kept}
        links.append((f"Financial year {financial_year_label(y)}", urlencode(query)))
    return links


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    form, tables = _tables(request)
    shown = [(t, _chart(t) if t.rows else "") for t in tables]
    context = {"form": form, "tables": shown, "presets": _presets(timezone.localdate(), form)}
    if tables:
        context["period"] = form.period()
        context["filters"] = form.filters()
        context["pathway_name"] = dict(form.fields["pathway"].choices).get(  # type: ignore[attr-defined]
            form.filters().pathway, ""
        )
    return render(request, "reports/dashboard.html", context)


@login_required
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    form, tables = _tables(request)
    if not tables:
        return render(request, "reports/dashboard.html", {"form": form, "tables": []}, status=400)
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.key[:31])
        sheet.append([spreadsheet_cell(table.caption)])
        sheet.append([spreadsheet_cell(h) for h in table.head])
        for row in table.rows:
            sheet.append([spreadsheet_cell(c) if isinstance(c, str) else c for c in row])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="dashboard.xlsx"'
    return response
