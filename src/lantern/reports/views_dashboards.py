"""The reporting dashboard page and its XLSX export (issue 16)."""

import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook

from lantern.access.policy import can_view_dashboards
from lantern.documents.charts import bar_chart_svg
from lantern.web.text import spreadsheet_cell

from .dashboard import Table
from .dashboard_sections import dashboard
from .forms_dashboards import PeriodForm


def _tables(request: HttpRequest) -> tuple[PeriodForm, list[Table]]:
    user: Any = request.user
    if not can_view_dashboards(user):
        raise PermissionDenied(
            "The dashboards are for the Business Unit, the Chair and the Executive."
        )
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, today=today)
    if request.GET and not form.is_valid():
        return form, []
    return form, dashboard(user.partnership_id, form.period(), today)


def _chart(table: Table) -> str:
    # The first column labels the bars; the first numeric column is the series.
    column = table.numeric.index(True)
    return bar_chart_svg(
        title=table.caption,
        labels=[" — ".join(str(c) for c in row[:column]) for row in table.rows],
        series=[(table.head[column], [int(row[column] or 0) for row in table.rows])],
    )


def dashboard_page(request: HttpRequest) -> HttpResponse:
    form, tables = _tables(request)
    shown = [(t, _chart(t) if t.rows else "") for t in tables]
    return render(request, "reports/dashboard.html", {"form": form, "tables": shown})


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
