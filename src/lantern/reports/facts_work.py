"""Facts about the work on recommendations, audits, training and members, shared by both
annual reports. Each function takes the pathways of the report's kind (the SAB's: SARs,
DHRs, adults' audits; the children's: rapid reviews, CSPRs, national learning) and
counts with grouped database aggregates: a fixed number of queries, however many rows.

Statuses are "as at year end" (lantern.reports.as_at): from the actions' dates, not their
stored status, which is today's. An action completed in May was open on 31 March (overdue if
its due date had passed); only actions recorded by the year end count.
"""

from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone

from lantern.actions.models import DONE, Action, Evidence, Recommendation
from lantern.agencyrequests.models import AgencyRequest
from lantern.audits.models import Audit, AuditKind, Grade
from lantern.cases.pathways import PATHWAYS
from lantern.training.impact import Scope, impact
from lantern.training.models import Booking, BookingStatus

from .as_at import StateAt, existed_on, state_at_expression
from .facts_common import Block, day, figures, none, table
from .period import Period

#: The case file audits each report's work counts (an audit is children's or adults').
AUDIT_KINDS: dict[str, list[str]] = {
    "sar": [AuditKind.ADULTS.value],
    "cspr": [AuditKind.CHILDREN.value],
}


def _audit_kinds(pathways: list[str]) -> list[str]:
    return AUDIT_KINDS["sar"] if "sar" in pathways else AUDIT_KINDS["cspr"]


def _source_q(pathways: list[str], prefix: str) -> Q:
    """The report's sources: its review pathways, and audits of its kind only."""
    reviews = [p for p in pathways if p != "macfa"]
    q = Q(**{f"{prefix}case__pathway__in": reviews})
    if "macfa" in pathways:
        q |= Q(
            **{
                f"{prefix}case__pathway": "macfa",
                f"{prefix}case__macfa__kind__in": _audit_kinds(pathways),
            }
        )
    return q


def _actions(partnership_id: int, pathways: list[str]):  # type: ignore[no-untyped-def]
    return Action.objects.filter(
        _source_q(pathways, "recommendation__"), partnership_id=partnership_id
    )


def strategy(partnership_id: int, year: Period, pathways: list[str]) -> list[Block]:
    """Action plans' progress at year end: actions by their state as at that day, per source
    pathway."""
    rows = (
        _actions(partnership_id, pathways)
        .filter(existed_on(year.end))
        .annotate(shown=state_at_expression(year.end))
        .values("recommendation__case__pathway", "shown")
        .annotate(n=Count("id"))
    )
    statuses = list(StateAt)
    counts: dict[str, dict[str, int]] = {}
    for r in rows:
        counts.setdefault(r["recommendation__case__pathway"], {})[r["shown"]] = r["n"]
    reviewed = (
        Recommendation.objects.filter(
            _source_q(pathways, ""),
            partnership_id=partnership_id,
            impact_review_on__range=(year.start, year.end),
        )
        .values("case__pathway")
        .annotate(n=Count("id"))
    )
    due_reviews = {r["case__pathway"]: r["n"] for r in reviewed}
    if not counts and not due_reviews:
        return [none(f"No action plan had an action by {day(year.end)}.")]
    body = [
        [PATHWAYS[p].name]
        + [counts.get(p, {}).get(s.value, 0) for s in statuses]
        + [due_reviews.get(p, 0)]
        for p in pathways
        if p in counts or p in due_reviews
    ]
    return [
        table(
            f"Actions by status on {day(year.end)}, by source",
            ["Source"] + [s.label for s in statuses] + ["Impact reviews due in the year"],
            body,
            [False] + [True] * (len(statuses) + 1),
        )
    ]


def implementing(partnership_id: int, year: Period, pathways: list[str]) -> list[Block]:
    """Actions completed or verified in the year on these reviews' recommendations, and the
    evidence recorded for them."""
    between = (year.start, year.end)
    done = (
        _actions(partnership_id, pathways)
        .filter(Q(completed_on__range=between) | Q(verified_on__range=between))
        .select_related("recommendation__case", "lead_agency")
        .order_by("recommendation__case__reference", "recommendation__number", "number")
    )
    rows = [
        [
            a.recommendation.case.reference,
            f"{a.recommendation.number}.{a.number}",
            a.title,
            a.lead_agency.name,
            day(a.completed_on),
            day(a.verified_on),
        ]
        for a in done
    ]
    evidence = (
        Evidence.objects.filter(action__in=done.values("id"))
        .select_related("action__recommendation__case")
        .order_by("action__recommendation__case__reference", "added_at")
    )
    erows = [
        [e.action.recommendation.case.reference, e.action.title, e.description] for e in evidence
    ]
    reviews_due = Recommendation.objects.filter(
        _source_q(pathways, ""), partnership_id=partnership_id, impact_review_on__range=between
    ).count()
    blocks: list[Block] = [
        figures(
            ("Actions completed or verified", len(rows), "In the year"),
            ("Evidence recorded", len(erows), "For those actions"),
            ("Impact reviews due", reviews_due, "Recommendations whose impact was due for review"),
        )
    ]
    if rows:
        blocks.append(
            table(
                "Actions completed or verified in the year",
                ["Review", "Action", "What", "Lead agency", "Completed", "Verified"],
                rows,
                [False] * 6,
            )
        )
    if erows:
        blocks.append(
            table("Evidence recorded", ["Review", "Action", "Evidence"], erows, [False] * 3)
        )
    return blocks


def overdue_by_agency(partnership_id: int, year: Period, pathways: list[str]) -> list[Block]:
    rows = (
        _actions(partnership_id, pathways)
        .filter(existed_on(year.end))
        .annotate(shown=state_at_expression(year.end))
        .filter(shown=StateAt.OVERDUE)
        .values("lead_agency__name")
        .annotate(n=Count("id"))
        .order_by("-n", "lead_agency__name")
    )
    body = [[r["lead_agency__name"], r["n"]] for r in rows]
    if not body:
        return [none(f"No action was overdue on {day(year.end)}.")]
    return [
        table(
            f"Actions overdue on {day(year.end)}, by lead agency",
            ["Lead agency", "Overdue actions"],
            body,
            [False, True],
        )
    ]


def audits(partnership_id: int, year: Period, kinds: list[str]) -> list[Block]:
    judged = (
        Audit.objects.filter(
            case__partnership_id=partnership_id,
            kind__in=kinds,
            judged_at__date__range=(year.start, year.end),
        )
        .exclude(judgement="")
        .select_related("case")
        .order_by("judged_at")
    )
    rows = [
        [
            a.case.reference,
            a.theme,
            a.get_judgement_display(),
            day(timezone.localdate(a.judged_at) if a.judged_at else None),
        ]
        for a in judged
    ]
    if not rows:
        return [none(f"No case file audit was judged in {year.label}.")]
    by_grade = {g.label: sum(1 for r in rows if r[2] == g.label) for g in Grade}
    return [
        figures(*[(label, n, "Audits judged in the year") for label, n in by_grade.items()]),
        table(
            "Case file audits judged in the year",
            ["Audit", "Theme", "Grade", "Judged"],
            rows,
            [False] * 4,
        ),
    ]


def training(partnership_id: int, year: Period) -> list[Block]:
    """lantern.training.impact's figures for the year (not recomputed here). Quoted answers
    are left out: free text is not checked for names."""
    result = impact(Scope(partnership_id, year.start, year.end))
    t = result.totals
    if not t.sessions.held and not t.attendance.booked:
        return [none(f"No training session was held in {year.label}.")]
    blocks: list[Block] = [
        figures(
            ("Sessions held", t.sessions.held, "In the year"),
            ("People trained", t.attendance.attended, "Attended a session"),
            (
                "Changed their practice",
                _pct(t.measures.practice_share),
                "Of those who answered 3 months on",
            ),
            (
                "Managers saw a difference",
                _pct(t.measures.observed_share),
                "Of managers who answered",
            ),
        )
    ]
    if result.by_course:
        blocks.append(
            table(
                "Training by course",
                ["Course", "Sessions held", "Attended"],
                [
                    [line.label, line.sessions.held, line.attendance.attended]
                    for line in result.by_course
                ],
                [False, True, True],
            )
        )
    return blocks


def _pct(value: int | None) -> str:
    return "No answers" if value is None else f"{value}%"


def member_blocks(
    partnership_id: int, year: Period, pathways: list[str], agency_ids: list[int]
) -> dict[int, list[Block]]:
    """Per member agency: requests to it due in the year on this report's reviews and
    audits answered and on time, actions it
    leads completed in the year and open or overdue at year end, people from it trained."""
    between = (year.start, year.end)
    requests = {
        r["agency_id"]: r
        for r in AgencyRequest.objects.filter(
            _source_q(pathways, ""),  # the police answer both boards: only this report's
            case__partnership_id=partnership_id,
            agency_id__in=agency_ids,
            due__range=between,
        )
        .values("agency_id")
        .annotate(
            asked=Count("id"),
            answered=Count("id", filter=Q(submitted_at__isnull=False)),
            on_time=Count("id", filter=Q(submitted_at__date__lte=F("due"))),
        )
    }
    actions = {
        r["lead_agency_id"]: r
        for r in _actions(partnership_id, pathways)
        .filter(existed_on(year.end), lead_agency_id__in=agency_ids)
        .annotate(shown=state_at_expression(year.end))
        .values("lead_agency_id")
        .annotate(
            completed=Count("id", filter=Q(status__in=DONE, completed_on__range=between)),
            open=Count("id", filter=Q(shown=StateAt.OPEN)),
            overdue=Count("id", filter=Q(shown=StateAt.OVERDUE)),
        )
    }
    trained = {
        r["agency_id"]: r["n"]
        for r in Booking.objects.filter(
            partnership_id=partnership_id,
            agency_id__in=agency_ids,
            status=BookingStatus.ATTENDED,
            session__starts_at__date__range=between,
        )
        .values("agency_id")
        .annotate(n=Count("id"))
    }
    out: dict[int, list[Block]] = {}
    for aid in agency_ids:
        rq: Any = requests.get(aid, {})
        ac: Any = actions.get(aid, {})
        out[aid] = [
            figures(
                ("Requests due in the year", rq.get("asked", 0), "Information asked of it"),
                ("Answered", rq.get("answered", 0), "Of those requests"),
                ("Answered on time", rq.get("on_time", 0), "By the due date"),
                ("Actions completed", ac.get("completed", 0), "Actions it leads, in the year"),
                ("Actions open at year end", ac.get("open", 0), f"On {day(year.end)}, not overdue"),
                ("Actions overdue at year end", ac.get("overdue", 0), f"On {day(year.end)}"),
                ("People trained", trained.get(aid, 0), "Attended a session in the year"),
            )
        ]
    return out
