"""Where a step stands on a given day."""

from datetime import date
from enum import StrEnum

from .workdays import ENGLAND, WorkingCalendar

DUE_SOON_DAYS = 3


class Status(StrEnum):
    UPCOMING = "upcoming"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done-on-time"
    DONE_LATE = "done-late"
    PAUSED = "paused"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def tag_class(self) -> str:
        """The GOV.UK Frontend tag colour."""
        return _TAGS[self]

    @property
    def is_done(self) -> bool:
        return self in (Status.DONE_ON_TIME, Status.DONE_LATE)


_LABELS = {
    Status.UPCOMING: "Upcoming",
    Status.DUE_SOON: "Due soon",
    Status.OVERDUE: "Overdue",
    Status.DONE_ON_TIME: "Done on time",
    Status.DONE_LATE: "Done late",
    Status.PAUSED: "Paused",
}
_TAGS = {
    Status.UPCOMING: "govuk-tag--grey",
    Status.DUE_SOON: "govuk-tag--yellow",
    Status.OVERDUE: "govuk-tag--red",
    Status.DONE_ON_TIME: "govuk-tag--green",
    Status.DONE_LATE: "govuk-tag--orange",
    Status.PAUSED: "govuk-tag--purple",
}


def step_status(
    *,
    due: date,
    today: date,
    done_on: date | None = None,
    paused: bool = False,
    due_soon_days: int = DUE_SOON_DAYS,
    calendar: WorkingCalendar = ENGLAND,
) -> Status:
    """Done on or before the due date is on time; a due date today is due soon, not overdue.

    Due soon: due within the next `due_soon_days` working days (0: only on the day).
    A paused step's clock has stopped, so it is neither due soon nor overdue.
    """
    if done_on is not None:
        return Status.DONE_ON_TIME if done_on <= due else Status.DONE_LATE
    if paused:
        return Status.PAUSED
    if due < today:
        return Status.OVERDUE
    if due <= calendar.add_working_days(today, due_soon_days):
        return Status.DUE_SOON
    return Status.UPCOMING
