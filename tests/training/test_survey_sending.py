"""Sending the surveys (issue 15), with time moved: the on-the-day survey once the
register is taken; three months after a core course the attendee's; then the manager's;
one reminder; nothing after a link closes; nothing twice."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from lantern.notifications.models import Notification
from lantern.notifications.tasks import daily_reminders_run
from lantern.training.models import (
    BookingStatus,
    CourseKind,
    Stage,
    SurveyInvitation,
    TrainingSettings,
)
from lantern.training.services_surveys import (
    LinkRefused,
    invitation_for_token,
    stage_questions,
    survey_answer,
)
from lantern.training.surveys import after_register, surveys_send

from .factories import BookingFactory, CourseFactory, TrainingSessionFactory
from .survey_helpers import BASE, tokens_sent_to

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
#: The session's day: 9:30 to 12:30 on Tuesday 3 March 2026.
DAY = datetime.datetime(2026, 3, 3, 9, 30, tzinfo=LONDON)


def _at(day: datetime.date, hour: int = 7):
    """Time moved to `day` at the daily run's hour."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON), tick=False
    )


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.LANTERN_BASE_URL = BASE


@pytest.fixture
def session():
    course = CourseFactory(title="Neglect: recognising and responding", kind=CourseKind.CORE)
    return TrainingSessionFactory(
        course=course, starts_at=DAY, ends_at=DAY + datetime.timedelta(hours=3)
    )


@pytest.fixture
def attendee(session):
    return BookingFactory(
        session=session,
        name="Alex Rivers",
        email="alex.rivers@agency.example.org",
        manager_name="Morgan Lee",
        manager_email="morgan.lee@agency.example.org",
    )


def _answer(token: str) -> None:
    invitation = invitation_for_token(token)
    survey_answer(
        token=token,
        answers={
            q.pk: (3 if q.kind == "scale" else 1 if q.kind == "yes_no" else "")
            for q in stage_questions(invitation)
        },
    )


def _stages(booking) -> list[str]:
    return sorted(booking.invitations.values_list("stage", flat=True))


def test_the_register_sends_the_on_the_day_survey_to_attendees_only(session, attendee):
    """after_register: each attendee once; not those who did not attend, cancelled or
    waited; a second register (or import) asks nobody again."""
    absent = BookingFactory(session=session, status=BookingStatus.DID_NOT_ATTEND)
    cancelled = BookingFactory(session=session, status=BookingStatus.CANCELLED)
    with _at(DAY.date(), 13):
        assert after_register(session) == 1
        assert after_register(session) == 0
    assert _stages(attendee) == [Stage.ON_THE_DAY]
    assert not absent.invitations.exists() and not cancelled.invitations.exists()
    assert len(tokens_sent_to(attendee.email)) == 1
    [note] = Notification.objects.filter(kind="training_survey")
    assert note.partnership_id == session.partnership_id and note.to_person is None


def test_an_old_register_imported_late_sends_no_on_the_day_survey(session, attendee):
    with _at(DAY.date() + datetime.timedelta(days=60)):
        assert after_register(session) == 0
    assert not SurveyInvitation.objects.exists()


def test_three_months_after_the_follow_up_is_sent_once(session, attendee):
    """Nothing the day before three months have passed; on the day, one e-mail; the
    next day and the same day again, nothing more."""
    with _at(datetime.date(2026, 6, 2)):
        assert surveys_send(datetime.date(2026, 6, 2)) == []
    with _at(datetime.date(2026, 6, 3)):
        sent = surveys_send(datetime.date(2026, 6, 3))
        assert [(s.booking_id, s.stage) for s in sent] == [(attendee.pk, Stage.FOLLOW_UP)]
        assert surveys_send(datetime.date(2026, 6, 3)) == []  # twice a day: nothing twice
    with _at(datetime.date(2026, 6, 4)):
        assert surveys_send(datetime.date(2026, 6, 4)) == []
    assert _stages(attendee) == [Stage.FOLLOW_UP]
    assert len(tokens_sent_to(attendee.email)) == 1


def test_the_daily_run_sends_the_surveys(session, attendee):
    """daily_reminders_run counts the training surveys among the day's e-mails."""
    with _at(datetime.date(2026, 6, 3)):
        summary = daily_reminders_run(datetime.date(2026, 6, 3))
    assert summary["training surveys"] == 1


def test_the_partnerships_own_months_are_used(session, attendee):
    TrainingSettings.objects.create(partnership_id=session.partnership_id, follow_up_months=6)
    with _at(datetime.date(2026, 6, 3)):
        assert surveys_send(datetime.date(2026, 6, 3)) == []
    with _at(datetime.date(2026, 9, 3)):
        assert len(surveys_send(datetime.date(2026, 9, 3))) == 1


def test_no_follow_up_for_specialist_courses_absentees_or_cancelled_sessions(session, attendee):
    specialist = TrainingSessionFactory(
        course=CourseFactory(partnership=session.partnership, kind=CourseKind.SPECIALIST),
        starts_at=DAY,
        ends_at=DAY + datetime.timedelta(hours=3),
    )
    BookingFactory(session=specialist)
    absent = BookingFactory(session=session, status=BookingStatus.DID_NOT_ATTEND)
    with _at(datetime.date(2026, 6, 3)):
        sent = surveys_send(datetime.date(2026, 6, 3))
    assert [s.booking_id for s in sent] == [attendee.pk]
    assert not absent.invitations.exists()
    assert not SurveyInvitation.objects.filter(booking__session=specialist).exists()


def test_an_imported_history_is_not_surveyed(session, attendee):
    """A follow-up is sent up to FOLLOW_UP_GRACE_DAYS (31) late, never later: a session
    whose survey fell due months ago (an imported history) gets none."""
    for late in (datetime.date(2026, 7, 4), datetime.date(2027, 6, 3)):
        with _at(late):
            assert surveys_send(late) == []
    almost = datetime.date(2026, 7, 3)  # the session ended 31 days before 3 April
    with _at(almost):
        assert len(surveys_send(almost)) == 1


def test_the_manager_is_asked_once_the_attendee_answers(session, attendee):
    with _at(datetime.date(2026, 6, 3)):
        surveys_send(datetime.date(2026, 6, 3))
        assert surveys_send(datetime.date(2026, 6, 3)) == []
    [token] = tokens_sent_to(attendee.email)
    with _at(datetime.date(2026, 6, 5), 10):
        _answer(token)
    with _at(datetime.date(2026, 6, 6)):
        sent = surveys_send(datetime.date(2026, 6, 6))
        assert [(s.booking_id, s.stage) for s in sent] == [(attendee.pk, Stage.MANAGER)]
        assert surveys_send(datetime.date(2026, 6, 6)) == []
        [manager_token] = tokens_sent_to("morgan.lee@agency.example.org")
        assert invitation_for_token(manager_token).stage == Stage.MANAGER


def test_the_manager_is_asked_after_the_wait_if_the_attendee_does_not_answer(session, attendee):
    with _at(datetime.date(2026, 6, 3)):
        surveys_send(datetime.date(2026, 6, 3))
    with _at(datetime.date(2026, 6, 16)):  # 13 days: not yet (default 14)
        assert [s for s in surveys_send(datetime.date(2026, 6, 16)) if s.stage == "manager"] == []
    with _at(datetime.date(2026, 6, 17)):
        stages = [s.stage for s in surveys_send(datetime.date(2026, 6, 17))]
        assert Stage.MANAGER in stages


def test_no_manager_survey_without_a_managers_address(session, attendee):
    attendee.manager_email = ""
    attendee.save()
    with _at(datetime.date(2026, 6, 3)):
        surveys_send(datetime.date(2026, 6, 3))
    with _at(datetime.date(2026, 7, 3)):
        surveys_send(datetime.date(2026, 7, 3))
    assert _stages(attendee) == [Stage.FOLLOW_UP]


def test_one_reminder_with_a_new_link_and_never_twice(session, attendee):
    """reminder_days (10) after sending, one reminder; its link works, the first one
    now says it was replaced; no second reminder."""
    attendee.manager_email = ""
    attendee.save()
    with _at(datetime.date(2026, 6, 3)):
        surveys_send(datetime.date(2026, 6, 3))
    with _at(datetime.date(2026, 6, 12)):
        assert surveys_send(datetime.date(2026, 6, 12)) == []
    with _at(datetime.date(2026, 6, 13)):
        [reminder] = surveys_send(datetime.date(2026, 6, 13))
        assert reminder.reminder and reminder.stage == Stage.FOLLOW_UP
    for day in (14, 20, 30):
        with _at(datetime.date(2026, 6, day)):
            assert surveys_send(datetime.date(2026, 6, day)) == []
    first, second = tokens_sent_to(attendee.email)
    reminder_mail = [m for m in mail.outbox if m.to == [attendee.email]][-1]
    assert "Reminder:" in reminder_mail.subject
    with _at(datetime.date(2026, 6, 20)):
        with pytest.raises(LinkRefused) as refused:
            invitation_for_token(first)
        assert refused.value.reason == "replaced"
        _answer(second)
    invitation = SurveyInvitation.objects.get(booking=attendee)
    assert invitation.reminded_at is not None and invitation.answered_at is not None


def test_no_reminder_once_answered_or_closed(session, attendee):
    """An answered survey is not chased; after expires_at nothing at all is sent."""
    attendee.manager_email = ""
    attendee.save()
    other = BookingFactory(session=session, manager_email="")
    with _at(datetime.date(2026, 6, 3)):
        surveys_send(datetime.date(2026, 6, 3))
    [token] = tokens_sent_to(attendee.email)
    with _at(datetime.date(2026, 6, 4)):
        _answer(token)
    SurveyInvitation.objects.filter(booking=other).update(
        expires_at=timezone.make_aware(datetime.datetime(2026, 6, 10))
    )
    with _at(datetime.date(2026, 6, 13)):
        assert surveys_send(datetime.date(2026, 6, 13)) == []


def test_a_dry_run_sends_nothing(session, attendee):
    with _at(datetime.date(2026, 6, 3)):
        planned = surveys_send(datetime.date(2026, 6, 3), dry_run=True)
    assert [(s.booking_id, s.stage) for s in planned] == [(attendee.pk, Stage.FOLLOW_UP)]
    assert not SurveyInvitation.objects.exists() and not mail.outbox


def test_the_emails_carry_the_link_and_no_one_elses_data(session, attendee):
    """Each e-mail: the link, what it is for, when it closes; the attendee's says
    nothing of the other attendees; the manager's names the attendee but gives no
    e-mail address."""
    other = BookingFactory(session=session, name="Sam Other", email="sam.other@example.org")
    with _at(DAY.date(), 13):
        after_register(session)
    with _at(datetime.date(2026, 6, 3)):
        surveys_send(datetime.date(2026, 6, 3))
    with _at(datetime.date(2026, 6, 17)):
        surveys_send(datetime.date(2026, 6, 17))
    to_alex = [m for m in mail.outbox if m.to == [attendee.email]]
    # On the day, three months after, and that survey's reminder (on 17 June).
    assert len(to_alex) == 3
    assert "It replaces the link in the first e-mail" in to_alex[2].body
    assert "Three months on" in to_alex[1].body
    assert "Your manager will also be asked" in to_alex[1].body
    for message in to_alex:
        assert f"{BASE}/survey/" in message.body
        assert session.course.title in message.body and "3 March 2026" in message.body
        assert "closes on" in message.body
        assert "Sam Other" not in message.body and "sam.other" not in message.body
        assert "morgan.lee" not in message.body and "Morgan Lee" not in message.body
    assert "closes on 31 March 2026" in to_alex[0].body  # 28 days after 3 March
    [to_manager] = [m for m in mail.outbox if m.to == [attendee.manager_email]]
    assert "Alex Rivers, who you manage" in to_manager.body
    assert attendee.email not in to_manager.body and "Sam Other" not in to_manager.body
    assert f"{BASE}/survey/" in to_manager.body
    assert other.email not in "".join(m.body for m in mail.outbox if m.to != [other.email])


def test_the_command_is_a_dry_run_unless_told_to_send(session, attendee):
    """`lantern send-training-surveys` prints what it would send; --send sends, once."""
    out = io.StringIO()
    with _at(datetime.date(2026, 6, 3)):
        call_command("send-training-surveys", today="2026-06-03", stdout=out)
        assert "Would send the follow_up survey" in out.getvalue()
        assert "Dry run" in out.getvalue() and not SurveyInvitation.objects.exists()
        call_command("send-training-surveys", "--send", today="2026-06-03", stdout=out)
        call_command("send-training-surveys", "--send", today="2026-06-03", stdout=out)
    assert "1 survey e-mail sent" in out.getvalue() and "0 survey e-mails sent" in out.getvalue()
    assert attendee.email not in out.getvalue()
    assert SurveyInvitation.objects.count() == 1


def test_nothing_is_sent_or_used_up_while_lantern_does_not_know_its_address(
    settings, session, attendee
):
    """A survey e-mail without its link would leave a practitioner (no account) no way
    in, and would use up the booking's one invitation of the stage: so while
    LANTERN_BASE_URL is unset, neither the register nor the daily run sends anything;
    once it is set, the same bookings are asked."""
    settings.LANTERN_BASE_URL = ""
    attendee.status = BookingStatus.ATTENDED
    attendee.save()
    with _at(DAY.date()):
        assert after_register(session) == 0
    with _at(datetime.date(2026, 6, 4)):
        assert surveys_send(datetime.date(2026, 6, 4)) == []
    assert not SurveyInvitation.objects.exists()
    assert not mail.outbox

    settings.LANTERN_BASE_URL = BASE
    with _at(datetime.date(2026, 6, 4)):
        assert [s.stage for s in surveys_send(datetime.date(2026, 6, 4))] == [Stage.FOLLOW_UP]
    assert tokens_sent_to("alex.rivers@agency.example.org")
