"""The e-mails that put a training session in an attendee's calendar, or take it out.

Each carries invite.ics (lantern.calendars), made as the message is sent, with the
session's one UID: booking a place (or being given one from the waiting list) adds it,
a change of time or place updates it, and a cancelled booking or session removes it.
One message each, naming only its reader, as every training e-mail does.
"""

from collections.abc import Iterable

from lantern.calendars.attachments import session_ref
from lantern.calendars.events import CANCEL, REQUEST
from lantern.notifications.services import notify

from .models import Booking, TrainingSession

BOOKED_TEMPLATE = "training/email/booking_confirmed.txt"
CHANGED_TEMPLATE = "training/email/session_changed.txt"
BOOKING_CANCELLED_TEMPLATE = "training/email/booking_cancelled.txt"


def _send(
    booking: Booking,
    session: TrainingSession,
    *,
    subject: str,
    template: str,
    kind: str,
    method: str,
) -> None:
    notify(
        to=[booking.email],
        subject=subject,
        template=template,
        context={"booking": booking, "session": session, "course": session.course},
        kind=kind,
        partnership_id=session.partnership_id,
        calendar_event=session_ref(session.pk),
        calendar_method=method,
    )


def booking_confirmed_send(booking: Booking, session: TrainingSession) -> None:
    """A place booked (not one on the waiting list: that gets its e-mail when a place
    is offered)."""
    _send(
        booking,
        session,
        subject=f"Your place on {session.course.title}",
        template=BOOKED_TEMPLATE,
        kind="training_booked",
        method=REQUEST,
    )


def session_changed_send(session: TrainingSession, bookings: Iterable[Booking]) -> None:
    """The session's time or place changed: everyone with a place is told."""
    for booking in bookings:
        _send(
            booking,
            session,
            subject=f"Changed: {session.course.title}",
            template=CHANGED_TEMPLATE,
            kind="training_session_changed",
            method=REQUEST,
        )


def booking_cancelled_send(booking: Booking, session: TrainingSession) -> None:
    """A place cancelled: the session leaves their calendar."""
    _send(
        booking,
        session,
        subject=f"Booking cancelled: {session.course.title}",
        template=BOOKING_CANCELLED_TEMPLATE,
        kind="training_booking_cancelled",
        method=CANCEL,
    )
