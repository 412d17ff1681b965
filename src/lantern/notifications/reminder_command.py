"""What every reminder command shares: a dry run unless --send is given, and --today to
act as if it were another day (to check what a date would send, or to catch up)."""

import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone


def add_reminder_arguments(parser: CommandParser) -> None:
    parser.add_argument("--send", action="store_true", help="Send them (default: dry run).")
    parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")


def reminder_today(options: dict[str, Any]) -> datetime.date:
    if not options.get("today"):
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(options["today"])
    except ValueError:
        raise CommandError(
            f"--today must be a date as YYYY-MM-DD, not {options['today']!r}."
        ) from None
