"""`lantern send-reminders [--send] [--today YYYY-MM-DD]`: remind agencies of their returns.

A dry run by default: it prints what it would send. Run it daily with --send (cron or a
systemd timer); running it twice in a day reminds nobody twice.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.agencyrequests.models import ReminderKind
from lantern.agencyrequests.reminders import reminders_send
from lantern.notifications.reminder_command import add_reminder_arguments, reminder_today


class Command(BaseCommand):
    help = (
        "E-mails reminders about requests to agencies: once shortly before the due date and "
        "daily while overdue (overdue ones to the case lead too). Prints what it would send "
        "unless --send is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_reminder_arguments(parser)
        parser.add_argument(
            "--before-days",
            type=int,
            default=2,
            help="How many days before the due date to remind (default 2).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = reminder_today(options)
        if options["before_days"] < 1:
            raise CommandError("--before-days must be 1 or more.")
        dry_run = not options["send"]
        plans = reminders_send(today=today, before_days=options["before_days"], dry_run=dry_run)
        verb = "Would remind" if dry_run else "Reminded"
        for plan in plans:
            label = "Overdue" if plan.kind == ReminderKind.AFTER else "Due soon"
            prefix = f"{verb} ({label})" if plan.recipients else f"Cannot remind ({label})"
            self.stdout.write(f"{prefix}: {plan.describe()}")
        sendable = [p for p in plans if p.recipients]
        people = sum(len(p.recipients) for p in sendable)
        summary = (
            f"{today:%Y-%m-%d}: {len(sendable)} reminder{'s' if len(sendable) != 1 else ''} "
            f"to {people} {'person' if people == 1 else 'people'}"
        )
        nobody = len(plans) - len(sendable)
        if nobody:
            summary += f"; {nobody} request{'s' if nobody != 1 else ''} with nobody to remind"
        if dry_run:
            summary += ". Dry run: nothing was sent (use --send to send)."
        else:
            summary += "."
        self.stdout.write(summary)
