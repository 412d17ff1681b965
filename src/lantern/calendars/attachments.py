"""The calendar file that goes with an e-mail, made when the e-mail is sent.

A Notification records which event it carries (`calendar_event`, e.g. "meeting:12") and
whether it invites or cancels (`calendar_method`); the file itself is built as the
message leaves (lantern.notifications.tasks), from the meeting as it is then, so a
message sent late or retried never carries a time that has since changed. Nothing of
the file is stored but the event's SEQUENCE.
"""

from email.mime.base import MIMEBase
from email.mime.text import MIMEText

from .events import CANCEL, REQUEST, Occasion, calendar_ics, meeting_occasion, session_occasion
from .services import event_revise

MEETING, TRAINING_SESSION = "meeting", "training-session"


def meeting_ref(meeting_id: int) -> str:
    return f"{MEETING}:{meeting_id}"


def session_ref(session_id: int) -> str:
    return f"{TRAINING_SESSION}:{session_id}"


def _occasion(ref: str) -> Occasion | None:
    from lantern.meetings.models import Meeting
    from lantern.training.models import TrainingSession

    kind, _colon, pk = ref.partition(":")
    if not pk.isdigit():
        return None
    if kind == MEETING:
        meeting = Meeting.objects.select_related("case").filter(pk=int(pk)).first()
        return meeting_occasion(meeting) if meeting else None
    if kind == TRAINING_SESSION:
        session = TrainingSession.objects.select_related("course").filter(pk=int(pk)).first()
        return session_occasion(session) if session else None
    return None


def attachment_for(ref: str, method: str, to_email: str) -> MIMEBase | None:
    """The `invite.ics` part for one recipient, or None when the event is gone. An
    invitation to an event cancelled since it was queued goes as a cancellation."""
    occasion = _occasion(ref)
    if occasion is None:
        return None
    if occasion.cancelled:
        method = CANCEL
    method = CANCEL if method == CANCEL else REQUEST
    occasion = event_revise(occasion)
    ics = calendar_ics([occasion], method=method, attendee=to_email)
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part
