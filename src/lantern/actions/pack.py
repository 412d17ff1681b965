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
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q, QuerySet
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
    state_of,
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
    """The latest meeting before `meeting` whose pack for this group was downloaded."""
    logged = AuditEvent.objects.filter(
        partnership_id=group.partnership_id,
        action=AuditAction.READ,
        object_type=Group._meta.label_lower,
        object_id=str(group.pk),
        changes__viewed__startswith=PACK_READ,
    ).values_list("changes", flat=True)
    earlier = set()
    for changes in logged:
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
    state: str
    label: str
    actions: list[Line]

    @property
    def count(self) -> int:
        return len(self.actions)


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
    group: Group
    meeting: datetime.date
    since: datetime.date
    previous_pack: datetime.date | None
    next_meeting: datetime.date
    routed: list[Route]
    lines: list[Line]
    by_status: list[StatusCount]
    overdue: list[Line]
    completed: list[Line]
    verified: list[Line]
    impact_due: list[Recommendation]
    progress: Progress

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
) -> list[Action]:
    """The group's actions that existed by the meeting, with their evidence (two queries)."""
    recommendations = _readable(reader, group, pathways).values("pk")
    return list(
        Action.objects.filter(
            recommendation__in=recommendations, created_at__lt=_day_after(meeting)
        )
        .select_related(
            "recommendation__case", "recommendation__monitoring_group", "lead_agency", "owner"
        )
        .prefetch_related("evidence")
        .order_by(*_ORDER)
    )


@dataclass(frozen=True)
class _Dates:
    """What an action's state, RAG and progress are worked out from: enough for the lines
    of a pack that the page counts but does not show (issue 13)."""

    pk: int
    status: str
    due: datetime.date
    completed_on: datetime.date | None
    verified_on: datetime.date | None
    created_at: datetime.datetime


_ORDER = ("due", "recommendation__case__reference", "recommendation__number", "number")


def pack_action_dates(
    reader: Any, group: Group, pathways: list[str], meeting: datetime.date
) -> list[Any]:
    """The same actions as pack_actions, in the same order, as plain values (one query)."""
    recommendations = _readable(reader, group, pathways).values("pk")
    rows = (
        Action.objects.filter(
            recommendation__in=recommendations, created_at__lt=_day_after(meeting)
        )
        .order_by(*_ORDER)
        .values_list("pk", "status", "due", "completed_on", "verified_on", "created_at")
    )
    return [_Dates(*row) for row in rows]


def impact_due(
    reader: Any, group: Group, pathways: list[str], since: datetime.date, until: datetime.date
) -> list[Recommendation]:
    return list(
        _readable(reader, group, pathways)
        .filter(impact_review_on__gt=since, impact_review_on__lte=until)
        .select_related("case", "owner", "monitoring_group")
        .order_by("impact_review_on", "case__reference", "number")
    )


def _month_ends(meeting: datetime.date) -> list[datetime.date]:
    ends = []
    for back in range(PROGRESS_MONTHS - 1, 0, -1):
        month = add_months(meeting.replace(day=1), -back)
        ends.append(month.replace(day=calendar.monthrange(month.year, month.month)[1]))
    return [*ends, meeting]


def progress_of(actions: list[Action], meeting: datetime.date) -> Progress:
    """Open (not overdue), overdue, complete and verified at each month's end, from each
    action's created, due, completed and verified dates."""
    as_at = _month_ends(meeting)
    counts = {name: [0] * len(as_at) for name in PROGRESS_SERIES}
    for action in actions:
        created = timezone.localdate(action.created_at)
        for index, day in enumerate(as_at):
            if created > day:
                continue
            if action.verified_on and action.verified_on <= day:
                counts["Verified"][index] += 1
            elif action.completed_on and action.completed_on <= day:
                counts["Complete"][index] += 1
            elif action.due < day:
                counts["Overdue"][index] += 1
            else:
                counts["Open"][index] += 1
    return Progress(
        labels=[f"{day:%b %Y}" for day in as_at],
        as_at=as_at,
        series=[(name, counts[name]) for name in PROGRESS_SERIES],
    )


def _in(day: datetime.date | None, since: datetime.date, until: datetime.date) -> bool:
    return day is not None and since < day <= until


def _shown_in_full(pack: Pack, shown: int) -> Pack:
    """The pack with the first `shown` lines of each list as whole actions (their
    recommendation, case, agency, owner and evidence); the rest stay plain values."""
    lists = [s.actions for s in pack.by_status] + [pack.overdue, pack.completed, pack.verified]
    wanted = {line.action.pk for lines in lists for line in lines[:shown]}
    full = {
        a.pk: a
        for a in Action.objects.filter(pk__in=wanted)
        .select_related(
            "recommendation__case", "recommendation__monitoring_group", "lead_agency", "owner"
        )
        .prefetch_related("evidence")
    }

    def swap(lines: list[Line]) -> list[Line]:
        return [
            Line(full[line.action.pk], line.state, line.rag) if line.action.pk in full else line
            for line in lines
        ]

    return replace(
        pack,
        by_status=[replace(s, actions=swap(s.actions)) for s in pack.by_status],
        overdue=swap(pack.overdue),
        completed=swap(pack.completed),
        verified=swap(pack.verified),
    )


def build_pack(
    reader: Any, group: Group, meeting: datetime.date, *, shown: int | None = None
) -> Pack:
    """The pack for `group`'s meeting on `meeting`, as `reader` may see it (the same number
    of queries however many actions). `shown`: only the first lines of each list are
    wanted whole (the page, issue 13): every action is counted from its dates alone, and
    only those lines are loaded with what they show."""
    table = evaluation_table(group.partnership_id)
    pathways = routed_pathways(table, group.pk)
    previous = previous_pack_meeting(group, meeting)
    since = previous or add_months(meeting, -PERIOD_MONTHS)
    next_meeting = add_months(meeting, PERIOD_MONTHS)
    if shown is None:
        actions: list[Any] = pack_actions(reader, group, pathways, meeting)
    else:
        actions = pack_action_dates(reader, group, pathways, meeting)
    lines = [
        Line(a, state_of(a.status, a.due, meeting), rag_of(a.status, a.due, meeting))
        for a in actions
    ]
    built = Pack(
        group=group,
        meeting=meeting,
        since=since,
        previous_pack=previous,
        next_meeting=next_meeting,
        routed=routed_items(table, group.pk),
        lines=lines,
        by_status=[
            StatusCount(s, ActionStatus(s).label, [line for line in lines if line.state == s])
            for s in ActionStatus.values
        ],
        overdue=[line for line in lines if line.state == ActionStatus.OVERDUE],
        completed=[
            line
            for line in lines
            if line.action.status in DONE and _in(line.action.completed_on, since, meeting)
        ],
        verified=[
            line
            for line in lines
            if line.action.status == ActionStatus.VERIFIED
            and _in(line.action.verified_on, since, meeting)
        ],
        impact_due=impact_due(reader, group, pathways, since, next_meeting),
        progress=progress_of(actions, meeting),
    )
    return built if shown is None else _shown_in_full(built, shown)
