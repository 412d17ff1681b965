"""`lantern send-training-surveys [--send] [--today YYYY-MM-DD]`: the day's training survey
e-mails (three months after core courses, managers', reminders). A dry run by default;
the worker's daily reminders send them anyway (daily_reminders_run), and running this
as well sends nothing twice."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantern.notifications.reminder_command import add_reminder_arguments, reminder_today
from lantern.training.surveys import links_possible, surveys_send


class Command(BaseCommand):
    help = "Sends the day's training surveys and reminders (a dry run unless --send)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_reminder_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = reminder_today(options)
        if not links_possible():
            self.stderr.write(
                "No training survey can be sent until LANTERN_BASE_URL says where Lantern "
                "is (its links are the practitioners' only way in): docs/configuration.md."
            )
        dry_run = not options["send"]
        sent = surveys_send(today=today, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        for item in sent:
            what = "a reminder of the" if item.reminder else "the"
            # The booking's number, not the person's address: the output ends up in logs.
            self.stdout.write(f"{verb} {what} {item.stage} survey of booking {item.booking_id}")
        summary = f"{today:%Y-%m-%d}: {len(sent)} survey e-mail{'s' if len(sent) != 1 else ''}"
        summary += ". Dry run: nothing was sent (use --send to send)." if dry_run else " sent."
        self.stdout.write(summary)
