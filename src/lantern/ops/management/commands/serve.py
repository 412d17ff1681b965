"""`lantern serve [gunicorn options]`: Lantern's web server for production (gunicorn, with
lantern/ops/gunicorn_conf.py). Options after `--` go to gunicorn, e.g.
`lantern serve -- --bind 127.0.0.1:8001`."""

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serves Lantern with gunicorn (production). Options after -- go to gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("gunicorn_args", nargs="*", help="Passed to gunicorn.")

    def handle(self, *args: Any, **options: Any) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:lantern.ops.gunicorn_conf",
            *options["gunicorn_args"],
        ]
        sys.stdout.flush()
        # gunicorn takes over this process: signals from a supervisor reach it directly.
        os.execv(sys.executable, command)  # noqa: S606
