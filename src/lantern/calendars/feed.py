"""What a person's calendar feed lists: the meetings they are invited to, the training
sessions they are booked on and the due dates of their work. Reads only."""

import datetime
from typing import Any

from django.db.models import Q

from lantern.meetings.models import Meeting
from lantern.training.models import Booking, BookingStatus
from lantern.work.selectors import work_for

from .events import Occasion, due_occasion, meeting_occasion, session_occasion

#: How far back the feed goes: recent meetings stay in the calendar, older ones drop out.
LOOK_BACK = datetime.timedelta(days=90)


def feed_occasions(person: Any, *, today: datetime.date) -> list[Occasion]:
    """Everything in the person's feed, soonest first."""
    since = today - LOOK_BACK
    meetings = (
        Meeting.objects.filter(
            attendance__person=person,
            case__partnership_id=person.partnership_id,
            date__gte=since,
        )
        .select_related("case")
        .distinct()
    )
    bookings = (
        Booking.objects.filter(
            Q(person=person) | Q(email__iexact=person.email),
            partnership_id=person.partnership_id,
            status__in=[BookingStatus.BOOKED, BookingStatus.ATTENDED],
            session__starts_at__date__gte=since,
        )
        .select_related("session__course")
        .order_by("session__starts_at", "pk")
    )
    occasions = [meeting_occasion(m) for m in meetings]
    occasions += [session_occasion(b.session) for b in bookings]
    occasions += [
        o for item in work_for(person, today=today) if (o := due_occasion(item, person.pk))
    ]
    return sorted(occasions, key=_start_key)


def _start_key(occasion: Occasion) -> str:
    start = occasion.start
    if isinstance(start, datetime.datetime):
        return start.astimezone(datetime.UTC).isoformat()
    return start.isoformat()
