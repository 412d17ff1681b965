"""`lantern files check [--delete] [--older-than MINUTES]`.

Lists the files in Lantern's storages that no row names (orphans: what a crash while
writing a document could leave) and the rows whose file is missing; a file whose row
committed but which was never moved into place is moved there. With --delete the orphans
are removed. Exits 1 while anything is wrong, so it can run from cron or monitoring.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantern.documents.storage import files_check


class Command(BaseCommand):
    help = "Find files with no row and rows with no file (check), and remove orphans (--delete)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["check"], help="check: find and report")
        parser.add_argument("--delete", action="store_true", help="remove the orphaned files")
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            metavar="MINUTES",
            help="leave files newer than this alone: they may belong to a save in progress "
            "(default 60)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        delete = options["delete"]
        report = files_check(
            delete=delete, older_than=datetime.timedelta(minutes=max(options["older_than"], 0))
        )
        for path in report.completed:
            self.stdout.write(f"moved into place (its row had committed): {path}")
        for path in report.orphans:
            self.stdout.write(f"{'removed' if delete else 'orphan'} (no row names it): {path}")
        for row in report.missing:
            self.stdout.write(f"missing file: {row}")
        if report.young:
            self.stdout.write(f"{len(report.young)} newer file(s) left alone: maybe in flight")
        self.stdout.write(
            f"{len(report.orphans)} orphan(s){' removed' if delete and report.orphans else ''}, "
            f"{len(report.missing)} row(s) with a missing file."
        )
        if report.missing or (report.orphans and not delete):
            raise SystemExit(1)
