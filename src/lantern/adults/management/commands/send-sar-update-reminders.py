"""`lantern send-sar-update-reminders [--send] [--today YYYY-MM-DD]`: a dry run by default.

Run it daily with --send beside `lantern send-reminders`; nobody is reminded twice for
the same update."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantern.adults.reminders import update_reminders_send
from lantern.notifications.reminder_command import add_reminder_arguments, reminder_today


class Command(BaseCommand):
    help = "E-mails the team of each delayed SAR whose adult or advocate is due an update."

    def add_arguments(self, parser: CommandParser) -> None:
        add_reminder_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = reminder_today(options)
        plans = update_reminders_send(today=today, dry_run=not options["send"])
        verb = "Reminded" if options["send"] else "Would remind"
        for plan in plans:
            self.stdout.write(f"{verb}: {plan.describe()}")
        self.stdout.write(
            f"{today:%Y-%m-%d}: {len(plans)} SAR{'s' if len(plans) != 1 else ''} due an update"
        )
