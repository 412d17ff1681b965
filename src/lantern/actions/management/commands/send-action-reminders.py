"""`lantern send-action-reminders [--send] [--today YYYY-MM-DD]`: e-mail owners of overdue
actions. A dry run by default; run it daily with --send (it e-mails each owner on the
first day overdue and then weekly, so a daily run never repeats itself)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lantern.actions.reminders import overdue_notices_send


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = "E-mails the owners of overdue actions. Prints what it would send unless --send."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--send", action="store_true", help="Send them (default: dry run).")
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["today"]) if options["today"] else timezone.localdate()
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
