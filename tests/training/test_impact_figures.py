"""Issue 15, Impact: every figure of lantern.training.impact checked against the rows it
counts: sessions, places and attendance by agency, surveys sent and answered per stage,
confidence before and after and at three months, knowledge, the share reporting a
change in practice and the managers' share, observations' judgements, per course, per
theme and per quarter; anonymous answers counted; the period, course and theme filters;
the number of queries the same however many rows there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantern.training import impact
from lantern.training.impact import Scope, last_twelve_months, quarters
from lantern.training.models import BookingStatus, Judgement, Measure, Stage, SurveyInvitation

from .impact_helpers import book, build_year, invite, observe, respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    y = build_year()
    p1 = book(y.a1, agency=y.police)
    p2 = book(y.a1, agency=y.council)
    p3 = book(y.a1, BookingStatus.DID_NOT_ATTEND, agency=y.police)
    book(y.a1, BookingStatus.BOOKED)
    book(y.a1, BookingStatus.WAITING, agency=y.council)
    book(y.a1, BookingStatus.CANCELLED, agency=y.police)
    q1 = book(y.a2, agency=y.police)
    q2 = book(y.a2)
    r1 = book(y.b1, agency=y.council)
    book(y.b1, BookingStatus.DID_NOT_ATTEND, agency=y.council)
    s1 = book(y.old, agency=y.police)
    book(y.cancelled, BookingStatus.BOOKED, agency=y.police)
    u1 = book(y.elsewhere)
    # On the day: five asked, four answered (p2's answer anonymous).
    day = {b: invite(b, Stage.ON_THE_DAY, answered=b is not q2) for b in (p1, p2, q1, q2, r1)}
    on_day = Stage.ON_THE_DAY
    before, after, knowledge = (
        Measure.CONFIDENCE_BEFORE,
        Measure.CONFIDENCE_AFTER,
        Measure.KNOWLEDGE,
    )
    respond(y.a1, on_day, {before: 2, after: 4, knowledge: 5}, invitation=day[p1])
    respond(y.a1, on_day, {before: 3, after: 5, knowledge: 4})  # anonymous
    respond(y.a2, on_day, {before: 1, after: 3}, invitation=day[q1])
    respond(y.b1, on_day, {before: 2, after: 4, knowledge: 3}, invitation=day[r1])
    # Three months on: three asked, two answered (q1's anonymously).
    follow = {b: invite(b, Stage.FOLLOW_UP, answered=b is not r1) for b in (p1, q1, r1)}
    respond(
        y.a1,
        Stage.FOLLOW_UP,
        {after: 4, Measure.PRACTICE_CHANGE: 1, Measure.EXAMPLE: "I now use the chronology tool."},
        invitation=follow[p1],
    )
    respond(y.a2, Stage.FOLLOW_UP, {after: 5, Measure.PRACTICE_CHANGE: 0})
    # Managers: two asked, one answered.
    manager = {b: invite(b, Stage.MANAGER, answered=b is p1) for b in (p1, q1)}
    respond(
        y.a1,
        Stage.MANAGER,
        {Measure.OBSERVED_CHANGE: 1, Measure.EXAMPLE: "The team refers earlier."},
        invitation=manager[p1],
    )
    # Outside the scope: a session before the period, and another partnership's.
    old_invitation = invite(s1, Stage.ON_THE_DAY, answered=True)
    respond(y.old, on_day, {before: 5, after: 5}, invitation=old_invitation)
    respond(
        y.elsewhere, on_day, {before: 5, after: 5}, invitation=invite(u1, on_day, answered=True)
    )
    # Every link unanswered has closed (a link still open is its own test).
    SurveyInvitation.objects.filter(answered_at=None).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    observe(y.course_a, Judgement.GOOD, 10)
    observe(y.course_a, Judgement.OUTSTANDING, 20)
    observe(y.course_b, Judgement.REQUIRES_IMPROVEMENT, 50)
    observe(y.course_a, Judgement.INADEQUATE, 500)  # before the period
    y.bookings = {"p1": p1, "p2": p2, "p3": p3, "q1": q1, "q2": q2, "r1": r1}
    return y


def scope(y, **extra) -> Scope:
    start, end = last_twelve_months()
    return Scope(y.partnership.pk, start, end, **extra)


def test_the_default_period_is_the_last_twelve_months():
    """The period when nothing is chosen: the twelve months up to and including today
    (a 29 February falls back to the 28th)."""
    assert last_twelve_months(datetime.date(2026, 3, 27)) == (
        datetime.date(2025, 3, 28),
        datetime.date(2026, 3, 27),
    )
    assert last_twelve_months(datetime.date(2028, 2, 29)) == (
        datetime.date(2027, 3, 1),
        datetime.date(2028, 2, 29),
    )


def test_sessions_places_and_attendance_are_counted_from_their_rows(year):
    """Sessions held (started in the period, not cancelled, over), cancelled; places
    (booked, attended, did not attend), waiting and cancelled bookings: only the
    partnership's sessions in the period, and none of a cancelled session's bookings."""
    totals = impact.totals(scope(year))
    assert (totals.sessions.held, totals.sessions.planned, totals.sessions.cancelled) == (3, 0, 1)
    a = totals.attendance
    assert (a.booked, a.attended, a.did_not_attend, a.waiting, a.cancelled) == (8, 5, 2, 1, 1)
    assert a.attendance_rate == 71  # 5 of the 7 whose attendance was recorded


def test_a_session_still_to_come_is_planned_not_held(year):
    """A session in the period that has not ended yet is planned, not held."""
    now = timezone.now()
    year.a1.starts_at, year.a1.ends_at = (
        now - datetime.timedelta(hours=1),
        now + datetime.timedelta(hours=2),
    )
    year.a1.save()
    totals = impact.totals(scope(year))
    assert (totals.sessions.held, totals.sessions.planned) == (2, 1)


def test_attendance_by_agency(year):
    """Places and attendance per agency the booking gives, those with none last."""
    rows = [
        (
            line.name,
            line.attendance.booked,
            line.attendance.attended,
            line.attendance.did_not_attend,
        )
        for line in impact.by_agency(scope(year))
    ]
    assert rows == [
        ("Demoshire Council", 3, 2, 1),
        ("Demoshire Police", 3, 2, 1),
        ("Agency not given", 2, 1, 0),
    ]


def test_invitations_sent_answered_and_response_rates_per_stage(year):
    """Per stage, the invitations sent about the period's sessions and those answered,
    and the rate as a whole percentage."""
    totals = impact.totals(scope(year))
    assert [(s.stage, s.sent, s.answered, s.rate) for s in totals.stages] == [
        (Stage.ON_THE_DAY, 5, 4, 80),
        (Stage.FOLLOW_UP, 3, 2, 67),
        (Stage.MANAGER, 2, 1, 50),
    ]


def test_a_link_still_open_is_not_yet_a_non_response(year):
    """Per stage, those still open (sent, unanswered, link not closed) are shown and left
    out of the rate: answered / (sent - still open)."""
    SurveyInvitation.objects.filter(booking=year.bookings["q2"], stage=Stage.ON_THE_DAY).update(
        expires_at=timezone.now() + datetime.timedelta(days=3)
    )
    totals = impact.totals(scope(year))
    assert [(s.stage, s.sent, s.answered, s.still_open, s.rate) for s in totals.stages] == [
        (Stage.ON_THE_DAY, 5, 4, 1, 100),
        (Stage.FOLLOW_UP, 3, 2, 0, 67),
        (Stage.MANAGER, 2, 1, 0, 50),
    ]
    everything_open = impact.StageRate(Stage.MANAGER, sent=2, answered=0, still_open=2)
    assert everything_open.rate is None  # nothing closed yet: no rate, not 0%


def test_confidence_knowledge_practice_and_managers_measures(year):
    """Average confidence before and after (on the day) and three months later,
    knowledge, the share answering yes to a change in practice at three months and the
    share of managers who saw one; anonymous answers counted with the others."""
    m = impact.totals(scope(year)).measures
    assert m.confidence_before == 2.0  # (2 + 3 + 1 + 2) / 4, the anonymous 3 included
    assert m.confidence_after == 4.0  # (4 + 5 + 3 + 4) / 4
    assert m.confidence_follow_up == 4.5  # (4 + 5) / 2, the anonymous 5 included
    assert m.knowledge == 4.0  # (5 + 4 + 3) / 3
    assert (m.practice_yes, m.practice_answered, m.practice_share) == (1, 2, 50)
    assert (m.observed_yes, m.observed_answered, m.observed_share) == (1, 1, 100)
    assert m.confidence_gain == 2.0


def test_per_course_figures(year):
    """Each course's own sessions, attendance, rates and measures; a rate with nobody
    asked is None, not 0."""
    a, b = impact.by_course(scope(year))
    assert (a.label, b.label) == ("A neglect course", "B capacity course")
    assert (a.sessions.held, a.attendance.attended, a.attendance.did_not_attend) == (2, 4, 1)
    assert [(s.sent, s.answered) for s in a.stages] == [(4, 3), (2, 2), (2, 1)]
    assert (a.measures.confidence_before, a.measures.confidence_after) == (2.0, 4.0)
    assert (a.measures.confidence_follow_up, a.measures.practice_share) == (4.5, 50)
    assert a.measures.observed_share == 100
    assert (b.sessions.held, b.sessions.cancelled, b.attendance.attended) == (1, 1, 1)
    assert [(s.sent, s.answered) for s in b.stages] == [(1, 1), (1, 0), (0, 0)]
    assert b.follow_up.rate == 0 and b.manager.rate is None
    assert (b.measures.confidence_before, b.measures.confidence_after) == (2.0, 4.0)
    assert b.measures.confidence_follow_up is None and b.measures.practice_share is None


def test_per_theme_figures_count_a_course_under_each_of_its_themes(year):
    """A course with two themes counts under both; a theme's figures are its courses'."""
    capacity, neglect = impact.by_theme(scope(year))
    assert (capacity.label, neglect.label) == ("Mental capacity", "Neglect")
    assert (neglect.sessions.held, neglect.attendance.attended) == (3, 5)
    assert neglect.measures.confidence_before == 2.0
    assert [(s.sent, s.answered) for s in neglect.stages] == [(5, 4), (3, 2), (2, 1)]
    assert (capacity.sessions.held, capacity.attendance.attended) == (1, 1)
    assert [(s.sent, s.answered) for s in capacity.stages] == [(1, 1), (1, 0), (0, 0)]


def test_a_course_with_no_theme_is_listed_as_such(year):
    year.course_b.themes.clear()
    lines = impact.by_theme(scope(year))
    assert [line.label for line in lines] == ["Neglect", "No theme"]
    assert lines[-1].key is None and lines[-1].attendance.attended == 1


def test_quarters_cover_the_period_and_count_each_quarters_sessions(year):
    """Every calendar quarter of the period is listed, in order, with the attendance of
    the sessions that started in it."""
    s = scope(year)
    lines = impact.by_quarter(s)
    assert [line.key for line in lines] == quarters(s.start, s.end)
    assert len(lines) in (4, 5)

    def first_day(session):
        day = timezone.localtime(session.starts_at).date()
        return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)

    expected: dict = {}
    for session, attended in ((year.a1, 2), (year.a2, 2), (year.b1, 1)):
        expected[first_day(session)] = expected.get(first_day(session), 0) + attended
    assert {
        line.key: line.attendance.attended for line in lines if line.attendance.attended
    } == expected
    assert sum(line.measures.practice_yes for line in lines) == 1
    assert lines[0].label.endswith(str(lines[0].key.year))


def test_quarters_and_their_labels():
    assert quarters(datetime.date(2025, 12, 5), datetime.date(2026, 4, 1)) == [
        datetime.date(2025, 10, 1),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 4, 1),
    ]
    assert impact.quarter_label(datetime.date(2025, 10, 1)) == "October to December 2025"


def test_observations_by_judgement_in_the_period(year):
    """Every grade listed, with the observations in the period."""
    counts = [(j.judgement, j.count) for j in impact.judgements(scope(year))]
    assert counts == [
        (Judgement.OUTSTANDING, 1),
        (Judgement.GOOD, 1),
        (Judgement.REQUIRES_IMPROVEMENT, 1),
        (Judgement.INADEQUATE, 0),
    ]


def test_examples_are_quoted_with_their_course_and_source_never_a_name(year):
    """Examples give the words, the course and whether an attendee or a manager said
    them: nothing that says who."""
    examples = impact.examples(scope(year))
    assert {(e.text, e.course, e.source) for e in examples} == {
        ("I now use the chronology tool.", "A neglect course", "An attendee"),
        ("The team refers earlier.", "A neglect course", "A manager"),
    }
    assert set(vars(examples[0])) == {"text", "course", "stage"}


def test_the_period_filter(year):
    """A shorter period leaves out the sessions, answers and observations before it."""
    today = timezone.localdate()
    s = Scope(year.partnership.pk, today - datetime.timedelta(days=150), today)
    totals = impact.totals(s)
    assert (totals.sessions.held, totals.attendance.attended) == (2, 3)
    assert totals.measures.confidence_before == round((2 + 3 + 2) / 3, 1)
    assert totals.follow_up.sent == 2 and totals.measures.practice_answered == 1
    assert sum(j.count for j in impact.judgements(s)) == 3


def test_the_course_and_theme_filters(year):
    """A course's or a theme's figures are those of its sessions only."""
    course = impact.totals(scope(year, course=year.course_b))
    theme = impact.totals(scope(year, theme=year.theme_two))
    for totals in (course, theme):
        assert (totals.sessions.held, totals.sessions.cancelled) == (1, 1)
        assert (totals.attendance.attended, totals.attendance.did_not_attend) == (1, 1)
        assert totals.measures.confidence_after == 4.0
    neglect = impact.totals(scope(year, theme=year.theme_one))
    assert neglect.attendance.attended == 5  # both courses, each counted once
    assert [j.count for j in impact.judgements(scope(year, course=year.course_b))] == [0, 0, 1, 0]


def test_the_number_of_queries_does_not_grow_with_the_rows(year):
    """About twenty queries for a whole impact, however many sessions and answers."""
    s = scope(year)
    with CaptureQueriesContext(connection) as before:
        impact.impact(s)
    for n in range(5):
        booking = book(year.b1, agency=year.police)
        invite(booking, Stage.ON_THE_DAY, answered=True)
        respond(year.b1, Stage.ON_THE_DAY, {Measure.CONFIDENCE_BEFORE: 1 + n % 5})
    with CaptureQueriesContext(connection) as after:
        found = impact.impact(s)
    assert len(after) == len(before) <= 25
    assert found.totals.attendance.attended == 10
