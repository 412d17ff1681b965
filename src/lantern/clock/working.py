"""Whether a date a person chose can be a due date or a planned date: a working day.

Every due date in the framework is counted in working days, so a request due, or an
audit presented, on a Saturday or a bank holiday is a mistake. The one check, with the
one message that names the next working day, lives here; the services that take a due
or planned date (agencyrequests.requests_send, the audits' dates) call it, so no form
has a rule of its own.
"""

import datetime

from .engine import ENGLAND, WorkingCalendar
from .engine.scheduling import long_date
from .selectors import working_calendar


def working_day_problem(day: datetime.date, calendar: WorkingCalendar = ENGLAND) -> str:
    """Why `day` cannot be a due or planned date, naming the next working day; "" if it can.

    "19 December 2026 is a Saturday: choose a working day, such as Monday 21 December 2026."
    """
    why = calendar.why_not_working(day)
    if not why:
        return ""
    if not why.startswith("a "):
        why = f"a {why}"  # "Saturday" -> "a Saturday"
    after = calendar.next_working_day(day)
    return (
        f"{long_date(day)} is {why}: choose a working day, such as {after:%A} {long_date(after)}."
    )


def partnership_working_day_problem(partnership_id: int, day: datetime.date) -> str:
    """`working_day_problem` on the partnership's calendar: its closure days count too."""
    return working_day_problem(day, working_calendar(partnership_id))
