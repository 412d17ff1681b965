"""The sub-group reporting pack: what one group needs for one meeting, from the tracker.

A group's pack covers the actions of the recommendations it monitors, and the action
plans the evaluation table routes to it (lantern.actions.evaluation). Everything is
as at the meeting date:

- actions by status (the status shown, so an open action past its due date is overdue);
- overdue actions;
- actions completed, with their evidence, and actions verified, in the reporting
  period: since the meeting of the group's previous pack, else the last three months;
- impact measures due: recommendations whose impact review falls in the period or
  before the next meeting (three months on);
- progress over the last twelve months (open, overdue, complete, verified at each
  month's end), worked out from each action's dates, so no snapshots are kept.

A pack is "the previous pack" once downloaded: each download is logged as a read of
the group (PACK_READ), and that log names the meeting.
"""

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from lantern.audit.models import Action as AuditAction
from lantern.audit.models import AuditEvent
from lantern.partnerships.models import Group

from .evaluation import Route, evaluation_table, routed_items, routed_pathways
from .models import (
    DONE,
    Action,
    ActionStatus,
    Evidence,
    Rag,
    Recommendation,
    rag_of,
    state_expression,
    state_of,
    state_q,
)
from .selectors import recommendations_for_user

#: How far back the period reaches when the group has no previous pack, and how far
#: ahead the next meeting is taken to be.
PERIOD_MONTHS = 3
PROGRESS_MONTHS = 12
#: What a pack download is logged as (the meeting's ISO date follows).
PACK_READ = "reporting pack for the meeting on "

PROGRESS_SERIES = ("Open", "Overdue", "Complete", "Verified")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), kept within the month: 31 Jan + 1 → 28 Feb."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def pack_read_what(meeting: datetime.date, fmt: str) -> str:
    return f"{PACK_READ}{meeting.isoformat()} ({fmt.upper()})"


def previous_pack_meeting(group: Group, meeting: datetime.date) -> datetime.date | None:
    """The latest meeting before `meeting` whose pack for this group was downloaded.

    The events are found by the group (an index of the partnership's events by the kind
    of record): that they are reads is checked here, as a filter on `action` led SQLite,
    without statistics, to read every read of the partnership instead (0.4 s at ten
    years' data, issue 13)."""
    logged = AuditEvent.objects.filter(
        partnership_id=group.partnership_id,
        object_type=Group._meta.label_lower,
        object_id=str(group.pk),
        changes__viewed__startswith=PACK_READ,
    ).values_list("action", "changes")
    earlier = set()
    for action, changes in logged:
        if action != AuditAction.READ:
            continue
        try:
            day = datetime.date.fromisoformat(changes["viewed"][len(PACK_READ) :][:10])
        except (KeyError, TypeError, ValueError):
            continue
        if day < meeting:
            earlier.add(day)
    return max(earlier, default=None)


@dataclass(frozen=True)
class Line:
    """One action as the pack shows it: its status and RAG as at the meeting."""

    action: Action
    state: str
    rag: str

    @property
    def reference(self) -> str:
        return f"{self.action.recommendation.label}.{self.action.number}"

    @property
    def state_label(self) -> str:
        return ActionStatus(self.state).label

    @property
    def rag_label(self) -> str:
        return Rag(self.rag).label

    @property
    def evidence(self) -> list[Evidence]:
        return list(self.action.evidence.all())


@dataclass(frozen=True)
class StatusCount:
    """The actions in one status: how many, and the lines listed (every one in the
    downloads, the first few on the page)."""

    state: str
    label: str
    actions: list[Line]
    count: int


@dataclass(frozen=True)
class Progress:
    """Counts at each month's end (the last point is the meeting itself)."""

    labels: list[str]
    as_at: list[datetime.date]
    series: list[tuple[str, list[int]]]

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        """Month by month, each with its four counts: the chart's table."""
        return [
            (label, [values[i] for _name, values in self.series])
            for i, label in enumerate(self.labels)
        ]


@dataclass(frozen=True)
class Pack:
    """A group's pack. Every count is of the whole pack; the lists hold every line in the
    downloads and the first few of each on the page (`build_pack(shown=...)`)."""

    group: Group
    meeting: datetime.date
    since: datetime.date
    previous_pack: datetime.date | None
    next_meeting: datetime.date
    routed: list[Route]
    total: int
    by_status: list[StatusCount]
    completed: list[Line]
    completed_count: int
    verified: list[Line]
    verified_count: int
    impact_due: list[Recommendation]
    impact_due_count: int
    progress: Progress

    @property
    def lines(self) -> list[Line]:
        """The lines listed, status by status."""
        return [line for status in self.by_status for line in status.actions]

    @property
    def _overdue(self) -> StatusCount:
        return next(s for s in self.by_status if s.state == ActionStatus.OVERDUE)

    @property
    def overdue(self) -> list[Line]:
        return self._overdue.actions

    @property
    def overdue_count(self) -> int:
        return self._overdue.count

    @property
    def title(self) -> str:
        return f"Reporting pack: {self.group.name}, meeting on {self.meeting:%-d %B %Y}"

    @property
    def period(self) -> str:
        start = f"{self.since:%-d %B %Y}"
        if self.previous_pack:
            return f"Since the previous pack (meeting on {start}) to {self.meeting:%-d %B %Y}"
        return f"The {PERIOD_MONTHS} months from {start} to {self.meeting:%-d %B %Y}"


def _scope(group: Group, pathways: list[str]) -> Q:
    return Q(monitoring_group=group) | Q(case__pathway__in=pathways)


def _day_after(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)) + (
        datetime.timedelta(days=1)
    )


def _readable(reader: Any, group: Group, pathways: list[str]) -> QuerySet[Recommendation]:
    """The group's recommendations that the reader may read under the policy: routing an
    item to a group says where it is reported, not who may read it, so a member of the
    group sees only what they could open (the Business Unit and the chairs who read every
    case see all of it)."""
    return (
        recommendations_for_user(reader)
        .filter(partnership_id=group.partnership_id)
        .filter(_scope(group, pathways))
    )


def pack_actions(
    reader: Any, group: Group, pathways: list[str], meeting: datetime.date
) -> QuerySet[Action]:
    """The group's actions that the reader may read and that existed by the meeting."""
    recommendations = _readable(reader, group, pathways).values("pk")
    return Action.objects.filter(
        recommendation__in=recommendations, created_at__lt=_day_after(meeting)
    )


_ORDER = ("due", "recommendation__case__reference", "recommendation__number", "number")
_WHOLE = ("recommendation__case", "recommendation__monitoring_group", "lead_agency", "owner")


def _completed_q(since: datetime.date, meeting: datetime.date) -> Q:
    """Completed in the period (and still complete or verified)."""
    return Q(status__in=DONE, completed_on__gt=since, completed_on__lte=meeting)


def _verified_q(since: datetime.date, meeting: datetime.date) -> Q:
    """Signed off by the group in the period."""
    return Q(status=ActionStatus.VERIFIED, verified_on__gt=since, verified_on__lte=meeting)


def _is_completed(line: Line, since: datetime.date, meeting: datetime.date) -> bool:
    a = line.action
    return a.status in DONE and _in(a.completed_on, since, meeting)


def _is_verified(line: Line, since: datetime.date, meeting: datetime.date) -> bool:
    a = line.action
    return a.status == ActionStatus.VERIFIED and _in(a.verified_on, since, meeting)


def _in(day: datetime.date | None, since: datetime.date, until: datetime.date) -> bool:
    return day is not None and since < day <= until


def _month_ends(meeting: datetime.date) -> list[datetime.date]:
    ends = []
    for back in range(PROGRESS_MONTHS - 1, 0, -1):
        month = add_months(meeting.replace(day=1), -back)
        ends.append(month.replace(day=calendar.monthrange(month.year, month.month)[1]))
    return [*ends, meeting]


def progress_q(day: datetime.date) -> dict[str, Q]:
    """Each series of the progress chart at the end of `day`, as a filter: an action made
    by then counts as verified once signed off, else complete once completed, else
    overdue once past its due date, else open (its status then does not matter: the
    dates say where it stood)."""
    made = Q(created_at__lt=_day_after(day))
    verified = Q(verified_on__lte=day)
    not_verified = Q(verified_on__isnull=True) | Q(verified_on__gt=day)
    complete = Q(completed_on__lte=day)
    not_complete = Q(completed_on__isnull=True) | Q(completed_on__gt=day)
    return {
        "Open": made & not_verified & not_complete & Q(due__gte=day),
        "Overdue": made & not_verified & not_complete & Q(due__lt=day),
        "Complete": made & not_verified & complete,
        "Verified": made & verified,
    }


@dataclass(frozen=True)
class Counts:
    total: int
    by_state: dict[str, int]
    completed: int
    verified: int
    progress: Progress


def pack_counts(actions: QuerySet[Action], meeting: datetime.date, since: datetime.date) -> Counts:
    """Every count the pack shows, in one query however many actions (issue 13): the
    total, each status at the meeting, completed and verified in the period, and the four
    series at each of the twelve month ends (COUNT(*) FILTER (WHERE ...) each)."""
    as_at = _month_ends(meeting)
    wanted: dict[str, Count] = {
        "total": Count("pk"),
        "completed": Count("pk", filter=_completed_q(since, meeting)),
        "verified": Count("pk", filter=_verified_q(since, meeting)),
    }
    for state in ActionStatus.values:
        wanted[f"state_{state}"] = Count("pk", filter=state_q(state, meeting))
    for index, day in enumerate(as_at):
        for name, where in progress_q(day).items():
            wanted[f"progress_{index}_{name}"] = Count("pk", filter=where)
    got = actions.order_by().aggregate(**wanted)
    return Counts(
        total=got["total"],
        by_state={state: got[f"state_{state}"] for state in ActionStatus.values},
        completed=got["completed"],
        verified=got["verified"],
        progress=Progress(
            labels=[f"{day:%b %Y}" for day in as_at],
            as_at=as_at,
            series=[
                (name, [got[f"progress_{i}_{name}"] for i in range(len(as_at))])
                for name in PROGRESS_SERIES
            ],
        ),
    )


def _line(action: Action, meeting: datetime.date) -> Line:
    return Line(
        action,
        state_of(action.status, action.due, meeting),
        rag_of(action.status, action.due, meeting),
    )


@dataclass(frozen=True)
class _Lists:
    by_state: dict[str, list[Line]]
    completed: list[Line]
    verified: list[Line]


def every_line(actions: QuerySet[Action], meeting: datetime.date, since: datetime.date) -> _Lists:
    """Every action, whole, in every list it belongs to (the downloads; two queries)."""
    lines = [
        _line(a, meeting)
        for a in actions.select_related(*_WHOLE).prefetch_related("evidence").order_by(*_ORDER)
    ]
    by_state: dict[str, list[Line]] = {state: [] for state in ActionStatus.values}
    for line in lines:
        by_state[line.state].append(line)
    return _Lists(
        by_state=by_state,
        completed=[line for line in lines if _is_completed(line, since, meeting)],
        verified=[line for line in lines if _is_verified(line, since, meeting)],
    )


def first_lines(
    actions: QuerySet[Action], meeting: datetime.date, since: datetime.date, shown: int
) -> _Lists:
    """The first `shown` lines of each list, whole, and no others (the page; five queries
    however many actions): the first of each status (each action ranked within its status
    by a window), the first completed and the first verified in the period (narrow
    queries, the keys they sort by and the ids), then those actions whole with their
    evidence. (One query ranking all three lists took twice as long as the three.)"""
    status_first = dict(
        actions.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[state_expression(meeting)],
                order_by=[F(field).asc() for field in _ORDER],
            )
        )
        .filter(rank__lte=shown)
        .order_by()
        .values_list("pk", "rank")
    )
    completed_first = set(
        actions.filter(_completed_q(since, meeting))
        .order_by(*_ORDER)
        .values_list("pk", flat=True)[:shown]
    )
    verified_first = set(
        actions.filter(_verified_q(since, meeting))
        .order_by(*_ORDER)
        .values_list("pk", flat=True)[:shown]
    )
    by_state: dict[str, list[Line]] = {state: [] for state in ActionStatus.values}
    lists = _Lists(by_state=by_state, completed=[], verified=[])
    whole = (
        Action.objects.filter(pk__in=status_first.keys() | completed_first | verified_first)
        .select_related(*_WHOLE)
        .prefetch_related("evidence")
        .order_by(*_ORDER)
    )
    for action in whole:
        line = _line(action, meeting)
        if action.pk in status_first:
            by_state[line.state].append(line)
        if action.pk in completed_first:
            lists.completed.append(line)
        if action.pk in verified_first:
            lists.verified.append(line)
    return lists


def impact_due(
    reader: Any,
    group: Group,
    pathways: list[str],
    since: datetime.date,
    until: datetime.date,
    shown: int | None = None,
) -> tuple[list[Recommendation], int]:
    """The recommendations whose impact is reviewed in the period or before the next
    meeting (the first `shown` of them), and how many there are (one query)."""
    due = (
        _readable(reader, group, pathways)
        .filter(impact_review_on__gt=since, impact_review_on__lte=until)
        .select_related("case", "owner", "monitoring_group")
        .order_by("impact_review_on", "case__reference", "number")
    )
    if shown is None:
        every = list(due)
        return every, len(every)
    first: list[Any] = list(due.annotate(how_many=Window(Count("pk")))[:shown])
    return first, (first[0].how_many if first else 0)


def build_pack(
    reader: Any, group: Group, meeting: datetime.date, *, shown: int | None = None
) -> Pack:
    """The pack for `group`'s meeting on `meeting`, as `reader` may see it (the same number
    of queries however many actions). Every count is the database's (issue 13). `shown`:
    each list holds only its first lines (the page); otherwise every line (the
    downloads)."""
    table = evaluation_table(group.partnership_id)
    pathways = routed_pathways(table, group.pk)
    previous = previous_pack_meeting(group, meeting)
    since = previous or add_months(meeting, -PERIOD_MONTHS)
    next_meeting = add_months(meeting, PERIOD_MONTHS)
    actions = pack_actions(reader, group, pathways, meeting)
    counts = pack_counts(actions, meeting, since)
    if shown is None:
        lists = every_line(actions, meeting, since)
    else:
        lists = first_lines(actions, meeting, since, shown)
    recommendations, recommendations_count = impact_due(
        reader, group, pathways, since, next_meeting, shown
    )
    return Pack(
        group=group,
        meeting=meeting,
        since=since,
        previous_pack=previous,
        next_meeting=next_meeting,
        routed=routed_items(table, group.pk),
        total=counts.total,
        by_status=[
            StatusCount(s, ActionStatus(s).label, lists.by_state[s], counts.by_state[s])
            for s in ActionStatus.values
        ],
        completed=lists.completed,
        completed_count=counts.completed,
        verified=lists.verified,
        verified_count=counts.verified,
        impact_due=recommendations,
        impact_due_count=recommendations_count,
        progress=counts.progress,
    )
