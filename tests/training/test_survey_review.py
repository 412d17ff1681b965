"""The survey review's fixes (issue 15): what an anonymous course keeps and when its
manager is asked; the privacy notice; links taken out of the stored e-mails once sent;
the grace for late surveys; the standard questions made where invitations are, never by
the public page; a reminder racing an answer; what a question measures against how it is
answered; the timescales read once a run."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.notifications.models import Notification
from lantern.training import links, services_surveys
from lantern.training.impact import Scope, totals
from lantern.training.models import (
    CourseKind,
    Measure,
    QuestionKind,
    Stage,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from lantern.training.questions import question_create, question_update
from lantern.training.services_surveys import (
    LinkRefused,
    invitation_for_token,
    stage_questions,
    survey_answer,
)
from lantern.training.surveys import FOLLOW_UP_GRACE_DAYS, after_register, surveys_send
from tests.factories import AgencyFactory, UserFactory

from .factories import BookingFactory, CourseFactory, TrainingSessionFactory
from .survey_helpers import BASE, full_answers, invite, tokens_sent_to

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
DAY = datetime.datetime(2026, 3, 3, 9, 30, tzinfo=LONDON)


def _at(day: datetime.date, hour: int = 7):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON), tick=False
    )


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.LANTERN_BASE_URL = BASE


def _session(*, anonymous: bool = False):
    course = CourseFactory(
        title="Neglect: recognising and responding",
        kind=CourseKind.CORE,
        anonymous_surveys=anonymous,
    )
    return TrainingSessionFactory(
        course=course, starts_at=DAY, ends_at=DAY + datetime.timedelta(hours=3)
    )


def _attendee(session, **extra):
    agency = AgencyFactory(partnership=session.partnership)
    return BookingFactory(
        session=session,
        agency=agency,
        manager_email=extra.pop("manager_email", "morgan.lee@agency.example.org"),
        **extra,
    )


def _answer(token: str, now=None) -> SurveyResponse:
    invitation = invitation_for_token(token, now=now)
    return survey_answer(
        token=token, answers=full_answers_by_id(stage_questions(invitation)), now=now
    )


def full_answers_by_id(questions) -> dict[int, object]:
    return {int(name[1:]): value for name, value in full_answers(questions).items()}


# 1. Anonymity


def test_an_anonymous_response_keeps_no_agency_the_month_only_and_the_invitation_no_time():
    """Anonymous course: the response has no invitation and no agency, and its day is the
    first of its month; the invitation's answered_at is its sent_at (that it was
    answered, not when)."""
    session = _session(anonymous=True)
    booking = _attendee(session)
    sent = datetime.datetime(2026, 3, 3, 13, 5, tzinfo=LONDON)
    invitation, token = invite(booking, sent_at=sent)
    with _at(datetime.date(2026, 3, 17), 15):
        response = _answer(token)
    response.refresh_from_db()
    assert response.invitation is None and response.agency_id is None
    assert response.submitted_on == datetime.date(2026, 3, 1)
    invitation.refresh_from_db()
    assert invitation.answered_at == invitation.sent_at == sent


def test_a_named_response_keeps_its_agency_day_and_time():
    """Not anonymous: the response keeps the invitation, the agency and the day."""
    session = _session()
    booking = _attendee(session)
    invitation, token = invite(booking)
    response = _answer(token)
    assert response.invitation == invitation and response.agency_id == booking.agency_id
    assert response.submitted_on == timezone.localdate()
    invitation.refresh_from_db()
    assert invitation.answered_at is not None and invitation.answered_at > invitation.sent_at


def test_an_anonymous_courses_manager_is_asked_after_the_wait_never_on_the_answer():
    """A manager's e-mail the day after the attendee answered would tell its day: for an
    anonymous course the manager is asked manager_after_days (14) after the follow-up was
    sent, whether or not the attendee answered earlier."""
    session = _session(anonymous=True)
    attendee = _attendee(session)
    with _at(datetime.date(2026, 6, 3)):
        surveys_send(datetime.date(2026, 6, 3))
    [token] = tokens_sent_to(attendee.email)
    with _at(datetime.date(2026, 6, 5), 10):
        _answer(token)
    for day in (6, 10, 16):
        with _at(datetime.date(2026, 6, day)):
            sent = surveys_send(datetime.date(2026, 6, day))
        assert [s for s in sent if s.stage == Stage.MANAGER] == []
    with _at(datetime.date(2026, 6, 17)):
        sent = surveys_send(datetime.date(2026, 6, 17))
    assert [(s.booking_id, s.stage) for s in sent] == [(attendee.pk, Stage.MANAGER)]


def test_anonymous_answers_count_on_the_impact_page_by_session_not_agency():
    """An anonymous course's answers, given through their links, count in the stage's
    answered and in the measures (they come from the session), not by agency."""
    session = _session(anonymous=True)
    first, second = _attendee(session), _attendee(session)
    with _at(DAY.date(), 13):
        after_register(session)
    for booking in (first, second):
        [token] = tokens_sent_to(booking.email)
        with _at(DAY.date(), 14):
            _answer(token)
    scope = Scope(session.partnership_id, DAY.date(), DAY.date())
    with _at(datetime.date(2026, 4, 30)):
        line = totals(scope)
    assert (line.on_the_day.sent, line.on_the_day.answered, line.on_the_day.rate) == (2, 2, 100)
    assert line.measures.confidence_before == 4.0
    assert not SurveyResponse.objects.exclude(agency=None).exists()


def test_the_anonymous_page_says_what_is_true(client):
    """No absolute "cannot be traced": kept without name, e-mail address or agency, and
    nothing Lantern shows or reports says who gave them."""
    booking = _attendee(_session(anonymous=True))
    _invitation, token = invite(booking)
    page = client.get(reverse("survey:answer", args=[token])).content.decode()
    assert "cannot be traced" not in page
    assert "without your name, e-mail address or agency" in page
    assert "nothing Lantern shows or reports says who gave them" in page


# 2. The privacy notice


def test_the_page_and_the_email_say_written_answers_may_be_quoted(client):
    """Written answers are quoted, without names, on the impact page and in the report:
    the page and every survey e-mail say so, and no longer "in totals only"."""
    session = _session()
    booking = _attendee(session)
    with _at(DAY.date(), 13):
        after_register(session)
    [message] = mail.outbox
    [token] = tokens_sent_to(booking.email)
    with _at(DAY.date(), 14):
        page = client.get(reverse("survey:answer", args=[token])).content.decode()
    for text in (page, " ".join(message.body.split())):
        assert "may be quoted, without your name" in text
        assert "evaluation report" in text
        assert "totals only" not in text


# 3. Links removed from the stored e-mails once sent


def test_a_sent_survey_emails_stored_copy_loses_its_link():
    """The e-mail carries the link; once sent, the copy Lantern keeps does not, so the
    database holds no working link."""
    session = _session()
    booking = _attendee(session)
    with _at(DAY.date(), 13):
        after_register(session)
    [token] = tokens_sent_to(booking.email)
    [note] = Notification.objects.filter(kind="training_survey")
    assert note.sent_at is not None
    assert token not in note.body and "/survey/" not in note.body
    assert "[the link was removed once sent]" in note.body
    assert session.course.title in note.body  # the rest of the message is kept


def test_an_email_not_sent_keeps_its_link_and_other_kinds_are_untouched(settings):
    """A message the server refused keeps its link (it is sent again from that body);
    other kinds of e-mail are stored as they were sent."""
    from lantern.notifications.tasks import send_notification

    settings.EMAIL_BACKEND = "tests.training.test_survey_review.RefusingBackend"
    session = _session()
    _attendee(session)
    with _at(DAY.date(), 13):
        after_register(session)
    [note] = Notification.objects.filter(kind="training_survey")
    assert note.sent_at is None and f"{BASE}/survey/" in note.body
    body = f"See {BASE}/survey/not-a-survey-e-mail/ for details."
    other = Notification.objects.create(
        partnership_id=session.partnership_id,
        kind="something_else",
        to_email="someone@example.org",
        subject="Other",
        body=body,
    )
    assert send_notification.call(other.pk, "django.core.mail.backends.locmem.EmailBackend")
    other.refresh_from_db()
    assert other.sent_at is not None and other.body == body


def test_scrub_takes_out_every_survey_link_and_nothing_else():
    body = f"Hello\n\n{BASE}/survey/WzEsImsiXQ:1v2:abc-_/\n\nSee {BASE}/training/ too."
    scrubbed = links.scrub(body)
    assert "/survey/" not in scrubbed and f"{BASE}/training/" in scrubbed
    assert scrubbed.startswith("Hello\n\n[the link was removed once sent]\n")


class RefusingBackend:
    """An e-mail backend whose server refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("The mail server refused the connection.")


# 4. The grace for late surveys


def test_a_follow_up_is_sent_up_to_the_grace_late_and_never_after():
    """A worker down for some days still catches up (31 days); a register imported for a
    session months old e-mails nobody (it did with a year's grace)."""
    assert FOLLOW_UP_GRACE_DAYS == 31
    session = _session()
    _attendee(session)
    # Due on 3 June 2026 (three months after 3 March).
    with _at(datetime.date(2026, 7, 4)):
        assert surveys_send(datetime.date(2026, 7, 4), dry_run=True) == []
    with _at(datetime.date(2026, 7, 3)):
        assert len(surveys_send(datetime.date(2026, 7, 3), dry_run=True)) == 1
    with _at(datetime.date(2026, 9, 3)):  # six months after: nothing (a year's grace sent it)
        assert surveys_send(datetime.date(2026, 9, 3)) == []


def test_a_managers_survey_is_sent_late_within_the_grace_only():
    """A manager's survey falls due 14 days after the follow-up; a run up to 31 days after
    that still sends it; a run later does not."""
    session = _session()
    attendee = _attendee(session)
    with _at(datetime.date(2026, 6, 3)):
        surveys_send(datetime.date(2026, 6, 3))
    # Sent 3 June, due 17 June; the grace ends on 18 July.
    with _at(datetime.date(2026, 7, 19)):
        assert surveys_send(datetime.date(2026, 7, 19), dry_run=True) == []
    with _at(datetime.date(2026, 7, 17)):
        sent = surveys_send(datetime.date(2026, 7, 17), dry_run=True)
    assert [(s.booking_id, s.stage) for s in sent] == [(attendee.pk, Stage.MANAGER)]


# 5. The standard questions: made where invitations are made, read by the public page


def test_the_public_page_makes_no_questions(client):
    """Opening a link only reads: an invitation made without the standard set (as none
    is now) shows none, and the page creates none."""
    booking = _attendee(_session())
    key = links.new_key()
    now = timezone.now()
    invitation = SurveyInvitation.objects.create(
        partnership_id=booking.partnership_id,
        booking=booking,
        stage=Stage.ON_THE_DAY,
        email=booking.email,
        key_hash=links.key_hash(key),
        sent_at=now,
        expires_at=now + datetime.timedelta(days=28),
    )
    response = client.get(reverse("survey:answer", args=[links.make_token(invitation.pk, key)]))
    assert response.status_code == 200
    assert not SurveyQuestion.objects.exists()


def test_the_register_and_the_daily_run_make_the_standard_questions_first():
    """after_register and surveys_send make the partnership's standard set before any
    invitation, once."""
    session = _session()
    _attendee(session)
    assert not SurveyQuestion.objects.exists()
    with _at(DAY.date(), 13):
        after_register(session)
    made = SurveyQuestion.objects.filter(partnership_id=session.partnership_id).count()
    assert made > 0
    SurveyQuestion.objects.all().delete()
    with _at(datetime.date(2026, 6, 3)):
        surveys_send(datetime.date(2026, 6, 3))
    assert SurveyQuestion.objects.filter(partnership_id=session.partnership_id).count() == made


# 6. A reminder racing an answer


def test_an_answer_whose_link_a_reminder_replaced_meanwhile_is_refused_as_replaced(monkeypatch):
    """The link was read, then a reminder gave the invitation a new key before the answer
    was claimed: refused as replaced (a newer link was sent), not as already answered."""
    booking = _attendee(_session())
    invitation, token = invite(booking)
    questions = stage_questions(invitation)
    real = services_surveys.stage_questions

    def reminder_meanwhile(found):
        SurveyInvitation.objects.filter(pk=found.pk).update(
            key_hash=links.key_hash(links.new_key()), reminded_at=timezone.now()
        )
        return real(found)

    monkeypatch.setattr(services_surveys, "stage_questions", reminder_meanwhile)
    with pytest.raises(LinkRefused) as refused:
        survey_answer(token=token, answers=full_answers_by_id(questions))
    assert refused.value.reason == "replaced"
    assert not SurveyResponse.objects.exists()


def test_an_answer_given_meanwhile_in_another_tab_is_still_already_answered(monkeypatch):
    booking = _attendee(_session())
    invitation, token = invite(booking)
    questions = stage_questions(invitation)
    real = services_surveys.stage_questions

    def answered_meanwhile(found):
        SurveyInvitation.objects.filter(pk=found.pk).update(answered_at=timezone.now())
        return real(found)

    monkeypatch.setattr(services_surveys, "stage_questions", answered_meanwhile)
    with pytest.raises(LinkRefused) as refused:
        survey_answer(token=token, answers=full_answers_by_id(questions))
    assert refused.value.reason == "used"


# 7. What a question measures decides how it is answered


@pytest.fixture
def coordinator():
    return UserFactory(roles=[Role.LD_COORDINATOR])


@pytest.mark.parametrize(
    ("measure", "wrong", "right"),
    [
        (Measure.CONFIDENCE_BEFORE, QuestionKind.YES_NO, QuestionKind.SCALE),
        (Measure.CONFIDENCE_AFTER, QuestionKind.TEXT, QuestionKind.SCALE),
        (Measure.KNOWLEDGE, QuestionKind.YES_NO, QuestionKind.SCALE),
        (Measure.PRACTICE_CHANGE, QuestionKind.SCALE, QuestionKind.YES_NO),
        (Measure.OBSERVED_CHANGE, QuestionKind.TEXT, QuestionKind.YES_NO),
        (Measure.EXAMPLE, QuestionKind.SCALE, QuestionKind.TEXT),
    ],
)
def test_a_measure_is_answered_only_its_way(coordinator, measure, wrong, right):
    """Confidence and knowledge on the scale, changes yes or no, examples in writing:
    otherwise a field error and nothing saved."""
    content = {"stage": Stage.FOLLOW_UP, "text": "A question", "order": 5, "measure": measure}
    before = SurveyQuestion.objects.count()
    with pytest.raises(ValidationError) as refused:
        question_create(user=coordinator, kind=wrong, **content)
    assert "measure" in refused.value.message_dict
    assert "choose that it measures something else" in refused.value.message_dict["measure"][0]
    assert SurveyQuestion.objects.count() == before
    question = question_create(user=coordinator, kind=right, **content)
    assert question.kind == right


def test_other_may_be_answered_any_way_and_an_update_is_checked_too(coordinator):
    for kind in QuestionKind.values:
        question_create(
            user=coordinator,
            stage=Stage.ON_THE_DAY,
            text=f"Q {kind}",
            order=9,
            kind=kind,
            measure=Measure.OTHER,
        )
    question = SurveyQuestion.objects.get(text="Q text")
    with pytest.raises(ValidationError) as refused:
        question_update(user=coordinator, question=question, measure=Measure.KNOWLEDGE)
    assert "measure" in refused.value.message_dict
    question.refresh_from_db()
    assert question.measure == Measure.OTHER
    question_update(
        user=coordinator, question=question, measure=Measure.EXAMPLE, kind=QuestionKind.TEXT
    )


# 9. The timescales read once, not once an e-mail


def test_the_timescales_are_read_once_however_many_are_emailed():
    session = _session()
    for _ in range(4):
        _attendee(session)
    with _at(DAY.date(), 13), CaptureQueriesContext(connection) as queries:
        assert after_register(session) == 4
    reads = [q["sql"] for q in queries if "training_trainingsettings" in q["sql"].lower()]
    assert len(reads) == 1


def _settings_reads(queries) -> int:
    return sum("training_trainingsettings" in q["sql"].lower() for q in queries)


def test_the_daily_run_reads_the_timescales_the_same_number_of_times_for_more_people():
    """surveys_send: the timescales are read a few times a partnership a run, not once a
    booking or an e-mail."""
    session = _session()
    reads = []
    for people in (1, 5):
        SurveyInvitation.objects.all().delete()
        while session.bookings.count() < people:
            _attendee(session)
        with _at(datetime.date(2026, 6, 3)), CaptureQueriesContext(connection) as queries:
            assert len(surveys_send(datetime.date(2026, 6, 3))) == people
        reads.append(_settings_reads(queries))
    assert reads[0] == reads[1]
