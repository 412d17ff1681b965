"""The reporting dashboards' figures (issue 16): each table a few GROUP BY queries in the
database, never a loop over rows, so ten years of a large partnership answers quickly."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from lantern.actions.models import Action, state_expression
from lantern.cases.models import Case
from lantern.cases.pathways import PATHWAYS
from lantern.clock.models import CaseStep

from .period import Period


@dataclass
class Table:
    """A dashboard table: caption, head, rows (numbers stay numbers for the export)."""

    key: str
    caption: str
    head: list[str]
    rows: list[list[str | int | None]] = field(default_factory=list)
    numeric: list[bool] = field(default_factory=list)


def _pathway_label(pathway: str) -> str:
    found = PATHWAYS.get(pathway)
    return str(found.name) if found else pathway


def timeliness(partnership_id: int, period: Period, today: datetime.date) -> Table:
    """For steps due in the period, per pathway and step: done on time, done late, open
    and overdue (as at the earlier of today and the period's end), and % on time."""
    as_at = min(today, period.end)
    rows = (
        CaseStep.objects.filter(
            case__partnership_id=partnership_id, due__range=(period.start, period.end)
        )
        .values("pathway", "step_id", "title")
        .annotate(
            on_time=Count("id", filter=Q(done_on__isnull=False, done_on__lte=F("due"))),
            late=Count("id", filter=Q(done_on__isnull=False, done_on__gt=F("due"))),
            overdue=Count("id", filter=Q(done_on__isnull=True, due__lt=as_at)),
        )
        .order_by("pathway", "step_id", "title")
    )
    table = Table(
        "timeliness",
        f"Timeliness of steps due from {period.label}",
        ["Pathway", "Step", "Done on time", "Done late", "Open and overdue", "% on time"],
        numeric=[False, False, True, True, True, True],
    )
    for row in rows:
        counted = row["on_time"] + row["late"] + row["overdue"]
        percent = round(100 * row["on_time"] / counted) if counted else None
        table.rows.append(
            [
                _pathway_label(row["pathway"]),
                row["title"],
                row["on_time"],
                row["late"],
                row["overdue"],
                percent,
            ]
        )
    return table


def referrals(partnership_id: int, period: Period) -> Table:
    """Cases opened in the period, per pathway."""
    rows = (
        Case.objects.filter(
            partnership_id=partnership_id, opened_on__range=(period.start, period.end)
        )
        .values("pathway")
        .annotate(n=Count("id"))
        .order_by("pathway")
    )
    return Table(
        "referrals",
        f"Cases opened from {period.label}, by pathway",
        ["Pathway", "Cases opened"],
        [[_pathway_label(r["pathway"]), r["n"]] for r in rows],
        [False, True],
    )


def actions_by_agency(partnership_id: int, period: Period) -> Table:
    """Actions created by the period's end, by lead agency and status shown at its end."""
    rows = (
        Action.objects.filter(partnership_id=partnership_id, created_at__date__lte=period.end)
        .annotate(shown=state_expression(period.end))
        .values("lead_agency__name", "shown")
        .annotate(n=Count("id"))
        .order_by("lead_agency__name", "shown")
    )
    return Table(
        "actions",
        f"Actions by lead agency and status on {period.end:%-d %B %Y}",
        ["Lead agency", "Status", "Actions"],
        [[r["lead_agency__name"], str(r["shown"]), r["n"]] for r in rows],
        [False, False, True],
    )
