"""Sending the surveys: on the day (once the register is taken), three months after a
core course, to managers; one reminder; links that close.

Every survey is a SurveyInvitation (one per booking and stage: the database refuses a
second, so a run repeated, or two workers at once, send nothing twice) and an e-mail
through lantern.notifications.services.notify, recorded there. Each invitation gets a
fresh random key; the e-mail carries the signed link (lantern.training.links), the
database only the key's hash. A reminder gives the invitation a new key, so the link in
the reminder is the one that works (the first e-mail's link says it was replaced).
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from lantern.clock.engine.periods import add_months
from lantern.notifications.services import lantern_link, notify

from . import links
from .models import (
    Booking,
    BookingStatus,
    CourseKind,
    SessionStatus,
    Stage,
    SurveyInvitation,
    TrainingSession,
    TrainingSettings,
)
from .questions import ensure_standard_questions
from .services_surveys import LIMITS

logger = logging.getLogger(__name__)

KIND = "training_survey"
#: A survey is sent up to this many days after it fell due, so a worker that was down for
#: some days still catches up; never later. A register imported for a session months
#: old (a new partnership loading last year's history) therefore e-mails nobody.
FOLLOW_UP_GRACE_DAYS = 31

SUBJECTS = {
    Stage.ON_THE_DAY: "Your feedback on {course}",
    Stage.FOLLOW_UP: "{course}: what has changed since the training?",
    Stage.MANAGER: "{course}: has the training made a difference to your team?",
}


@dataclass(frozen=True)
class Sent:
    """One e-mail sent (or, in a dry run, to be sent)."""

    booking_id: int
    stage: str
    reminder: bool = False


def settings_for(partnership_id: int) -> TrainingSettings:
    """The partnership's timescales: its own, or the framework's defaults (unsaved)."""
    found = TrainingSettings.objects.filter(partnership_id=partnership_id).first()
    return found or TrainingSettings(partnership_id=partnership_id)


def _cached(configs: dict[int, TrainingSettings], partnership_id: int) -> TrainingSettings:
    """settings_for, read once a partnership (setdefault would read it every time)."""
    if partnership_id not in configs:
        configs[partnership_id] = settings_for(partnership_id)
    return configs[partnership_id]


NUMBERS = [
    *("one", "two", "three", "four", "five", "six"),
    *("seven", "eight", "nine", "ten", "eleven", "twelve"),
]


def months_text(months: int) -> str:
    """ "three months", as an e-mail says it."""
    word = NUMBERS[months - 1] if 1 <= months <= len(NUMBERS) else str(months)
    return f"{word} month{'s' if months != 1 else ''}"


def answer_link(token: str) -> str:
    return lantern_link(reverse("survey:answer", args=[token]))


def links_possible() -> bool:
    """Whether Lantern knows its own address (LANTERN_BASE_URL). Without it a survey
    e-mail could carry no link, and the practitioner, who has no account, no other way
    in: so nothing is sent (and no invitation used up) until it is set."""
    if lantern_link("/"):
        return True
    logger.warning("Training surveys not sent: LANTERN_BASE_URL is not set.")
    return False


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _email(
    invitation: SurveyInvitation, token: str, *, reminder: bool, config: TrainingSettings
) -> None:
    """The invitation's e-mail; `config` is its partnership's timescales, read once by
    the caller rather than once an e-mail."""
    booking = invitation.booking
    session = booking.session
    course = session.course
    subject = SUBJECTS[Stage(invitation.stage)].format(course=course.title)
    notify(
        to=[invitation.email],
        subject=f"Reminder: {subject}" if reminder else subject,
        template=f"training/email/survey_{invitation.stage}.txt",
        context={
            "partnership_name": course.partnership.name,
            "course": course,
            "session": session,
            "session_day": timezone.localdate(session.starts_at),
            # The manager is told whose training it was (they manage them); nobody else
            # is named, and no e-mail address of anyone is in the text.
            "attendee_name": booking.name if invitation.stage == Stage.MANAGER else "",
            "link": answer_link(token),
            "closes_on": timezone.localdate(invitation.expires_at),
            "anonymous": course.anonymous_surveys,
            "reminder": reminder,
            "manager_asked": bool(booking.manager_email),
            "months": months_text(config.follow_up_months),
        },
        kind=KIND,
        partnership_id=invitation.partnership_id,
    )


def _invite(
    booking: Booking, stage: str, email: str, *, now: datetime.datetime, config: TrainingSettings
) -> SurveyInvitation | None:
    """Creates the invitation and sends its e-mail; None if this booking was already
    asked at this stage (by an earlier run, or a run at the same moment)."""
    key = links.new_key()
    try:
        with transaction.atomic():
            invitation = SurveyInvitation.objects.create(
                partnership_id=booking.partnership_id,
                booking=booking,
                stage=stage,
                email=email,
                key_hash=links.key_hash(key),
                sent_at=now,
                expires_at=now + datetime.timedelta(days=config.link_days),
            )
            token = links.make_token(invitation.pk, key)
            _email(invitation, token, reminder=False, config=config)
    except IntegrityError:
        return None
    return invitation


def _bookings(queryset: QuerySet[Booking]) -> QuerySet[Booking]:
    return queryset.select_related("session__course__partnership")


def after_register(session: TrainingSession, *, today: datetime.date | None = None) -> int:
    """Called (inside the register's transaction) once a session's register is recorded or
    imported: sends the on-the-day survey to each attendee not yet asked. Returns how many
    were sent. A register recorded long after the session (an imported history) asks
    nobody: the link would close before anyone remembered the day."""
    today = today or timezone.localdate()
    if session.status == SessionStatus.CANCELLED or not links_possible():
        return 0
    config = settings_for(session.partnership_id)
    if timezone.localdate(session.ends_at) < today - datetime.timedelta(days=config.link_days):
        return 0
    # The questions exist before anyone has a link: the public page only reads them.
    ensure_standard_questions(session.partnership_id)
    bookings = _bookings(
        Booking.objects.filter(session=session, status=BookingStatus.ATTENDED).exclude(
            invitations__stage=Stage.ON_THE_DAY
        )
    )
    now = timezone.now()
    sent = 0
    for booking in bookings:
        if _invite(booking, Stage.ON_THE_DAY, booking.email, now=now, config=config):
            sent += 1
    return sent


def follow_ups_due(today: datetime.date) -> list[Booking]:
    """Attendees of a core course whose session ended `follow_up_months` ago or more
    (within FOLLOW_UP_GRACE_DAYS of that) and who have no follow-up survey yet."""
    candidates = _bookings(
        Booking.objects.filter(
            status=BookingStatus.ATTENDED,
            session__course__kind=CourseKind.CORE,
            session__status=SessionStatus.SCHEDULED,
            session__ends_at__lt=_start_of(today),
            # No partnership waits more than LIMITS.months (12) months, nor sends later
            # than the grace: older sessions are never due, however long the history
            # (the day's slack covers a session ending late in the evening).
            session__ends_at__gte=_start_of(
                add_months(today, -LIMITS.months[1])
                - datetime.timedelta(days=FOLLOW_UP_GRACE_DAYS + 1)
            ),
        ).exclude(invitations__stage=Stage.FOLLOW_UP)
    )
    due: list[Booking] = []
    configs: dict[int, TrainingSettings] = {}
    for booking in candidates.order_by("session__ends_at", "pk"):
        config = _cached(configs, booking.partnership_id)
        cutoff = add_months(today, -config.follow_up_months)
        ended = timezone.localdate(booking.session.ends_at)
        if cutoff - datetime.timedelta(days=FOLLOW_UP_GRACE_DAYS) <= ended <= cutoff:
            due.append(booking)
    return due


def manager_due_at(invitation: SurveyInvitation, config: TrainingSettings) -> datetime.datetime:
    """When the manager of a follow-up invitation's attendee is asked: `manager_after_days`
    after the follow-up was sent, or as soon as the attendee answered. Never the answer
    for an anonymous course: a manager's e-mail on the day after would tell whoever sees
    it when, and so which, answer was the attendee's."""
    waited = invitation.sent_at + datetime.timedelta(days=config.manager_after_days)
    anonymous = invitation.booking.session.course.anonymous_surveys
    if invitation.answered_at is None or anonymous:
        return waited
    return min(waited, invitation.answered_at)


def manager_surveys_due(now: datetime.datetime) -> list[SurveyInvitation]:
    """Follow-up invitations whose manager's survey fell due (manager_due_at) within
    FOLLOW_UP_GRACE_DAYS, and whose manager (with an address) has not been asked."""
    oldest = LIMITS.manager_days[1] + FOLLOW_UP_GRACE_DAYS + 1
    follow_ups = (
        SurveyInvitation.objects.filter(stage=Stage.FOLLOW_UP)
        .exclude(booking__manager_email="")
        .exclude(booking__invitations__stage=Stage.MANAGER)
        .filter(sent_at__gte=now - datetime.timedelta(days=oldest))
        .select_related("booking__session__course__partnership")
        .order_by("sent_at", "pk")
    )
    configs: dict[int, TrainingSettings] = {}
    due = []
    grace = datetime.timedelta(days=FOLLOW_UP_GRACE_DAYS)
    for invitation in follow_ups:
        config = _cached(configs, invitation.partnership_id)
        if now - grace <= manager_due_at(invitation, config) <= now:
            due.append(invitation)
    return due


def reminders_due(now: datetime.datetime) -> list[SurveyInvitation]:
    """Invitations not answered `reminder_days` after sending, not reminded yet, still
    open: each gets one reminder, never two, and none once its link has closed."""
    open_ = (
        SurveyInvitation.objects.filter(
            answered_at=None, reminded_at=None, expires_at__gt=now, sent_at__lt=now
        )
        .select_related("booking__session__course__partnership")
        .order_by("sent_at", "pk")
    )
    configs: dict[int, TrainingSettings] = {}
    due = []
    for invitation in open_:
        config = _cached(configs, invitation.partnership_id)
        if invitation.sent_at + datetime.timedelta(days=config.reminder_days) <= now:
            due.append(invitation)
    return due


def _remind(
    invitation: SurveyInvitation, *, now: datetime.datetime, config: TrainingSettings
) -> bool:
    """The one reminder, with a new key (the first key's hash is all that was kept).
    Claimed with a conditional UPDATE so two runs at once remind once."""
    key = links.new_key()
    with transaction.atomic():
        claimed = SurveyInvitation.objects.filter(
            pk=invitation.pk, reminded_at=None, answered_at=None, expires_at__gt=now
        ).update(reminded_at=now, key_hash=links.key_hash(key))
        if not claimed:
            return False
        # Saved again so the audit trail records the reminder like any other change.
        invitation.reminded_at = now
        invitation.key_hash = links.key_hash(key)
        invitation.save(update_fields=["reminded_at", "key_hash"])
        _email(invitation, links.make_token(invitation.pk, key), reminder=True, config=config)
    return True


def surveys_send(today: datetime.date, dry_run: bool = False) -> list[Sent]:
    """The day's survey e-mails (daily_reminders_run calls this): follow-ups due, managers'
    surveys due, and reminders. In a dry run, what would be sent; nothing is written.
    Running it twice a day sends nothing twice. Nothing at all while Lantern does not
    know its own address (links_possible)."""
    if not links_possible():
        return []
    now = timezone.now()
    follow_ups = follow_ups_due(today)
    managers = manager_surveys_due(now)
    reminders = reminders_due(now)
    if dry_run:
        return [
            *(Sent(b.pk, Stage.FOLLOW_UP) for b in follow_ups),
            *(Sent(i.booking_id, Stage.MANAGER) for i in managers),
            *(Sent(i.booking_id, i.stage, reminder=True) for i in reminders),
        ]
    sent: list[Sent] = []
    configs: dict[int, TrainingSettings] = {}

    def config_of(partnership_id: int) -> TrainingSettings:
        if partnership_id not in configs:
            # Once a partnership a run: its questions exist before anyone has a link
            # (the public page only reads them), and its timescales are read once.
            ensure_standard_questions(partnership_id)
            configs[partnership_id] = settings_for(partnership_id)
        return configs[partnership_id]

    # Reminders first: an invitation made today is never reminded today anyway, and this
    # way a slow run cannot remind something it has just sent.
    for invitation in reminders:
        if _remind(invitation, now=now, config=config_of(invitation.partnership_id)):
            sent.append(Sent(invitation.booking_id, invitation.stage, reminder=True))
    for booking in follow_ups:
        config = config_of(booking.partnership_id)
        if _invite(booking, Stage.FOLLOW_UP, booking.email, now=now, config=config):
            sent.append(Sent(booking.pk, Stage.FOLLOW_UP))
    for follow_up in managers:
        booking = follow_up.booking
        config = config_of(booking.partnership_id)
        if _invite(booking, Stage.MANAGER, booking.manager_email, now=now, config=config):
            sent.append(Sent(booking.pk, Stage.MANAGER))
    return sent
