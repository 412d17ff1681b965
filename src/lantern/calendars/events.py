"""Calendar events (RFC 5545) for meetings, training sessions and due dates.

An `Occasion` is what goes in a calendar, already stripped to what may leave Lantern: a
stable UID, the case reference and the step or kind of meeting, the times in
Europe/London. Never a subject's name, a meeting's title, its minutes or any other
free text from a case: calendars are synced to phones and shared with assistants.

`calendar_ics` writes occasions as an iCalendar file: METHOD:REQUEST for an invitation
or an update, METHOD:CANCEL (and STATUS:CANCELLED) for a cancellation, PUBLISH for the
subscribed feed. Times carry TZID=Europe/London with its VTIMEZONE, so a 10:00 meeting
stays at 10:00 on either side of a clock change.
"""

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress

LONDON = ZoneInfo("Europe/London")
#: A meeting records its start only; calendars are given this length.
MEETING_LENGTH = datetime.timedelta(hours=2)

REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"

When = datetime.datetime | datetime.date


@dataclass(frozen=True)
class Occasion:
    uid: str
    summary: str
    start: When  # a datetime in Europe/London, or a date for an all-day event
    end: When
    cancelled: bool = False
    location: str = ""
    url: str = ""
    sequence: int = 0

    @property
    def fingerprint(self) -> str:
        """What an update changes: when it is, where, and whether it is off."""
        return f"{self.start.isoformat()}|{self.end.isoformat()}|{self.location}|{self.cancelled}"


def host() -> str:
    """The domain part of every UID: Lantern's own address, so UIDs are unique to it."""
    base = getattr(settings, "LANTERN_BASE_URL", "") or ""
    return urlsplit(base).hostname or "lantern.invalid"


def _link(path: str) -> str:
    base = getattr(settings, "LANTERN_BASE_URL", "") or ""
    return f"{base.rstrip('/')}{path}" if base else ""


def meeting_uid(meeting_id: int) -> str:
    return f"meeting-{meeting_id}@{host()}"


def session_uid(session_id: int) -> str:
    return f"training-session-{session_id}@{host()}"


def meeting_occasion(meeting: Any) -> Occasion:
    """A case's meeting (rapid review meeting, SAR Panel, learning event …): the case
    reference and the kind of meeting, nothing else from the case. A meeting without a
    time is an all-day event. Not held means cancelled."""
    from django.urls import reverse

    start: When
    end: When
    if meeting.time is None:
        start, end = meeting.date, meeting.date + datetime.timedelta(days=1)
    else:
        start = datetime.datetime.combine(meeting.date, meeting.time, tzinfo=LONDON)
        end = start + MEETING_LENGTH
    path = reverse(
        "meetings:detail", kwargs={"reference": meeting.case.reference, "meeting_id": meeting.pk}
    )
    return Occasion(
        uid=meeting_uid(meeting.pk),
        summary=f"{meeting.case.reference}: {meeting.get_kind_display()}",
        start=start,
        end=end,
        cancelled=meeting.not_held,
        url=_link(path),
    )


def session_occasion(session: Any) -> Occasion:
    """A training session: the course and where it is (no case, nobody's details)."""
    return Occasion(
        uid=session_uid(session.pk),
        summary=f"Training: {session.course.title}",
        start=session.starts_at.astimezone(LONDON),
        end=session.ends_at.astimezone(LONDON),
        cancelled=session.status == "cancelled",
        location=session.venue,
    )


#: What a due date says, by the kind of work: never the work item's own title, which
#: may quote a meeting's title, a request's or an action's words. A step's title is the
#: pathway's declared name for it ("Rapid review completed"), so it may be shown.
DUE_LABELS = {
    "request": "Request to your agency due",
    "action": "Action progress due",
    "signoff": "Action to sign off",
    "meeting": "Meeting to record",
    "referral": "Referral returned to you",
    "endorsement": "Decision to endorse",
    "training": "Training task due",
    "finding": "Finding to decide",
}


def due_occasion(item: Any, person_id: int) -> Occasion | None:
    """An all-day event on a work item's due date (None if it has none)."""
    if item.due is None:
        return None
    what = item.title if item.kind == "step" else DUE_LABELS.get(item.kind, "Due")
    summary = f"{item.case_reference}: {what}" if item.case_reference else what
    # Many steps of one case share a page (its URL): the title tells them apart.
    digest = _digest(f"{item.kind}|{item.url}|{item.title}")
    return Occasion(
        uid=f"due-{person_id}-{digest}@{host()}",
        summary=summary,
        start=item.due,
        end=item.due + datetime.timedelta(days=1),
        url=_link(item.url),
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def calendar_ics(
    occasions: Iterable[Occasion],
    *,
    method: str,
    attendee: str = "",
    name: str = "Lantern",
) -> bytes:
    """The iCalendar file. `attendee` (an e-mail address) is the one person an invitation
    is for: an invitation names only its reader, never who else is invited."""
    cal = Calendar()
    cal.add("prodid", "-//Lantern//Calendars//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if method == PUBLISH:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", "Europe/London")
    stamp = datetime.datetime.now(datetime.UTC)
    for occasion in occasions:
        if method == CANCEL:
            occasion = replace(occasion, cancelled=True)
        cal.add_component(_vevent(occasion, method=method, attendee=attendee, stamp=stamp))
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def _vevent(occasion: Occasion, *, method: str, attendee: str, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", occasion.uid)
    event.add("dtstamp", stamp)
    event.add("sequence", occasion.sequence)
    event.add("summary", occasion.summary)
    event.add("dtstart", occasion.start)
    event.add("dtend", occasion.end)
    if occasion.location:
        event.add("location", occasion.location)
    if occasion.url:
        event.add("url", occasion.url)
    event.add("status", "CANCELLED" if occasion.cancelled else "CONFIRMED")
    # A due date or an all-day meeting does not mark the whole day as busy.
    timed = isinstance(occasion.start, datetime.datetime)
    event.add("transp", "OPAQUE" if timed else "TRANSPARENT")
    if method in (REQUEST, CANCEL):
        # "Lantern <lantern@example.org>" as a From line; an ORGANIZER is the bare address.
        organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
        organizer.params["cn"] = "Lantern"
        event.add("organizer", organizer)
        if attendee:
            guest = vCalAddress(f"mailto:{attendee}")
            guest.params["role"] = "REQ-PARTICIPANT"
            guest.params["rsvp"] = "FALSE"
            event.add("attendee", guest)
    return event
