"""Attendance: booking a place (or a place on the waiting list), cancelling one, and the
register (entered on the page or imported from a file).

Every function here checks everything before writing and writes in one transaction. The
session's row is locked first, so two people booking the last place at once cannot both
get it, and a cancellation moves up exactly one person from the waiting list.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from lantern.accounts.models import User
from lantern.calendars.attachments import session_ref
from lantern.notifications.services import notify
from lantern.partnerships.models import Agency

from . import surveys
from .invitations import booking_cancelled_send, booking_confirmed_send
from .models import (
    PLACE_STATUSES,
    Booking,
    BookingStatus,
    CourseKind,
    SessionStatus,
    TrainingSession,
)

#: C0 and C1 control characters and DEL: nothing a person types into a name or address.
_CONTROLS = frozenset(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)])
PLACE_OFFERED_TEMPLATE = "training/email/booking_place_offered.txt"


@dataclass(frozen=True)
class Person:
    """Who is booked or attended, as given on a form or a register's row. `agency` is
    None when not known."""

    name: str
    email: str
    agency: Agency | None = None
    job_title: str = ""
    manager_name: str = ""
    manager_email: str = ""


@dataclass(frozen=True)
class RegisterResult:
    attended: int
    did_not_attend: int
    added: int
    surveys_sent: int


# Reads the pages share -----------------------------------------------------------------


def session_bookings(session: TrainingSession) -> QuerySet[Booking]:
    return Booking.objects.filter(session=session).select_related("agency", "person")


def places_taken(session: TrainingSession) -> int:
    return Booking.objects.filter(session=session, status__in=PLACE_STATUSES).count()


def places_left(session: TrainingSession) -> int:
    return max(session.capacity - places_taken(session), 0)


def has_started(session: TrainingSession, now: datetime.datetime | None = None) -> bool:
    return session.starts_at <= (now or timezone.now())


def manager_email_needed(session: TrainingSession) -> bool:
    """A core course's attendees' managers are surveyed three months on, so the address
    must be known; a specialist course's managers are not asked."""
    return session.course.kind == CourseKind.CORE


# Checks shared by every write ------------------------------------------------------------


def normal_email(value: str) -> str:
    """The address as stored and compared: trimmed and in lower case, so that
    Jo.Bloggs@NHS.net and jo.bloggs@nhs.net are one person (and one booking)."""
    return value.strip().lower()


def has_control_characters(value: str) -> bool:
    return any(c in _CONTROLS for c in value)


def person_problems(person: Person, *, session: TrainingSession) -> dict[str, str]:
    """What is wrong with a person's details, by field; empty when nothing is."""
    problems: dict[str, str] = {}
    texts = {
        "name": (person.name, 200, "Name"),
        "email": (person.email, 254, "Email"),
        "job_title": (person.job_title, 200, "Job title"),
        "manager_name": (person.manager_name, 200, "Manager's name"),
        "manager_email": (person.manager_email, 254, "Manager's email"),
    }
    for field, (value, limit, label) in texts.items():
        if has_control_characters(value):
            problems[field] = f"{label} must not contain control characters."
        elif len(value) > limit:
            problems[field] = f"{label} must be {limit} characters or fewer."
    if "name" not in problems and not person.name.strip():
        problems["name"] = "Enter their name."
    for field, required in (("email", True), ("manager_email", False)):
        if field in problems:
            continue
        value = getattr(person, field).strip()
        if not value:
            if required:
                problems[field] = "Enter their email address."
            continue
        try:
            validate_email(value)
        except ValidationError:
            problems[field] = "Enter an email address in the correct format, like name@example.org."
    if (
        "manager_email" not in problems
        and not person.manager_email.strip()
        and manager_email_needed(session)
    ):
        problems["manager_email"] = (
            "Enter their manager's email address: the manager is asked about the "
            "training's impact three months after a core course."
        )
    if person.agency is not None and (
        person.agency.partnership_id != session.partnership_id or not person.agency.is_active
    ):
        problems["agency"] = "Choose one of the partnership's agencies."
    return problems


def _check_person(person: Person, *, session: TrainingSession) -> Person:
    problems = person_problems(person, session=session)
    if problems:
        raise ValidationError(problems)
    return Person(
        name=" ".join(person.name.split()),
        email=normal_email(person.email),
        agency=person.agency,
        job_title=person.job_title.strip(),
        manager_name=person.manager_name.strip(),
        manager_email=normal_email(person.manager_email),
    )


def _check_session(session: TrainingSession, user: Any) -> TrainingSession:
    """The session, locked for this transaction; ValidationError when it is not one the
    user's partnership runs or it was cancelled."""
    if session.partnership_id != getattr(user, "partnership_id", None):
        raise ValidationError("No such session.")
    locked = (
        TrainingSession.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=session.pk, partnership_id=session.partnership_id)
    )
    if locked.status == SessionStatus.CANCELLED:
        raise ValidationError("The session was cancelled.")
    return locked


def _account_for(session: TrainingSession, email: str) -> User:
    account = User.objects.filter(
        partnership_id=session.partnership_id, email__iexact=email, is_active=True
    ).first()
    if account is None:
        raise ValidationError(
            {"link_account": "Nobody in this partnership has a Lantern account with that email."}
        )
    return account


def _live_booking(session: TrainingSession, email: str) -> Booking | None:
    return (
        Booking.objects.filter(session=session, email__iexact=email)
        .exclude(status=BookingStatus.CANCELLED)
        .first()
    )


def _save(booking: Booking, fields: Sequence[str]) -> None:
    # One save a booking (not a queryset update): the audit trail follows saves. The
    # row is locked (its session is), so the version can be counted here.
    booking.version += 1
    booking.save(update_fields=[*fields, "version"])


# Booking, cancelling and the waiting list -----------------------------------------------


def booking_create(
    *,
    session: TrainingSession,
    user: Any,
    person: Person,
    link_account: bool = False,
    now: datetime.datetime | None = None,
) -> Booking:
    """Books `person` a place, or a place on the waiting list when the session is full
    (the booking's status says which). One live booking per email and session."""
    now = now or timezone.now()
    person = _check_person(person, session=session)
    with transaction.atomic():
        session = _check_session(session, user)
        if session.ends_at <= now:
            raise ValidationError(
                "The session has finished: add anyone who attended on its register."
            )
        if _live_booking(session, person.email) is not None:
            raise ValidationError({"email": "This email address already has a booking."})
        account = _account_for(session, person.email) if link_account else None
        fill_places(session, now=now)
        full = places_left(session) == 0
        booking = Booking(
            partnership_id=session.partnership_id,
            session=session,
            person=account,
            status=BookingStatus.WAITING if full else BookingStatus.BOOKED,
            **_details(person),
        )
        try:
            with transaction.atomic():  # a savepoint: a race lost is a message, not a 500
                booking.save()
        except IntegrityError:
            raise ValidationError({"email": "This email address already has a booking."}) from None
        if booking.status == BookingStatus.BOOKED:
            booking_confirmed_send(booking, session)
    return booking


def _details(person: Person) -> dict[str, Any]:
    return {
        "name": person.name,
        "email": person.email,
        "agency": person.agency,
        "job_title": person.job_title,
        "manager_name": person.manager_name,
        "manager_email": person.manager_email,
    }


def waiting_list(session: TrainingSession) -> QuerySet[Booking]:
    """The waiting list, first come first served."""
    return (
        session_bookings(session).filter(status=BookingStatus.WAITING).order_by("booked_at", "pk")
    )


def waiting_position(booking: Booking) -> int:
    """1 for the first on the waiting list."""
    ids = list(waiting_list(booking.session).values_list("pk", flat=True))
    return ids.index(booking.pk) + 1 if booking.pk in ids else 0


def fill_places(session: TrainingSession, *, now: datetime.datetime) -> list[Booking]:
    """Moves people up from the waiting list, in order, into any free places, and tells
    each by email. Nobody is moved up once the session has started (a place then is no
    use to them). Call with the session locked (a cancellation frees a place; the
    programme's session_update adds places)."""
    if session.status == SessionStatus.CANCELLED or has_started(session, now):
        return []
    free = places_left(session)
    promoted = list(waiting_list(session)[:free]) if free else []
    for booking in promoted:
        booking.status = BookingStatus.BOOKED
        _save(booking, ["status"])
        notify(
            to=[booking.email],
            subject=f"You have a place on {session.course.title}",
            template=PLACE_OFFERED_TEMPLATE,
            context={"booking": booking, "session": session, "course": session.course},
            kind="training_place_offered",
            partnership_id=session.partnership_id,
            calendar_event=session_ref(session.pk),
        )
    return promoted


def booking_cancel(
    *, booking: Booking, user: Any, reason: str, now: datetime.datetime | None = None
) -> list[Booking]:
    """Cancels a booking (or takes someone off the waiting list), with the reason. A place
    freed goes to the first on the waiting list, who is e-mailed. Returns who moved up."""
    now = now or timezone.now()
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": "Enter why the booking is cancelled."})
    if has_control_characters(reason):
        raise ValidationError({"reason": "The reason must not contain control characters."})
    if len(reason) > 500:
        raise ValidationError({"reason": "The reason must be 500 characters or fewer."})
    if booking.partnership_id != getattr(user, "partnership_id", None):
        raise ValidationError("No such booking.")
    with transaction.atomic():
        session = _check_session(booking.session, user)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status == BookingStatus.CANCELLED:
            raise ValidationError("This booking was already cancelled.")
        if booking.status in (BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND):
            raise ValidationError(
                "The register says whether they came: change it there instead of cancelling."
            )
        had_place = booking.status == BookingStatus.BOOKED
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.cancelled_reason = reason
        _save(booking, ["status", "cancelled_at", "cancelled_reason"])
        if had_place and not has_started(session, now):
            booking_cancelled_send(booking, session)
        return fill_places(session, now=now)


# The register -------------------------------------------------------------------------


def register_bookings(session: TrainingSession) -> QuerySet[Booking]:
    """Whose attendance the register asks about: everyone holding a place."""
    return session_bookings(session).filter(status__in=PLACE_STATUSES).order_by("name", "pk")


def _check_register_open(session: TrainingSession, now: datetime.datetime) -> None:
    if not has_started(session, now):
        raise ValidationError(
            f"The register opens when the session starts, "
            f"{timezone.localtime(session.starts_at):%-d %B %Y at %H:%M}."
        )


def _after_register(session: TrainingSession, now: datetime.datetime) -> int:
    session.attendance_recorded_at = now
    # Not a versioned edit: the session's edit form does not show this field.
    session.save(update_fields=["attendance_recorded_at"])
    # Inside the register's transaction: a survey is never sent for a register that
    # was then rolled back, and a failure to record the invitations undoes the register.
    return surveys.after_register(session, today=timezone.localdate(now))


def register_record(
    *,
    session: TrainingSession,
    user: Any,
    marks: dict[int, bool],
    now: datetime.datetime | None = None,
) -> RegisterResult:
    """Records who attended (True) and who did not (False), by booking id, for everyone
    holding a place; then the on-the-day surveys go (lantern.training.surveys)."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _check_session(session, user)
        _check_register_open(session, now)
        bookings = {b.pk: b for b in register_bookings(session).select_for_update(of=("self",))}
        unknown = set(marks) - set(bookings)
        if unknown:
            raise ValidationError("The register lists someone who is not booked on this session.")
        missing = [b for pk, b in bookings.items() if pk not in marks]
        if missing:
            raise ValidationError(
                {f"booking_{b.pk}": f"Select whether {b.name} attended." for b in missing}
            )
        counts = {True: 0, False: 0}
        for pk, came in marks.items():
            booking = bookings[pk]
            counts[came] += 1
            status = BookingStatus.ATTENDED if came else BookingStatus.DID_NOT_ATTEND
            if booking.status != status:
                booking.status = status
                _save(booking, ["status"])
        sent = _after_register(session, now)
    return RegisterResult(counts[True], counts[False], 0, sent)


def walk_in_add(
    *,
    session: TrainingSession,
    user: Any,
    person: Person,
    now: datetime.datetime | None = None,
) -> Booking:
    """Someone who attended without a booking. Someone on the waiting list who came is
    marked as attended on their own booking. Once the register has been taken, the
    on-the-day survey goes to them too."""
    now = now or timezone.now()
    person = _check_person(person, session=session)
    with transaction.atomic():
        session = _check_session(session, user)
        _check_register_open(session, now)
        booking = _live_booking(session, person.email)
        if booking is not None and booking.status != BookingStatus.WAITING:
            raise ValidationError(
                {"email": f"{booking.name} is already on the register with this email address."}
            )
        if booking is None:
            booking = Booking(
                partnership_id=session.partnership_id,
                session=session,
                status=BookingStatus.ATTENDED,
                **_details(person),
            )
            booking.save()
        else:
            booking.status = BookingStatus.ATTENDED
            _save(booking, ["status"])
        if session.attendance_recorded_at is not None:
            _after_register(session, now)
    return booking


@dataclass(frozen=True)
class RegisterLine:
    """One checked row of an imported register."""

    row_number: int
    person: Person
    attended: bool


def register_import_apply(
    *,
    session: TrainingSession,
    user: Any,
    lines: Iterable[RegisterLine],
    now: datetime.datetime | None = None,
) -> RegisterResult:
    """Writes an imported register whose rows were all checked (lantern.training.
    register_import): a row whose email has a booking updates it (the details given
    replace the booking's, blank ones keep them); any other row adds a walk-in. Rows
    saying "no" for someone never booked are refused before this (nothing to record), and
    so is a file that leaves out someone still booked. The counts are of what is written:
    a "no" for someone on the waiting list writes nothing and is not counted."""
    now = now or timezone.now()
    lines = list(lines)
    with transaction.atomic():
        session = _check_session(session, user)
        _check_register_open(session, now)
        live = {
            b.email.lower(): b
            for b in session_bookings(session)
            .exclude(status=BookingStatus.CANCELLED)
            .select_for_update(of=("self",))
        }
        listed = {line.person.email for line in lines}
        # Someone booked but left out of the file would stay "Booked" on a register marked
        # as taken (and the register would leave My work): every place must be answered.
        unanswered = sorted(
            (
                b
                for email, b in live.items()
                if b.status == BookingStatus.BOOKED and email not in listed
            ),
            key=lambda b: (b.name, b.pk),
        )
        if unanswered:
            raise ValidationError([missing_from_register(b) for b in unanswered])
        counts = {True: 0, False: 0}
        added = 0
        for line in lines:
            booking = live.get(line.person.email)
            if booking is None and not line.attended:
                raise ValidationError(
                    f"Row {line.row_number}: {line.person.name} is not booked on this session, "
                    "so there is nothing to record for someone who did not attend."
                )
            if booking is None:
                counts[True] += 1
                Booking(
                    partnership_id=session.partnership_id,
                    session=session,
                    status=BookingStatus.ATTENDED,
                    **_details(line.person),
                ).save()
                added += 1
                continue
            if booking.status == BookingStatus.WAITING and not line.attended:
                continue  # never had a place: nothing written, so not counted
            counts[line.attended] += 1
            changed = _merge(booking, line.person)
            status = BookingStatus.ATTENDED if line.attended else BookingStatus.DID_NOT_ATTEND
            if booking.status != status:
                booking.status = status
                changed.append("status")
            if changed:
                _save(booking, changed)
        sent = _after_register(session, now)
    return RegisterResult(counts[True], counts[False], added, sent)


def missing_from_register(booking: Booking) -> str:
    """The message for someone booked whom an imported register leaves out."""
    return f"{booking.name} is booked but not in the register: add them with yes or no"


def _merge(booking: Booking, person: Person) -> list[str]:
    """The booking's details as the register gives them; a blank cell keeps what the
    booking had."""
    changed = []
    for field, value in _details(person).items():
        if field == "email" or value in ("", None):
            continue
        if getattr(booking, field) != value:
            setattr(booking, field, value)
            changed.append(field)
    return changed
