"""Headline timeliness for the statutory clocks issue 16 names: the National Panel
notified (5 working days) and the rapid review complete (15 working days), the SAR signed
off (6 months), the DHR decision and its report. Titles come from the timetables."""

import datetime
from functools import reduce
from operator import or_

from django.db.models import Count, F, Q

from lantern.clock.engine.timetables import DHR, RAPID_REVIEW, SAR
from lantern.clock.models import CaseStep

from .dashboard import PATHWAY_ONLY, Table, _pathway_label, overdue_q
from .dashboard_filters import ANY, Filters
from .period import Period

HEADLINES = [
    (RAPID_REVIEW, "panel-notified"),
    (RAPID_REVIEW, "complete"),
    (SAR, "sab-signoff"),
    (DHR, "decision"),
    (DHR, "report"),
]


def _title(timetable: object, step_id: str) -> str:
    return next(s.title for s in timetable.steps if s.id == step_id)  # type: ignore[attr-defined]


def clocks(
    partnership_id: int, period: Period, today: datetime.date, filters: Filters = ANY
) -> Table:
    as_at = min(today, period.end)
    # With a pathway chosen, only its clocks (none when it has no headline clock).
    headlines = [(t, s) for t, s in HEADLINES if filters.pathway in ("", t.pathway)]
    named = reduce(or_, [Q(pathway=t.pathway, step_id=s) for t, s in headlines], Q(pk__in=[]))
    rows = (
        CaseStep.objects.filter(named, case__partnership_id=partnership_id)
        .filter(due__range=(period.start, period.end))
        .values("pathway", "step_id")
        .annotate(
            on_time=Count("id", filter=Q(done_on__isnull=False, done_on__lte=F("due"))),
            late=Count("id", filter=Q(done_on__isnull=False, done_on__gt=F("due"))),
            overdue=Count("id", filter=overdue_q(as_at)),
        )
    )
    found = {(r["pathway"], r["step_id"]): r for r in rows}
    table = Table(
        "clocks",
        f"Statutory clocks, steps due from {period.label}",
        ["Pathway", "Clock", "Done on time", "Done late", "Open and overdue", "% on time"],
        numeric=[False, False, True, True, True, True],
        applies=PATHWAY_ONLY,
    )
    for timetable, step_id in headlines:
        r = found.get((timetable.pathway, step_id), {"on_time": 0, "late": 0, "overdue": 0})
        counted = r["on_time"] + r["late"] + r["overdue"]
        table.rows.append(
            [
                _pathway_label(timetable.pathway),
                _title(timetable, step_id),
                r["on_time"],
                r["late"],
                r["overdue"],
                round(100 * r["on_time"] / counted) if counted else None,
            ]
        )
    return table
