"""`lantern send-step-reminders [--send] [--today YYYY-MM-DD]`: remind whoever runs each
case of its steps due soon or overdue. A dry run by default; run it daily with --send
(a step is reminded once before its due date, then on the first day overdue and weekly)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lantern.clock.reminders import BEFORE_DAYS, step_reminders_send


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "E-mails the people who run each case about its steps due soon or overdue. "
        "Prints what it would send unless --send is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--send", action="store_true", help="Send them (default: dry run).")
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--before-days",
            type=int,
            default=BEFORE_DAYS,
            help=f"How many days before the due date to remind (default {BEFORE_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["today"]) if options["today"] else timezone.localdate()
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
