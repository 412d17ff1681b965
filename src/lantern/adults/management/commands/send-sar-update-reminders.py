"""`lantern send-sar-update-reminders [--send] [--today YYYY-MM-DD]`: a dry run by default.

Run it daily with --send beside `lantern send-reminders`; nobody is reminded twice for
the same update."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lantern.adults.reminders import update_reminders_send


class Command(BaseCommand):
    help = "E-mails the team of each delayed SAR whose adult or advocate is due an update."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--send", action="store_true", help="Send them (default: dry run).")
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = (
                datetime.date.fromisoformat(options["today"])
                if options["today"]
                else timezone.localdate()
            )
        except ValueError:
            raise CommandError("--today must be a date as YYYY-MM-DD.") from None
        plans = update_reminders_send(today=today, dry_run=not options["send"])
        verb = "Reminded" if options["send"] else "Would remind"
        for plan in plans:
            self.stdout.write(f"{verb}: {plan.describe()}")
        self.stdout.write(
            f"{today:%Y-%m-%d}: {len(plans)} SAR{'s' if len(plans) != 1 else ''} due an update"
        )
