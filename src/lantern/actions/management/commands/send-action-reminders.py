"""`lantern send-action-reminders [--send] [--today YYYY-MM-DD]`: e-mail owners of overdue
actions. A dry run by default; run it daily with --send (it e-mails each owner on the
first day overdue and then weekly, so a daily run never repeats itself)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantern.actions.reminders import overdue_notices_send
from lantern.notifications.reminder_command import add_reminder_arguments, reminder_today


class Command(BaseCommand):
    help = "E-mails the owners of overdue actions. Prints what it would send unless --send."

    def add_arguments(self, parser: CommandParser) -> None:
        add_reminder_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = reminder_today(options)
        dry_run = not options["send"]
        actions = overdue_notices_send(today=today, dry_run=dry_run)
        verb = "Would e-mail" if dry_run else "E-mailed"
        for action in actions:
            self.stdout.write(
                f"{verb} {action.owner.email}: {action} (due {action.due:%Y-%m-%d}, "
                f"{action.lead_agency})"
            )
        summary = (
            f"{today:%Y-%m-%d}: {len(actions)} overdue action{'s' if len(actions) != 1 else ''}"
        )
        summary += ". Dry run: nothing was sent (use --send to send)." if dry_run else " e-mailed."
        self.stdout.write(summary)
