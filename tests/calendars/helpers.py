"""Reading calendar files back as a calendar app would: with icalendar's parser."""

from email.mime.base import MIMEBase

from icalendar import Calendar


def invites(message) -> list[MIMEBase]:
    """The text/calendar parts attached to an e-mail."""
    return [
        part
        for part in message.attachments
        if isinstance(part, MIMEBase) and part.get_content_type() == "text/calendar"
    ]


def parsed(ics: bytes | MIMEBase) -> Calendar:
    if isinstance(ics, MIMEBase):
        ics = ics.get_payload(decode=True)
    return Calendar.from_ical(ics)


def the_event(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def invite_of(message) -> Calendar:
    (part,) = invites(message)
    return parsed(part)
