"""`lantern worker`: runs background tasks (e-mail, the daily reminders) until stopped.

It first makes sure the day's reminders are queued (they queue the next day's
themselves), then runs django-tasks' database worker, or RQ's with LANTERN_TASKS=rq.
Run one or more; each task runs once whichever worker takes it.
"""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.notifications.tasks import daily_reminders_ensure


class Command(BaseCommand):
    help = "Runs Lantern's background tasks: e-mails and the daily reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between looks at an empty database queue (default 1).",
        )
        parser.add_argument("--batch", action="store_true", help="Run what is waiting, then stop.")
        parser.add_argument(
            "--no-reminders",
            action="store_true",
            help="Do not queue the daily reminders (another worker does).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django_tasks import task_backends

        kind = type(task_backends["default"]).__name__
        if kind not in {"DatabaseBackend", "RQBackend"}:
            raise CommandError(
                "LANTERN_TASKS=immediate runs every task in the process that queues it: "
                "there is nothing for a worker to do. Set LANTERN_TASKS=database (or rq)."
            )
        if not options["no_reminders"]:
            day = daily_reminders_ensure()
            self.stdout.write(f"Daily reminders queued from {day}.")
        if kind == "RQBackend":
            rq_args = ["default", "--with-scheduler", "--job-class", "django_tasks_rq.Job"]
            if options["batch"]:
                rq_args.append("--burst")
            call_command("rqworker", *rq_args)
            return
        worker_args = ["--interval", str(options["interval"]), "--no-reload"]
        if options["batch"]:
            worker_args.append("--batch")
        call_command("db_worker", *worker_args, verbosity=options["verbosity"])
