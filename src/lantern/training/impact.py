"""The figures of training's impact, counted in the database.

Every figure is about the sessions that started in a period (a cohort): their places,
who came, and the surveys about them whenever those were answered. So a session in
March counts with its three-month survey answered in June, and the figures of a period
do not move as later surveys come in for earlier ones' sessions.

A response is counted whoever gave it: an anonymous course's responses have no link to
an invitation or a booking (nor an agency), and nothing here reads one; they count by
session, course, theme and quarter, which come from the session. The figures by agency
are places and attendance, from the bookings: no survey answer is counted by agency.
Examples are quoted with the
course and the survey they came from, never a name, an agency or a day.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from lantern.learning.models import Theme

from .models import (
    PLACE_STATUSES,
    Booking,
    BookingStatus,
    Course,
    Judgement,
    Measure,
    Observation,
    SessionStatus,
    Stage,
    SurveyAnswer,
    SurveyInvitation,
    TrainingSession,
)

#: How many examples a page or report quotes.
EXAMPLES_SHOWN = 12
NO_AGENCY = "Agency not given"
NO_THEME = "No theme"


@dataclass(frozen=True)
class Scope:
    """What the figures cover: sessions starting from `start` to `end` (both days
    included), of one course or of the courses of one theme when given."""

    partnership_id: int
    start: datetime.date
    end: datetime.date
    course: Course | None = None
    theme: Theme | None = None

    @property
    def period(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"


def last_twelve_months(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The default period: the twelve months up to and including today."""
    today = today or timezone.localdate()
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + datetime.timedelta(days=1), today


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def session_filter(scope: Scope, prefix: str, *, held_only: bool = True) -> Q:
    """The scope as a filter on a model `prefix` away from TrainingSession."""
    q = Q(
        **{
            f"{prefix}partnership_id": scope.partnership_id,
            f"{prefix}starts_at__gte": _midnight(scope.start),
            f"{prefix}starts_at__lt": _midnight(scope.end + datetime.timedelta(days=1)),
        }
    )
    if held_only:
        # A cancelled session's bookings and surveys are not the programme's delivery.
        q &= Q(**{f"{prefix}status": SessionStatus.SCHEDULED})
    if scope.course is not None:
        q &= Q(**{f"{prefix}course_id": scope.course.pk})
    if scope.theme is not None:
        # A subquery, not a join through the themes: a join would repeat rows to count.
        q &= Q(**{f"{prefix}course_id__in": Course.objects.filter(themes=scope.theme).values("pk")})
    return q


# Dimensions: how a figure is broken down. Each is an expression on the session, reached
# from another model through `prefix`; None is the whole scope.


def _key(dimension: str, prefix: str) -> Any:
    if dimension == "course":
        return F(f"{prefix}course_id")
    if dimension == "theme":
        return F(f"{prefix}course__themes")
    if dimension == "quarter":
        return TruncQuarter(f"{prefix}starts_at", tzinfo=timezone.get_current_timezone())
    raise ValueError(dimension)


def _grouped(
    queryset: QuerySet[Any], prefix: str, dimension: str | None, **aggregates: Any
) -> dict[Any, dict[str, Any]]:
    """The aggregates for the whole queryset (key None), or for each value of the
    dimension, in one query."""
    if dimension is None:
        return {None: queryset.aggregate(**aggregates)}
    rows = (
        queryset.annotate(group_key=_key(dimension, prefix))
        .values("group_key")
        .annotate(**aggregates)
        .order_by()
    )
    return {_normalise(row.pop("group_key")): row for row in rows}


def _normalise(key: Any) -> Any:
    # A quarter comes back as an aware datetime: its first day stands for it.
    if isinstance(key, datetime.datetime):
        return timezone.localtime(key).date() if timezone.is_aware(key) else key.date()
    return key


# The figures ---------------------------------------------------------------------------


def percent(part: int, whole: int) -> int | None:
    """`part` of `whole` as a whole percentage, or None when there is nothing to divide."""
    return round(100 * part / whole) if whole else None


@dataclass
class Sessions:
    held: int = 0
    planned: int = 0
    cancelled: int = 0


@dataclass
class Attendance:
    booked: int = 0  # places taken: booked, attended or did not attend
    attended: int = 0
    did_not_attend: int = 0
    waiting: int = 0
    cancelled: int = 0

    @property
    def attendance_rate(self) -> int | None:
        """Of those whose attendance was recorded, the share who came."""
        return percent(self.attended, self.attended + self.did_not_attend)


@dataclass
class StageRate:
    stage: str
    sent: int = 0
    answered: int = 0
    still_open: int = 0  # sent, not answered, link not yet closed

    @property
    def label(self) -> str:
        return Stage(self.stage).label

    @property
    def rate(self) -> int | None:
        """Answered, of those sent whose link has closed or been answered: a link still
        open is not yet a survey nobody answered."""
        return percent(self.answered, self.sent - self.still_open)


@dataclass
class Measures:
    """Averages on the 1 to 5 scales (None when nobody answered), and yes counts."""

    confidence_before: float | None = None
    confidence_after: float | None = None
    confidence_follow_up: float | None = None
    knowledge: float | None = None
    practice_yes: int = 0
    practice_answered: int = 0
    observed_yes: int = 0
    observed_answered: int = 0

    @property
    def practice_share(self) -> int | None:
        return percent(self.practice_yes, self.practice_answered)

    @property
    def observed_share(self) -> int | None:
        return percent(self.observed_yes, self.observed_answered)

    @property
    def confidence_gain(self) -> float | None:
        if self.confidence_before is None or self.confidence_after is None:
            return None
        return self.confidence_after - self.confidence_before


def _stages() -> list[StageRate]:
    return [StageRate(stage) for stage in Stage.values]


@dataclass
class Line:
    """The figures of one course, theme or quarter (or of the whole scope)."""

    key: Any
    label: str
    sessions: Sessions = field(default_factory=Sessions)
    attendance: Attendance = field(default_factory=Attendance)
    stages: list[StageRate] = field(default_factory=_stages)
    measures: Measures = field(default_factory=Measures)

    def stage(self, stage: str) -> StageRate:
        return next(s for s in self.stages if s.stage == stage)

    @property
    def on_the_day(self) -> StageRate:
        return self.stage(Stage.ON_THE_DAY)

    @property
    def follow_up(self) -> StageRate:
        return self.stage(Stage.FOLLOW_UP)

    @property
    def manager(self) -> StageRate:
        return self.stage(Stage.MANAGER)


def _session_figures(scope: Scope, dimension: str | None) -> dict[Any, dict[str, Any]]:
    now = timezone.now()
    scheduled = Q(status=SessionStatus.SCHEDULED)
    return _grouped(
        TrainingSession.objects.filter(session_filter(scope, "", held_only=False)),
        "",
        dimension,
        held=Count("pk", filter=scheduled & Q(ends_at__lte=now)),
        planned=Count("pk", filter=scheduled & Q(ends_at__gt=now)),
        cancelled=Count("pk", filter=Q(status=SessionStatus.CANCELLED)),
    )


def _attendance_aggregates() -> dict[str, Any]:
    return {
        "booked": Count("pk", filter=Q(status__in=PLACE_STATUSES)),
        "attended": Count("pk", filter=Q(status=BookingStatus.ATTENDED)),
        "did_not_attend": Count("pk", filter=Q(status=BookingStatus.DID_NOT_ATTEND)),
        "waiting": Count("pk", filter=Q(status=BookingStatus.WAITING)),
        "cancelled": Count("pk", filter=Q(status=BookingStatus.CANCELLED)),
    }


def _attendance_figures(scope: Scope, dimension: str | None) -> dict[Any, dict[str, Any]]:
    return _grouped(
        Booking.objects.filter(session_filter(scope, "session__")),
        "session__",
        dimension,
        **_attendance_aggregates(),
    )


def _stage_aggregates(stage: str, now: datetime.datetime) -> dict[str, Any]:
    return {
        f"{stage}_sent": Count("pk", filter=Q(stage=stage)),
        f"{stage}_answered": Count("pk", filter=Q(stage=stage, answered_at__isnull=False)),
        f"{stage}_open": Count("pk", filter=Q(stage=stage, answered_at=None, expires_at__gt=now)),
    }


def _stage_rate(stage: str, row: dict[str, Any]) -> StageRate:
    return StageRate(stage, row[f"{stage}_sent"], row[f"{stage}_answered"], row[f"{stage}_open"])


def _stage_figures(scope: Scope, dimension: str | None) -> dict[Any, dict[str, Any]]:
    """Invitations sent, answered and still open, per stage, as columns `<stage>_sent`,
    `<stage>_answered` and `<stage>_open` of one row a group."""
    now = timezone.now()
    aggregates: dict[str, Any] = {}
    for stage in Stage.values:
        aggregates |= _stage_aggregates(stage, now)
    return _grouped(
        SurveyInvitation.objects.filter(session_filter(scope, "booking__session__")),
        "booking__session__",
        dimension,
        **aggregates,
    )


def _measure_aggregates() -> dict[str, Any]:
    scored = Q(number__isnull=False)
    on_the_day = Q(response__stage=Stage.ON_THE_DAY)
    follow_up = Q(response__stage=Stage.FOLLOW_UP)
    manager = Q(response__stage=Stage.MANAGER)
    practice = scored & Q(question__measure=Measure.PRACTICE_CHANGE) & follow_up
    observed = scored & Q(question__measure=Measure.OBSERVED_CHANGE) & manager
    return {
        "confidence_before": Avg(
            "number", filter=scored & on_the_day & Q(question__measure=Measure.CONFIDENCE_BEFORE)
        ),
        "confidence_after": Avg(
            "number", filter=scored & on_the_day & Q(question__measure=Measure.CONFIDENCE_AFTER)
        ),
        "confidence_follow_up": Avg(
            "number", filter=scored & follow_up & Q(question__measure=Measure.CONFIDENCE_AFTER)
        ),
        "knowledge": Avg("number", filter=scored & Q(question__measure=Measure.KNOWLEDGE)),
        "practice_yes": Count("pk", filter=practice & Q(number=1)),
        "practice_answered": Count("pk", filter=practice),
        "observed_yes": Count("pk", filter=observed & Q(number=1)),
        "observed_answered": Count("pk", filter=observed),
    }


def _measure_figures(scope: Scope, dimension: str | None) -> dict[Any, dict[str, Any]]:
    return _grouped(
        SurveyAnswer.objects.filter(session_filter(scope, "response__session__")),
        "response__session__",
        dimension,
        **_measure_aggregates(),
    )


def _average(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def _attendance(row: Any) -> Attendance:
    return Attendance(
        booked=row["booked"],
        attended=row["attended"],
        did_not_attend=row["did_not_attend"],
        waiting=row["waiting"],
        cancelled=row["cancelled"],
    )


def _fill(line: Line, sessions: dict, attendance: dict, stages: dict, measures: dict) -> Line:
    if sessions:
        line.sessions = Sessions(sessions["held"], sessions["planned"], sessions["cancelled"])
    if attendance:
        line.attendance = _attendance(attendance)
    if stages:
        line.stages = [_stage_rate(s, stages) for s in Stage.values]
    if measures:
        line.measures = Measures(
            confidence_before=_average(measures["confidence_before"]),
            confidence_after=_average(measures["confidence_after"]),
            confidence_follow_up=_average(measures["confidence_follow_up"]),
            knowledge=_average(measures["knowledge"]),
            practice_yes=measures["practice_yes"],
            practice_answered=measures["practice_answered"],
            observed_yes=measures["observed_yes"],
            observed_answered=measures["observed_answered"],
        )
    return line


def _lines(scope: Scope, dimension: str | None) -> dict[Any, Line]:
    """A Line for every key any of the four figures has (four queries)."""
    sessions = _session_figures(scope, dimension)
    attendance = _attendance_figures(scope, dimension)
    stages = _stage_figures(scope, dimension)
    measures = _measure_figures(scope, dimension)
    keys = [*sessions, *attendance, *stages, *measures]
    return {
        key: _fill(
            Line(key, ""),
            sessions.get(key, {}),
            attendance.get(key, {}),
            stages.get(key, {}),
            measures.get(key, {}),
        )
        for key in dict.fromkeys(keys)
    }


def totals(scope: Scope) -> Line:
    """The whole scope's figures (four queries)."""
    return _lines(scope, None)[None]


def by_course(scope: Scope) -> list[Line]:
    """Each course with sessions in the scope, by title (five queries)."""
    lines = _lines(scope, "course")
    titles = dict(
        Course.objects.filter(pk__in=[k for k in lines if k is not None]).values_list("pk", "title")
    )
    for key, line in lines.items():
        line.label = titles.get(key, "")
    return sorted(lines.values(), key=lambda line: (line.label.lower(), line.key))


def by_theme(scope: Scope) -> list[Line]:
    """Each theme of the courses in the scope (a course with two themes counts in both),
    then the courses with no theme (five queries)."""
    lines = _lines(scope, "theme")
    names = dict(
        Theme.objects.filter(pk__in=[k for k in lines if k is not None]).values_list("pk", "name")
    )
    for key, line in lines.items():
        line.label = names.get(key, NO_THEME) if key is not None else NO_THEME
    return sorted(lines.values(), key=lambda line: (line.key is None, line.label.lower()))


def quarter_label(first_day: datetime.date) -> str:
    last_month = datetime.date(first_day.year, first_day.month + 2, 1)
    return f"{first_day:%B} to {last_month:%B %Y}"


def by_quarter(scope: Scope) -> list[Line]:
    """Each calendar quarter of the period, in order, including those with nothing in
    them (four queries)."""
    lines = _lines(scope, "quarter")
    result = []
    for first_day in quarters(scope.start, scope.end):
        line = lines.get(first_day) or Line(first_day, "")
        line.label = quarter_label(first_day)
        result.append(line)
    return result


def quarters(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    first = datetime.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    days = []
    while first <= end:
        days.append(first)
        month = first.month + 3
        first = datetime.date(first.year + (month > 12), (month - 1) % 12 + 1, 1)
    return days


@dataclass(frozen=True)
class AgencyLine:
    name: str
    attendance: Attendance


def by_agency(scope: Scope) -> list[AgencyLine]:
    """Places and attendance by the agency each booking gives (one query)."""
    rows = (
        Booking.objects.filter(session_filter(scope, "session__"))
        .values("agency_id", "agency__name")
        .annotate(**_attendance_aggregates())
        .order_by()
    )
    lines = [AgencyLine(row["agency__name"] or NO_AGENCY, _attendance(row)) for row in rows]
    return sorted(lines, key=lambda line: (line.name == NO_AGENCY, line.name.lower()))


@dataclass(frozen=True)
class JudgementCount:
    judgement: str
    count: int

    @property
    def label(self) -> str:
        return Judgement(self.judgement).label


def _observations(scope: Scope) -> QuerySet[Observation]:
    observations = Observation.objects.filter(
        partnership_id=scope.partnership_id,
        observed_on__gte=scope.start,
        observed_on__lte=scope.end,
    )
    if scope.course is not None:
        observations = observations.filter(course_id=scope.course.pk)
    if scope.theme is not None:
        observations = observations.filter(
            course_id__in=Course.objects.filter(themes=scope.theme).values("pk")
        )
    return observations


def judgements(scope: Scope) -> list[JudgementCount]:
    """Observations in the period by judgement, every grade listed (one query)."""
    counts = dict(
        _observations(scope)
        .values("judgement")
        .annotate(n=Count("pk"))
        .values_list("judgement", "n")
    )
    return [JudgementCount(j, counts.get(j, 0)) for j in Judgement.values]


def observations(scope: Scope) -> list[Observation]:
    """The observations themselves, with their course (one query)."""
    return list(_observations(scope).select_related("course", "session"))


@dataclass(frozen=True)
class Example:
    text: str
    course: str
    stage: str

    @property
    def source(self) -> str:
        return "A manager" if self.stage == Stage.MANAGER else "An attendee"


def examples(scope: Scope, *, limit: int = EXAMPLES_SHOWN) -> list[Example]:
    """Written examples (EXAMPLE questions), newest sessions first: the text, its course
    and whether an attendee or a manager gave it; never who (one query)."""
    rows = (
        SurveyAnswer.objects.filter(session_filter(scope, "response__session__"))
        .filter(question__measure=Measure.EXAMPLE)
        .exclude(text="")
        .order_by("-response__session__starts_at", "response__session_id", "question__order", "pk")
        .values_list("text", "response__session__course__title", "response__stage")[:limit]
    )
    return [Example(text.strip(), course, stage) for text, course, stage in rows if text.strip()]


@dataclass
class Impact:
    """Everything the impact page and the report show for one scope."""

    scope: Scope
    totals: Line
    by_course: list[Line]
    by_theme: list[Line]
    by_quarter: list[Line]
    by_agency: list[AgencyLine]
    judgements: list[JudgementCount]
    examples: list[Example]

    @property
    def observed(self) -> int:
        return sum(j.count for j in self.judgements)


def impact(scope: Scope) -> Impact:
    """The figures of a scope (about twenty queries, however many rows they count)."""
    return Impact(
        scope=scope,
        totals=totals(scope),
        by_course=by_course(scope),
        by_theme=by_theme(scope) if scope.theme is None else [],
        by_quarter=by_quarter(scope),
        by_agency=by_agency(scope),
        judgements=judgements(scope),
        examples=examples(scope),
    )


def theme_choices(partnership_id: int) -> list[Theme]:
    """Themes the partnership's courses are linked to."""
    used = Course.objects.in_partnership(partnership_id).values("themes")
    return list(Theme.objects.for_partnership(partnership_id).filter(pk__in=used).order_by("name"))


@dataclass(frozen=True)
class SessionLine:
    pk: int
    starts_at: datetime.datetime
    state: str  # "Held", "Planned" or "Cancelled"
    attended: int


@dataclass
class ActionCourse:
    """A course that answers an action, for the action's page: its sessions with how
    many attended, and its surveys' results over every session so far."""

    course: Course
    sessions: list[SessionLine]
    follow_up: StageRate
    measures: Measures


def action_training(action: Any) -> list[ActionCourse]:
    """The courses linked to the action, however many sessions and answers they have:
    one query when there are none, four when there are."""
    courses = list(
        Course.objects.filter(partnership_id=action.partnership_id, actions=action).order_by(
            "title", "pk"
        )
    )
    if not courses:
        return []
    ids = [c.pk for c in courses]
    sessions = (
        TrainingSession.objects.filter(course_id__in=ids)
        .values("pk", "course_id", "starts_at", "ends_at", "status")
        .annotate(attended=Count("bookings", filter=Q(bookings__status=BookingStatus.ATTENDED)))
        .order_by("starts_at", "pk")
    )
    now = timezone.now()
    by_course: dict[int, list[SessionLine]] = {pk: [] for pk in ids}
    for row in sessions:
        if row["status"] == SessionStatus.CANCELLED:
            state = "Cancelled"
        else:
            state = "Held" if row["ends_at"] <= now else "Planned"
        by_course[row["course_id"]].append(
            SessionLine(row["pk"], row["starts_at"], state, row["attended"])
        )
    invitations = dict(
        (row["booking__session__course_id"], row)
        for row in SurveyInvitation.objects.filter(
            booking__session__course_id__in=ids, stage=Stage.FOLLOW_UP
        )
        .values("booking__session__course_id")
        .annotate(**_stage_aggregates(Stage.FOLLOW_UP, now))
        .order_by()
    )
    measures: dict[int, Any] = {
        row["response__session__course_id"]: row
        for row in SurveyAnswer.objects.filter(response__session__course_id__in=ids)
        .values("response__session__course_id")
        .annotate(**_measure_aggregates())
        .order_by()
    }
    result = []
    for course in courses:
        follow_up: Any = invitations.get(course.pk)
        line = _fill(Line(course.pk, course.title), {}, {}, {}, measures.get(course.pk, {}))
        result.append(
            ActionCourse(
                course=course,
                sessions=by_course[course.pk],
                follow_up=(
                    _stage_rate(Stage.FOLLOW_UP, follow_up)
                    if follow_up
                    else StageRate(Stage.FOLLOW_UP)
                ),
                measures=line.measures,
            )
        )
    return result
