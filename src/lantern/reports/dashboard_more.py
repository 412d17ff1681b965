"""The dashboards' other areas (issue 16): decisions, learning themes, open actions' age,
audit grades and training. Each a GROUP BY in the database; training reuses
lantern.training.impact rather than counting again."""

import datetime

from django.db.models import Case as CaseWhen
from django.db.models import Count, DateField, Q, Value, When
from django.db.models.functions import ExtractYear, TruncQuarter

from lantern.actions.models import Action, ActionStatus
from lantern.audits.models import Audit, AuditReturn, CaseJudgement, Grade
from lantern.learning.models import LibraryItem
from lantern.meetings.models import Decision
from lantern.training import impact as training

from .dashboard import BOTH, PATHWAY_ONLY, Table, _pathway_label, actions_q, pathway_q
from .dashboard_filters import (
    ANY,
    Filters,
    existed_on,
    month_ends,
    overdue_on,
    state_at_expression,
)
from .period import Period


def _quarter(day: datetime.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def decisions(partnership_id: int, period: Period, filters: Filters = ANY) -> Table:
    """Decisions made in the period, per pathway, kind and calendar quarter."""
    rows = (
        Decision.objects.filter(
            pathway_q(filters, "case__pathway"),
            case__partnership_id=partnership_id,
            decided_on__range=(period.start, period.end),
        )
        .annotate(quarter=TruncQuarter("decided_on", output_field=DateField()))
        .values("case__pathway", "kind_label", "quarter")
        .annotate(n=Count("id"))
        .order_by("case__pathway", "kind_label", "quarter")
    )
    return Table(
        "decisions",
        f"Decisions from {period.label}, by pathway and quarter",
        ["Pathway", "Decision", "Quarter", "Decisions"],
        [
            [_pathway_label(r["case__pathway"]), r["kind_label"], _quarter(r["quarter"]), r["n"]]
            for r in rows
        ],
        [False, False, False, True],
        PATHWAY_ONLY,
    )


def themes(partnership_id: int, period: Period, filters: Filters = ANY) -> Table:
    """Local learning (library items from the partnership's own cases) published in the
    period, counted per theme and year."""
    rows = (
        LibraryItem.objects.filter(
            pathway_q(filters, "case__pathway"),
            partnership_id=partnership_id,
            case__isnull=False,
            published_on__range=(period.start, period.end),
            themes__isnull=False,
        )
        .annotate(year=ExtractYear("published_on"))
        .values("themes__name", "year")
        .annotate(n=Count("id", distinct=True))
        .order_by("themes__name", "year")
    )
    return Table(
        "themes",
        f"Local learning by theme and year, {period.label}",
        ["Theme", "Year", "Items of learning"],
        [[r["themes__name"], str(r["year"]), r["n"]] for r in rows],
        [False, False, True],
        PATHWAY_ONLY,
    )


AGES = [(90, "Under 3 months"), (180, "3 to 6 months"), (365, "6 to 12 months")]


def open_actions_by_age(partnership_id: int, period: Period, filters: Filters = ANY) -> Table:
    """Actions not yet complete at the period's end (from their dates, as
    state_at_expression works it out), by time since created."""
    end = period.end
    bucket = CaseWhen(
        *[
            When(created_at__date__gt=end - datetime.timedelta(days=days), then=Value(label))
            for days, label in AGES
        ],
        default=Value("A year or more"),
    )
    rows = (
        Action.objects.filter(actions_q(partnership_id, filters), existed_on(end))
        .annotate(shown=state_at_expression(end))
        .exclude(shown__in=[str(ActionStatus.COMPLETE), str(ActionStatus.VERIFIED)])
        .annotate(age=bucket)
        .values("age")
        .annotate(n=Count("id"), overdue=Count("id", filter=Q(due__lt=end)))
    )
    found: dict[str, tuple[int, int]] = {r["age"]: (r["n"], r["overdue"]) for r in rows}
    order = [label for _, label in AGES] + ["A year or more"]
    return Table(
        "action_age",
        f"Open actions on {end:%-d %B %Y} by time since created",
        ["Age", "Open actions", "Of which overdue"],
        [[a, *found.get(a, (0, 0))] for a in order],
        [False, True, True],
        BOTH,
    )


def _label(grade: str) -> str:
    return str(Grade(grade).label) if grade in Grade.values else grade


def audit_grades(partnership_id: int, period: Period, filters: Filters = ANY) -> Table:
    """Grades of audits presented to QA&P in the period, by quarter: agencies' returns,
    moderated case judgements and the audits' overall judgements. With a lead agency
    chosen, only that agency's returns: the judgements are of no one agency."""
    within = {"qap_meeting_on__range": (period.start, period.end)}
    agency = {"agency_id": filters.agency_id} if filters.agency_id else {}
    parts = [("Agency returns", AuditReturn.objects.filter(**agency), "audit__", "grade")]
    if not filters.agency_id:
        parts += [
            ("Case judgements", CaseJudgement.objects, "audit__", "grade"),
            ("Audit judgements", Audit.objects, "", "judgement"),
        ]
    table = Table(
        "audit_grades",
        f"Audit grades, audits presented from {period.label}",
        ["What was graded", "Quarter", "Grade", "Count"],
        numeric=[False, False, False, True],
        applies="Filtered by lead agency: the agencies' returns only (case and audit "
        "judgements are of no one agency, so they are left out when an agency is chosen).",
    )
    for name, manager, prefix, column in parts:
        rows = (
            manager.filter(  # type: ignore[attr-defined]
                **{f"{prefix}case__partnership_id": partnership_id},
                **{prefix + k: v for k, v in within.items()},
            )
            .exclude(**{column: ""})
            .annotate(quarter=TruncQuarter(f"{prefix}qap_meeting_on", output_field=DateField()))
            .values("quarter", column)
            .annotate(n=Count("id"))
            .order_by("quarter", column)
        )
        table.rows += [[name, _quarter(r["quarter"]), _label(r[column]), r["n"]] for r in rows]
    return table


def training_by_quarter(partnership_id: int, period: Period) -> Table:
    """Training held in the period, reusing the training impact figures."""
    scope = training.Scope(partnership_id, period.start, period.end)
    lines = [*training.by_quarter(scope)]
    total = training.totals(scope)

    def row(label: str, line: training.Line) -> list[str | int | None]:
        return [label, line.sessions.held, line.attendance.booked, line.attendance.attended]

    return Table(
        "training",
        f"Training from {period.label}",
        ["Quarter", "Sessions held", "Places booked", "Attended"],
        [row(line.label, line) for line in lines] + [row("All quarters", total)],
        [False, True, True, True],
    )


def overdue_trend(partnership_id: int, period: Period, filters: Filters = ANY) -> Table:
    """Actions overdue at each month's end in the period (the last 36), from the actions'
    dates: one query, a conditional count per month."""
    days = month_ends(period.start, period.end)
    counts = Action.objects.filter(actions_q(partnership_id, filters)).aggregate(
        **{f"m{i}": Count("id", filter=overdue_on(day)) for i, day in enumerate(days)}
    )
    return Table(
        "overdue_trend",
        f"Actions overdue at each month's end, {period.label}",
        ["Month end", "Overdue actions"],
        [[f"{day:%-d %b %Y}", counts[f"m{i}"]] for i, day in enumerate(days)],
        [False, True],
        BOTH,
    )
