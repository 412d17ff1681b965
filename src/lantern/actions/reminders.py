"""Overdue actions e-mail their owners: on the first day overdue, then once a week while
they stay overdue (a daily e-mail about the same action would soon be ignored)."""

import datetime

from django.db import transaction

from lantern.notifications.services import notify

from .models import Action
from .selectors import overdue_actions
from .services import action_link

REMIND_EVERY_DAYS = 7


def overdue_to_remind(*, today: datetime.date) -> list[Action]:
    due_again = today - datetime.timedelta(days=REMIND_EVERY_DAYS)
    return [
        action
        for action in overdue_actions(today)
        if action.overdue_notice_on is None or action.overdue_notice_on <= due_again
    ]


def overdue_notices_send(*, today: datetime.date, dry_run: bool = True) -> list[Action]:
    """The overdue actions whose owners are (or, in a dry run, would be) e-mailed today."""
    actions = overdue_to_remind(today=today)
    if dry_run:
        return actions
    for action in actions:
        with transaction.atomic():
            notify(
                to=[action.owner],
                subject=(
                    f"Overdue: action {action.recommendation.label}.{action.number} "
                    f"was due on {action.due:%d %B %Y}"
                ),
                template="actions/email/overdue.txt",
                context={
                    "action": action,
                    "days": (today - action.due).days,
                    "link": action_link(action),
                },
                kind="action_overdue",
                case=action.recommendation.case,
            )
            action.overdue_notice_on = today
            action.save(update_fields=["overdue_notice_on"])
    return actions
