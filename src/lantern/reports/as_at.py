"""Where an action stood AS AT a past day, from its dates rather than today's stored status.

An annual report drawn in June says what the action plans looked like on 31 March: an
action completed in May was still open then (overdue, if its due date had passed). The
stored status is today's, so the dates decide:

- verified, if the group signed it off on or before the day (verified_on <= day);
- else complete, if it was completed on or before the day (completed_on <= day);
- else overdue, if its due date was before the day (due on the day is not yet overdue,
  as lantern.actions.models.state_of says);
- else open. Which open status (not started, on track, at risk) it had then is not kept
  on the action, so "open" is all the dates can say.

Only actions that existed on the day count: existed_on(day).

The services keep the dates (lantern.actions.services): action_update sets completed_on
whenever it records "complete" (and clears it when an action is reopened), action_verify
needs a complete action and sets verified_on; nothing else writes the status. So a complete
or verified action always has its date. A row written some other way (by hand) without one
still counts as done from its last save (updated_at): it was done by then at the latest.
What the dates cannot show: an action completed, then reopened, shows open for the days it
was complete (completed_on is cleared on reopening; only the updates' notes keep the story).
"""

import datetime

from django.db import models
from django.db.models import Case as CaseWhen
from django.db.models import Q, Value, When
from django.utils import timezone

from lantern.actions.models import DONE, Action, ActionStatus


class StateAt(models.TextChoices):
    """An action's state as at a day. "open" stands for every open status."""

    OPEN = "open", "Open"
    OVERDUE = ActionStatus.OVERDUE.value, "Overdue"
    COMPLETE = ActionStatus.COMPLETE.value, "Complete"
    VERIFIED = ActionStatus.VERIFIED.value, "Verified"


def day_after(day: datetime.date) -> datetime.datetime:
    """Midnight starting the next day, local time: "on or before the day" for a timestamp,
    compared without a function on the column, so its index can serve."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)) + (
        datetime.timedelta(days=1)
    )


def existed_on(day: datetime.date) -> Q:
    """The actions recorded on or before `day` (local time)."""
    return Q(created_at__lt=day_after(day))


def _undated(status: str | list[str], day: datetime.date) -> Q:
    # Done with no date (never by the services): done by its last save at the latest.
    wanted = status if isinstance(status, list) else [status]
    return Q(status__in=wanted, updated_at__lt=day_after(day))


def verified_by_q(day: datetime.date) -> Q:
    """Verified on or before `day`."""
    return Q(verified_on__lte=day) | (
        Q(verified_on__isnull=True) & _undated(ActionStatus.VERIFIED, day)
    )


def completed_by_q(day: datetime.date) -> Q:
    """Completed on or before `day` (verified or not)."""
    return Q(completed_on__lte=day) | (Q(completed_on__isnull=True) & _undated(list(DONE), day))


def state_at_expression(day: datetime.date) -> CaseWhen:
    """The state as at `day`, worked out by the database (as state_at does): annotate with
    it, then group or filter on it."""
    return CaseWhen(
        When(verified_by_q(day), then=Value(StateAt.VERIFIED.value)),
        When(completed_by_q(day), then=Value(StateAt.COMPLETE.value)),
        When(due__lt=day, then=Value(StateAt.OVERDUE.value)),
        default=Value(StateAt.OPEN.value),
        output_field=models.CharField(),
    )


def state_at(action: Action, day: datetime.date) -> str:
    """The same rule for one action in Python (a page that already holds the row)."""
    after = day_after(day)
    undated_done = action.updated_at is not None and action.updated_at < after
    if action.verified_on is not None:
        if action.verified_on <= day:
            return StateAt.VERIFIED
    elif action.status == ActionStatus.VERIFIED and undated_done:
        return StateAt.VERIFIED
    if action.completed_on is not None:
        if action.completed_on <= day:
            return StateAt.COMPLETE
    elif action.status in DONE and undated_done:
        return StateAt.COMPLETE
    return StateAt.OVERDUE if action.due < day else StateAt.OPEN
