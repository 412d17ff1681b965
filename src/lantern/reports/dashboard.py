"""The reporting dashboards' figures (issue 16): each table a few GROUP BY queries in the
database, never a loop over rows, so ten years of a large partnership answers quickly."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from lantern.actions.models import Action
from lantern.cases.models import Case, CaseStatus
from lantern.cases.pathways import PATHWAYS
from lantern.clock.models import CaseStep

from .dashboard_filters import ANY, LABELS, Filters, existed_on, state_at_expression
from .period import Period

#: What the page says of each table's filters.
PATHWAY_ONLY = "Filtered by pathway."
BOTH = "Filtered by pathway (of the case the action answers) and lead agency."
NEITHER = "Not filtered: covers every pathway and agency."


@dataclass
class Table:
    """A dashboard table: caption, head, rows (numbers stay numbers for the export)."""

    key: str
    caption: str
    head: list[str]
    rows: list[list[str | int | None]] = field(default_factory=list)
    numeric: list[bool] = field(default_factory=list)
    applies: str = NEITHER


def _pathway_label(pathway: str) -> str:
    found = PATHWAYS.get(pathway)
    return str(found.name) if found else pathway


def pathway_q(filters: Filters, field_name: str) -> Q:
    return Q(**{field_name: filters.pathway}) if filters.pathway else Q()


def agency_q(filters: Filters, field_name: str) -> Q:
    return Q(**{field_name: filters.agency_id}) if filters.agency_id else Q()


def overdue_q(as_at: datetime.date) -> Q:
    """A step still open after its due date, as reminders and case lists count it: not
    while its clock is paused, and not on a case that has closed."""
    return Q(
        done_on__isnull=True, due__lt=as_at, paused_on__isnull=True, case__status=CaseStatus.OPEN
    )


def timeliness(
    partnership_id: int, period: Period, today: datetime.date, filters: Filters = ANY
) -> Table:
    """For steps due in the period, per pathway and step: done on time, done late, open
    and overdue (as at the earlier of today and the period's end), and % on time."""
    as_at = min(today, period.end)
    rows = (
        CaseStep.objects.filter(
            pathway_q(filters, "pathway"),
            case__partnership_id=partnership_id,
            due__range=(period.start, period.end),
        )
        .values("pathway", "step_id", "title")
        .annotate(
            on_time=Count("id", filter=Q(done_on__isnull=False, done_on__lte=F("due"))),
            late=Count("id", filter=Q(done_on__isnull=False, done_on__gt=F("due"))),
            overdue=Count("id", filter=overdue_q(as_at)),
        )
        .order_by("pathway", "step_id", "title")
    )
    table = Table(
        "timeliness",
        f"Timeliness of steps due from {period.label}",
        ["Pathway", "Step", "Done on time", "Done late", "Open and overdue", "% on time"],
        numeric=[False, False, True, True, True, True],
        applies=PATHWAY_ONLY,
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


def referrals(partnership_id: int, period: Period, filters: Filters = ANY) -> Table:
    """Cases opened in the period, per pathway."""
    rows = (
        Case.objects.filter(
            pathway_q(filters, "pathway"),
            partnership_id=partnership_id,
            opened_on__range=(period.start, period.end),
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
        PATHWAY_ONLY,
    )


def actions_q(partnership_id: int, filters: Filters) -> Q:
    """The partnership's actions, narrowed by the pathway of the case each answers and
    by lead agency."""
    return (
        Q(partnership_id=partnership_id)
        & pathway_q(filters, "recommendation__case__pathway")
        & agency_q(filters, "lead_agency_id")
    )


def actions_by_agency(partnership_id: int, period: Period, filters: Filters = ANY) -> Table:
    """Actions made by the period's end, by lead agency and the status each showed at the
    period's end (worked out from its dates, so later completions do not count)."""
    rows = (
        Action.objects.filter(actions_q(partnership_id, filters), existed_on(period.end))
        .annotate(shown=state_at_expression(period.end))
        .values("lead_agency__name", "shown")
        .annotate(n=Count("id"))
        .order_by("lead_agency__name", "shown")
    )
    return Table(
        "actions",
        f"Actions by lead agency and status on {period.end:%-d %B %Y}",
        ["Lead agency", "Status", "Actions"],
        [[r["lead_agency__name"], LABELS.get(r["shown"], r["shown"]), r["n"]] for r in rows],
        [False, False, True],
        BOTH,
    )
