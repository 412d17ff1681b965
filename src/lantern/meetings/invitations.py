"""Invitations to a case's meetings, with the meeting as a calendar file.

The attendance list doubles as the invitation list (models.py): a person added to it
before the meeting is e-mailed an invitation, a person taken off it a cancellation, and
when the meeting moves everyone on it is e-mailed the new date. Each message carries
invite.ics (lantern.calendars), made as it is sent, with the same UID each time, so
calendars update or remove the one event. People without an account are on the list
by name only: there is no address to write to.

The e-mails say what a calendar may: the case reference, the kind of meeting, when and
where, and a link to Lantern. Never the subject's name or the meeting's papers.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from lantern.calendars.attachments import meeting_ref
from lantern.calendars.events import CANCEL, REQUEST
from lantern.notifications.services import lantern_link, notify

from .models import Meeting


def is_upcoming(meeting: Meeting, today: datetime.date | None = None) -> bool:
    """Not yet happened, and nobody has recorded it: worth putting in a calendar."""
    today = today or timezone.localdate()
    return meeting.date >= today and not meeting.held and not meeting.not_held


def _send(meeting: Meeting, to: Iterable[Any], *, why: str, method: str) -> None:
    to = list(to)
    if not to:
        return
    what = meeting.get_kind_display()
    subjects = {
        "invited": f"Invitation: {what}, {meeting.case.reference}",
        "moved": f"Moved: {what}, {meeting.case.reference}",
        "uninvited": f"Cancelled for you: {what}, {meeting.case.reference}",
    }
    path = reverse(
        "meetings:detail", kwargs={"reference": meeting.case.reference, "meeting_id": meeting.pk}
    )
    notify(
        to=to,
        subject=subjects[why],
        template="meetings/email/invitation.txt",
        context={"meeting": meeting, "what": what, "why": why, "link": lantern_link(path)},
        case=meeting.case,
        kind=f"meeting_{why}",
        calendar_event=meeting_ref(meeting.pk),
        calendar_method=method,
    )


def invitations_send(meeting: Meeting, *, before: set[int], after: Iterable[Any]) -> None:
    """After the list changed: invite those added, cancel for those taken off. `before`
    is the ids of the people on it before; `after` the people on it now."""
    if not is_upcoming(meeting):
        return
    now = {person.pk: person for person in after}
    _send(meeting, [now[pk] for pk in now if pk not in before], why="invited", method=REQUEST)
    gone = [pk for pk in before if pk not in now]
    if gone:
        from lantern.accounts.models import User

        _send(meeting, User.objects.filter(pk__in=gone), why="uninvited", method=CANCEL)


def invitees_tell_moved(meeting: Meeting) -> None:
    """The meeting moved: everyone on the list with an account gets the new date and an
    update of the calendar event (a higher SEQUENCE, the same UID)."""
    if not is_upcoming(meeting):
        return
    people = [a.person for a in meeting.attendance.select_related("person") if a.person]
    _send(meeting, people, why="moved", method=REQUEST)
