"""`lantern send-step-reminders [--send] [--today YYYY-MM-DD]`: remind whoever runs each
case of its steps due soon or overdue. A dry run by default; run it daily with --send
(a step is reminded once before its due date, then on the first day overdue and weekly)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.clock.reminders import BEFORE_DAYS, step_reminders_send
from lantern.notifications.reminder_command import add_reminder_arguments, reminder_today


class Command(BaseCommand):
    help = (
        "E-mails the people who run each case about its steps due soon or overdue. "
        "Prints what it would send unless --send is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_reminder_arguments(parser)
        parser.add_argument(
            "--before-days",
            type=int,
            default=BEFORE_DAYS,
            help=f"How many days before the due date to remind (default {BEFORE_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = reminder_today(options)
        if options["before_days"] < 1:
            raise CommandError("--before-days must be 1 or more.")
        dry_run = not options["send"]
        plans = step_reminders_send(
            today=today, before_days=options["before_days"], dry_run=dry_run
        )
        verb = "Would remind" if dry_run else "Reminded"
        for plan in plans:
            label = "Overdue" if plan.overdue else "Due soon"
            if plan.recipients:
                names = ", ".join(p.email for p in plan.recipients)
                self.stdout.write(f"{verb} ({label}) {names}: {plan.describe()}")
            else:
                self.stdout.write(f"Nobody to remind ({label}): {plan.describe()}")
        count = sum(1 for p in plans if p.recipients)
        summary = f"{today:%Y-%m-%d}: {count} step reminder{'s' if count != 1 else ''}"
        summary += ". Dry run: nothing was sent (use --send to send)." if dry_run else " sent."
        self.stdout.write(summary)
