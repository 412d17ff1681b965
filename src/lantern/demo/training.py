"""The demo partnership's training programme (issue 15): a year of sessions behind it and
three months ahead, who booked and came, the surveys on the day, three months after
and to managers (partly answered, some reminded, some closed), two observations and
the evaluation report of the last quarter.

Dates count from today; the surveys follow the partnership's timescales (the framework's
unless it has its own) as lantern.training.surveys sends them, so its daily run finds
nothing of the demo's left to send.

Courses, sessions, the cancellation, observations and the report are made through the
training app's own services, as the L&D co-ordinator (so the audit trail follows each);
as in lantern.demo.actions, the dates the services give them are then moved back. The
hundreds of bookings, registers, survey links and answers are written in bulk
(lantern.chronology.bulk.insert_rows, no model instance each) and each session's are
recorded in the trail as one event, as lantern.chronology's import does: through the
services, one by one, they took seconds (and sent e-mails), and the demo loads in every
test module that reads it.

Nothing is sent: the survey links' keys are random and thrown away, so no link works.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from lantern.accounts.models import User
from lantern.actions.models import Action
from lantern.audit.models import Action as AuditAction
from lantern.audit.recorder import record
from lantern.chronology.bulk import insert_rows
from lantern.clock.engine import add_months
from lantern.clock.engine.workdays import WorkingCalendar
from lantern.learning.models import Theme
from lantern.partnerships.models import Agency, Partnership
from lantern.training import links
from lantern.training import services_programme as programme
from lantern.training.models import (
    Booking,
    BookingStatus,
    Course,
    CourseKind,
    Judgement,
    Measure,
    QuestionKind,
    Stage,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    TrainingSession,
)
from lantern.training.questions import ensure_standard_questions
from lantern.training.report import evaluation_report_record
from lantern.training.surveys import settings_for

from . import training_data as data

WORKING = WorkingCalendar()

#: Days after a quarter before its evaluation goes to the group (its next meeting).
REPORTED_AFTER_DAYS = 21

#: The share of each survey answered (of those whose link has had time).
ANSWERED: dict[str, float] = {Stage.ON_THE_DAY: 0.82, Stage.FOLLOW_UP: 0.58, Stage.MANAGER: 0.55}


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    agency: Agency
    job_title: str
    manager_name: str
    manager_email: str


@dataclass(eq=False)
class _Booking:
    session: TrainingSession
    person: Person
    booked_at: datetime.datetime
    status: str = BookingStatus.BOOKED
    cancelled_at: datetime.datetime | None = None
    cancelled_reason: str = ""
    pk: int | None = None

    @property
    def manager_email(self) -> str:
        return self.person.manager_email if self.person.manager_name else ""


@dataclass(eq=False)
class _Invitation:
    booking: _Booking
    stage: str
    email: str
    sent_at: datetime.datetime
    expires_at: datetime.datetime
    reminded_at: datetime.datetime | None
    answered_at: datetime.datetime | None
    pk: int | None = None


@dataclass(eq=False)
class _Response:
    invitation: _Invitation | None  # None for an anonymous course
    session: TrainingSession
    stage: str
    agency_id: int | None
    day: datetime.date
    answers: list[tuple[SurveyQuestion, int | None, str]]
    pk: int | None = None


@dataclass
class _Counts:
    """What one session's bulk rows came to, for its audit event."""

    bookings: int = 0
    invitations: int = 0
    responses: int = 0


@transaction.atomic
def demo_training_load(partnership: Partnership) -> int:
    """Adds the demo's programme once (a partnership with any course keeps what it has);
    returns how many sessions it added."""
    if Course.objects.in_partnership(partnership.pk).exists():
        return 0
    return _Programme(partnership).load()


class _Programme:
    def __init__(self, partnership: Partnership) -> None:
        self.partnership = partnership
        self.today = timezone.localdate()
        self.now = timezone.now()
        # Seeded: the same demo every time it is loaded, whatever day that is.
        self.rng = random.Random(15)  # noqa: S311 (not a secret)
        self.config = settings_for(partnership.pk)
        self.coordinator = User.objects.get(email="ld.coordinator@example.org")
        self.agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
        self.people = self._people()
        self.bookings: list[_Booking] = []
        self.invitations: list[_Invitation] = []
        self.responses: list[_Response] = []
        self.counts: dict[int, _Counts] = {}
        self.booked: dict[int, set[Person]] = {}
        self.weak: TrainingSession | None = None  # the session observed as needing work

    # The programme -------------------------------------------------------------------

    def load(self) -> int:
        ensure_standard_questions(self.partnership.pk)
        self.questions = self._questions()
        courses = self._courses()
        sessions = []
        for title, days, hour, hours, mode, venue, capacity, what in data.SESSIONS:
            course = courses[title]
            session = self._session(course, days, hour, hours, mode, venue, capacity, what)
            sessions.append(session)
            self._book(course, session, what)
        self._write(sessions)
        self._observations(courses, sessions)
        self._report(sessions)
        return len(sessions)

    def _courses(self) -> dict[str, Course]:
        themes = {
            t.slug: t for t in Theme.objects.filter(partnership=None, is_active=True).only("slug")
        }
        actions = {
            a.title: a
            for a in Action.objects.filter(
                partnership=self.partnership,
                title__in=[t for c in data.COURSES.values() for t in c["actions"]],
            )
        }
        courses = {}
        for title, spec in data.COURSES.items():
            courses[title] = programme.course_create(
                partnership_id=self.partnership.pk,
                user=self.coordinator,
                title=title,
                kind=spec["kind"],
                description=spec["description"],
                learning_outcomes="\n".join(spec["outcomes"]),
                # A theme or action the demo lacks is left out, not an error.
                themes=[themes[s] for s in spec["themes"] if s in themes],
                actions=[actions[t] for t in spec["actions"] if t in actions],
                anonymous_surveys=spec["anonymous"],
            )
        # The programme was set up before its first session.
        Course.objects.filter(pk__in=[c.pk for c in courses.values()]).update(
            created_at=self._at(self.today - timedelta(days=365), 10)
        )
        return courses

    def _session(
        self,
        course: Course,
        days: int,
        hour: int,
        hours: int,
        mode: str,
        venue: str,
        capacity: int,
        what: str,
    ) -> TrainingSession:
        day = self.today + timedelta(days=days)
        # On a working day: the one before for a past session, so that none moves into the
        # future (the register still to take stays behind today).
        day = WORKING.previous_working_day(day) if days < 0 else WORKING.next_working_day(day)
        starts = self._at(day, hour)
        ends = starts + timedelta(hours=hours)
        session = programme.session_create(
            course=course,
            user=self.coordinator,
            starts_at=starts,
            ends_at=ends,
            trainer=data.COURSES[course.title]["trainer"],
            mode=mode,
            venue=venue,
            capacity=capacity,
        )
        # The services date what they make today: the history is put back as it was.
        TrainingSession.objects.filter(pk=session.pk).update(
            created_at=min(self._at(day - timedelta(days=70), 10), self.now)
        )
        if what == "cancelled":
            programme.session_cancel(
                session=session, user=self.coordinator, reason=data.CANCELLED_REASON
            )
        elif ends < self.now and what != "register":
            # The register is taken at the end of the day or the next working day. Its
            # service would send the surveys: the demo writes what they left instead.
            taken = WORKING.add_working_days(day, self.rng.choice([0, 0, 1]))
            session.attendance_recorded_at = min(
                self._at(taken, 17 if taken == day else 10), self.now
            )
            TrainingSession.objects.filter(pk=session.pk).update(
                attendance_recorded_at=session.attendance_recorded_at
            )
        return session

    # Bookings and the register -------------------------------------------------------

    def _people(self) -> list[Person]:
        """data.STAFF practitioners of each agency, each with their manager."""
        names = [(f, s) for f in data.FIRST_NAMES.split() for s in data.SURNAMES.split()]
        self.rng.shuffle(names)
        people = []
        for agency_name, (domain, titles, managers) in data.AGENCY_STAFF.items():
            agency = self.agencies.get(agency_name)
            if agency is None:
                continue
            for _ in range(data.STAFF[agency_name]):
                first, last = names.pop()
                manager, _title = self.rng.choice(managers)
                manager_first, manager_last = _plain(manager).split(" ", 1)
                people.append(
                    Person(
                        name=f"{first} {last}",
                        email=_email(first, last, domain),
                        agency=agency,
                        job_title=self.rng.choice(titles),
                        # A few bookings leave the manager out: no manager's survey for them.
                        manager_name="" if self.rng.random() < 0.08 else manager,
                        manager_email=_email(manager_first, manager_last, domain),
                    )
                )
        return people

    def _book(self, course: Course, session: TrainingSession, what: str) -> None:
        spec = data.COURSES[course.title]
        # Nobody books the same course twice.
        done = self.booked.setdefault(course.pk, set())
        pool = [p for p in self.people if p.agency.name in spec["audience"] and p not in done]
        # Each agency books in proportion to its staff: everyone is as likely to book.
        self.rng.shuffle(pool)
        capacity = session.capacity
        future = session.starts_at > self.now
        if what == "full":
            live, waiting = capacity, 3
        elif future:
            live, waiting = round(capacity * self.rng.uniform(0.4, 0.75)), 0
        else:
            live, waiting = round(capacity * self.rng.uniform(0.7, 1.0)), 0
        cancelled = self.rng.randint(1, 3) if what != "cancelled" else 0
        chosen = pool[: live + waiting + cancelled]
        done.update(chosen)
        counts = self.counts.setdefault(session.pk, _Counts())
        starts = timezone.localdate(session.starts_at)
        for n, person in enumerate(chosen):
            booked_at = self._at(starts - timedelta(days=self.rng.randint(8, 60)), 9)
            booked_at += timedelta(minutes=self.rng.randint(0, 8 * 60))
            # Places on a session ahead were taken over the last few weeks.
            booked_at = min(booked_at, self.now - timedelta(days=self.rng.randint(1, 25)))
            booking = _Booking(session, person, booked_at)
            if what == "cancelled":
                booking.status = BookingStatus.CANCELLED
                booking.cancelled_at = session.starts_at - timedelta(days=2)
                booking.cancelled_reason = "The session was cancelled."
            elif n >= live + waiting:
                booking.status = BookingStatus.CANCELLED
                booking.cancelled_at = min(
                    booked_at + timedelta(days=self.rng.randint(1, 6)),
                    session.starts_at - timedelta(days=1),
                    self.now,
                )
                booking.cancelled_reason = self.rng.choice(data.BOOKING_CANCELLED)
            elif n >= live:
                booking.status = BookingStatus.WAITING
                booking.booked_at = min(booked_at + timedelta(days=5), self.now)
            elif session.attendance_recorded_at is not None:
                came = self.rng.random() < 0.9
                booking.status = BookingStatus.ATTENDED if came else BookingStatus.DID_NOT_ATTEND
            self.bookings.append(booking)
            counts.bookings += 1
            if booking.status == BookingStatus.ATTENDED:
                self._surveys(course, session, booking)

    # Surveys -------------------------------------------------------------------------

    def _surveys(self, course: Course, session: TrainingSession, booking: _Booking) -> None:
        """The surveys as the surveys area sends them: on the day once the register is
        taken; three months after a core course; the manager's when the attendee answers,
        or after `manager_after_days` if they have not (lantern.training.surveys; the
        timescales are the partnership's TrainingSettings)."""
        assert session.attendance_recorded_at is not None
        self._invite(course, session, booking, Stage.ON_THE_DAY, session.attendance_recorded_at)
        if course.kind != CourseKind.CORE:
            return
        day = add_months(timezone.localdate(session.ends_at), self.config.follow_up_months)
        if day > self.today:
            return
        answered = self._invite(course, session, booking, Stage.FOLLOW_UP, self._at(day, 8))
        if not booking.manager_email:
            return
        after = self._at(day, 8) + timedelta(days=self.config.manager_after_days)
        sent = min(answered, after) if answered else after
        if sent <= self.now:
            self._invite(course, session, booking, Stage.MANAGER, sent)

    def _invite(
        self,
        course: Course,
        session: TrainingSession,
        booking: _Booking,
        stage: str,
        sent: datetime.datetime,
    ) -> datetime.datetime | None:
        """One survey link, answered or not; returns when it was answered."""
        chance = ANSWERED[stage]
        remind, close = self.config.reminder_days, self.config.link_days
        expires = sent + timedelta(days=close)
        answered = None
        if self.rng.random() < chance:
            if stage == Stage.ON_THE_DAY and self.rng.random() < 0.8:
                delay = timedelta(minutes=self.rng.randint(5, 180))  # before they leave
            elif self.rng.random() < 0.6:
                delay = timedelta(days=self.rng.randint(0, remind - 1), hours=3)
            else:
                delay = timedelta(days=self.rng.randint(remind, close - 2), hours=2)
            if sent + delay < self.now:
                answered = sent + delay
        reminder = sent + timedelta(days=remind)
        reminded = reminder if reminder <= self.now and (answered or expires) > reminder else None
        email = booking.manager_email if stage == Stage.MANAGER else booking.person.email
        invitation = _Invitation(booking, stage, email, sent, expires, reminded, answered)
        self.invitations.append(invitation)
        self.counts[session.pk].invitations += 1
        if answered is not None:
            # An anonymous course's answers keep no link to who gave them.
            # Nor, as the survey service stores them, their agency, their day (the month
            # only) or when the invitation was used (lantern.training.services_surveys).
            anonymous = course.anonymous_surveys
            link = None if anonymous else invitation
            day = timezone.localdate(answered)
            answers = self._answers(course, stage)
            agency = None if anonymous else booking.person.agency.pk
            if anonymous:
                day = day.replace(day=1)
                invitation.answered_at = sent
            self.responses.append(_Response(link, session, stage, agency, day, answers))
            self.counts[session.pk].responses += 1
        return answered

    def _questions(self) -> dict[tuple[str, str], SurveyQuestion]:
        """The standard questions by stage and what they measure (the on-the-day written
        question measures "other")."""
        found: dict[tuple[str, str], SurveyQuestion] = {}
        for q in SurveyQuestion.objects.filter(
            partnership=self.partnership, course=None, is_active=True
        ):
            found.setdefault((q.stage, q.measure), q)
        return found

    def _answers(self, course: Course, stage: str) -> list[tuple[SurveyQuestion, int | None, str]]:
        """Believable answers: confidence about 2.6 before and 4.1 after; most report a
        change in practice; a handful write an example."""
        rng = self.rng
        values: list[tuple[str, int | None, str]] = []
        if stage == Stage.ON_THE_DAY:
            before = rng.choices([1, 2, 3, 4], weights=[10, 35, 40, 15])[0]
            after = max(before, rng.choices([3, 4, 5], weights=[18, 52, 30])[0])
            values += [
                (Measure.CONFIDENCE_BEFORE, before, ""),
                (Measure.CONFIDENCE_AFTER, after, ""),
                (Measure.KNOWLEDGE, rng.choices([2, 3, 4, 5], weights=[5, 20, 45, 30])[0], ""),
            ]
            if rng.random() < 0.3:
                values.append((Measure.OTHER, None, rng.choice(data.ON_THE_DAY[course.title])))
        elif stage == Stage.FOLLOW_UP:
            changed = rng.random() < 0.8
            values += [
                (Measure.CONFIDENCE_AFTER, rng.choices([3, 4, 5], weights=[22, 48, 30])[0], ""),
                (Measure.PRACTICE_CHANGE, int(changed), ""),
            ]
            if changed and rng.random() < 0.25:
                values.append((Measure.EXAMPLE, None, rng.choice(data.FOLLOW_UP[course.title])))
        else:
            seen = rng.random() < 0.68
            values.append((Measure.OBSERVED_CHANGE, int(seen), ""))
            if seen and rng.random() < 0.3:
                values.append((Measure.EXAMPLE, None, rng.choice(data.MANAGER)))
        rows = []
        for measure, number, text in values:
            question = self.questions.get((stage, measure))
            if question is None:
                continue  # the partnership has worded its own questions differently
            if question.kind == QuestionKind.TEXT:
                number = None
            rows.append((question, number, text))
        return rows

    # Writing -------------------------------------------------------------------------

    def _write(self, sessions: list[TrainingSession]) -> None:
        """The bulk rows, then one audit event a session saying what was added."""
        partnership = self.partnership.pk
        self._insert(
            Booking,
            "session_id name email agency_id job_title manager_name manager_email person_id "
            "status booked_at cancelled_at cancelled_reason version partnership_id",
            self.bookings,
            lambda b: (
                b.session.pk,
                b.person.name,
                b.person.email,
                b.person.agency.pk,
                b.person.job_title,
                b.person.manager_name,
                b.manager_email,
                None,
                b.status,
                b.booked_at,
                b.cancelled_at,
                b.cancelled_reason,
                1,
                partnership,
            ),
        )
        self._insert(
            SurveyInvitation,
            "booking_id stage email key_hash sent_at expires_at reminded_at answered_at "
            "partnership_id",
            self.invitations,
            lambda i: (
                i.booking.pk,
                i.stage,
                i.email,
                # Only the hash of a random key is kept: the demo's links are never sent.
                links.key_hash(links.new_key()),
                i.sent_at,
                i.expires_at,
                i.reminded_at,
                i.answered_at,
                partnership,
            ),
        )
        # In no particular order: an anonymous course's answers in the order its invitations
        # were answered would say, by their keys, whose they are.
        self.rng.shuffle(self.responses)
        self._insert(
            SurveyResponse,
            "session_id stage invitation_id agency_id submitted_on partnership_id",
            self.responses,
            lambda r: (
                r.session.pk,
                r.stage,
                r.invitation.pk if r.invitation else None,
                r.agency_id,
                r.day,
                partnership,
            ),
        )
        insert_rows(
            SurveyAnswer,
            ["response_id", "question_id", "number", "text"],
            (
                (response.pk, question.pk, number, text)
                for response in self.responses
                for question, number, text in response.answers
            ),
        )
        for session in sessions:
            counts = self.counts.get(session.pk)
            if counts and counts.bookings:
                record(
                    AuditAction.UPDATE,
                    session,
                    changes={
                        "register_taken_at": session.attendance_recorded_at,
                        "bookings_added": counts.bookings,
                        "survey_invitations_added": counts.invitations,
                        "survey_responses_added": counts.responses,
                        "why": "The demo's programme, written in bulk.",
                    },
                )

    # Quality assurance and reporting ------------------------------------------------

    @staticmethod
    def _insert(model: type[Model], columns: str, items: list, values: Callable) -> None:
        """INSERTs a row for each item (without a model instance each: see
        lantern.chronology.bulk), then gives each item its new key. One statement run row
        after row in one transaction: the keys rise in the rows' order."""
        last = model._default_manager.aggregate(last=Max("pk"))["last"] or 0
        insert_rows(model, columns.split(), (values(item) for item in items))
        pks = model._default_manager.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)
        for item, pk in zip(items, pks, strict=True):
            item.pk = pk

    def _observations(self, courses: dict[str, Course], sessions: list[TrainingSession]) -> None:
        def held(title: str, mode: str) -> TrainingSession:
            return next(
                s
                for s in reversed(sessions)
                if s.course.title == title and s.mode == mode and s.attendance_recorded_at
            )

        good = held(data.WORKING_TOGETHER, "in_person")
        programme.observation_create(
            course=courses[data.WORKING_TOGETHER],
            session=good,
            observed_on=timezone.localdate(good.starts_at),
            observer="Anita Kowalski, Head of Quality Assurance",
            judgement=Judgement.GOOD,
            strengths="The case study from Child D's review brought disguised compliance to "
            "life.\nPolice and social work trainers modelled challenge between agencies.\n"
            "Every attendee left with the escalation policy and knew how to use it.",
            improvements="Leave more time for the multi-agency case discussion at the end.",
            user=self.coordinator,
        )
        weak = self.weak = held(data.NEGLECT, "online")
        programme.observation_create(
            course=courses[data.NEGLECT],
            session=weak,
            observed_on=timezone.localdate(weak.starts_at),
            observer="Grace Adeyemi, Learning and Development Co-ordinator",
            judgement=Judgement.REQUIRES_IMPROVEMENT,
            strengths="The trainer knew the Graded Care Profile 2 thoroughly and answered "
            "questions well.",
            improvements="Too much for four hours online: the scoring exercise was rushed.\n"
            "Breakout rooms had no facilitator, so discussion stalled.\n"
            "No link was made to the partnership's neglect strategy or Child D's review.",
            user=self.coordinator,
        )

    def _report(self, sessions: list[TrainingSession]) -> None:
        """The co-ordinator's evaluation of the last quarter, reported where the
        evaluation table routes training three weeks after it ended (of the quarter
        before, if the last ended less than three weeks ago)."""
        start = datetime.date(self.today.year, (self.today.month - 1) // 3 * 3 + 1, 1)
        reported = self.today
        while reported >= self.today:
            start, end = add_months(start, -3), start - timedelta(days=1)
            reported = WORKING.next_working_day(end + timedelta(days=REPORTED_AFTER_DAYS))
        held = [
            s
            for s in sessions
            if s.attendance_recorded_at and start <= timezone.localdate(s.starts_at) <= end
        ]
        # Recorded as reported to where the evaluation table routes training.
        evaluation_report_record(
            user=self.coordinator,
            period_start=start,
            period_end=end,
            reported_on=reported,
            summary=self._summary(held, start, end),
        )

    def _summary(
        self, held: list[TrainingSession], start: datetime.date, end: datetime.date
    ) -> str:
        """What the co-ordinator concluded, from the quarter's own numbers."""
        ids = {s.pk for s in held}
        came = sum(
            1 for b in self.bookings if b.session.pk in ids and b.status == BookingStatus.ATTENDED
        )
        numbers: dict[tuple[str, str], list[int]] = {}
        for response in self.responses:
            stage = response.stage
            if response.session.pk in ids or (
                stage != Stage.ON_THE_DAY and start <= response.day <= end
            ):
                for question, number, _text in response.answers:
                    if number is not None:
                        numbers.setdefault((stage, question.measure), []).append(number)
        parts = [f"{len(held)} sessions held in the quarter, attended by {came} practitioners."]
        before = numbers.get((Stage.ON_THE_DAY, Measure.CONFIDENCE_BEFORE))
        after = numbers.get((Stage.ON_THE_DAY, Measure.CONFIDENCE_AFTER))
        if before and after:
            parts.append(
                f"Confidence rose from {_mean(before):.1f} before the training to "
                f"{_mean(after):.1f} after it (out of 5)."
            )
        changed = numbers.get((Stage.FOLLOW_UP, Measure.PRACTICE_CHANGE))
        if changed:
            parts.append(
                f"Three months on, {_share(changed)} of those who answered had changed their "
                "practice"
                + (
                    f", and managers saw a change in {_share(seen)} of cases."
                    if (seen := numbers.get((Stage.MANAGER, Measure.OBSERVED_CHANGE)))
                    else "."
                )
            )
        if self.weak is not None and self.weak.pk in ids:
            parts.append(
                "The neglect course's online session was judged to require improvement; it "
                "returns to a full day in person."
            )
        parts.append(
            "Follow-up response rates need to rise: managers are asked to remind their staff "
            "as well as the one reminder Lantern sends."
        )
        return " ".join(parts)

    def _at(self, day: datetime.date, hour: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _mean(numbers: list[int]) -> float:
    return sum(numbers) / len(numbers)


def _share(answers: list[int]) -> str:
    """The share of yes (1) answers, as a percentage."""
    return f"{round(100 * sum(answers) / len(answers))}%"


def _plain(name: str) -> str:
    """A manager's name without their title, for their e-mail address."""
    for title in ("Sergeant ", "Inspector ", "Dr "):
        name = name.removeprefix(title)
    return name


def _email(first: str, last: str, domain: str) -> str:
    return f"{first}.{last}@{domain}".lower().replace(" ", "")
