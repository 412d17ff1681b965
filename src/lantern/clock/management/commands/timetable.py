"""`lantern timetable PATHWAY --start YYYY-MM-DD [--json] [--partnership SLUG]`.

Prints each step's dates for a clock starting on that date (a referral received, a
decision), assuming every step happens on its due date. Business managers plan with
it; it is also how the rules are checked from outside. Changes nothing.
"""

import datetime
import json
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.clock.engine import TIMETABLES, Planned
from lantern.clock.selectors import timetable_preview
from lantern.partnerships.models import Partnership

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _as_json(pathway: str, start: datetime.date, planned: list[Planned]) -> str:
    steps = []
    for plan in planned:
        step: dict[str, str] = {"id": plan.id, "title": plan.title, "due": plan.due.isoformat()}
        if plan.earliest is not None:
            step["earliest"] = plan.earliest.isoformat()
        steps.append(step)
    return json.dumps({"pathway": pathway, "start": start.isoformat(), "steps": steps}, indent=2)


def _as_table(planned: list[Planned]) -> str:
    rows = [("STEP", "EARLIEST", "DUE", "", "TITLE")]
    rows += [
        (
            p.id,
            p.earliest.isoformat() if p.earliest else "-",
            p.due.isoformat(),
            "statutory" if p.step.statutory else "",
            p.title,
        )
        for p in planned
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows
    )


class Command(BaseCommand):
    help = (
        "Prints a pathway's timetable for a clock starting on --start, each step assuming "
        "the steps before it happen on their due dates. With --partnership, that "
        "partnership's local timescales, closure days and anchor apply."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pathway", help=f"One of: {', '.join(TIMETABLES)}.")
        parser.add_argument("--start", required=True, help="The start date, as YYYY-MM-DD.")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
        parser.add_argument("--partnership", metavar="SLUG", help="Apply this partnership's.")
        parser.add_argument(
            "--condition",
            action="append",
            default=[],
            metavar="NAME",
            help="Include the steps that apply only then, e.g. looked-after.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pathway = options["pathway"]
        timetable = TIMETABLES.get(pathway)
        if timetable is None:
            raise CommandError(
                f"There is no timetable for {pathway!r}. Choose one of: {', '.join(TIMETABLES)}."
            )
        try:
            if not ISO_DATE.fullmatch(options["start"]):
                raise ValueError
            start = datetime.date.fromisoformat(options["start"])
        except ValueError:
            raise CommandError(
                f"--start {options['start']!r} is not a date: give it as YYYY-MM-DD, "
                "e.g. 2026-12-21."
            ) from None
        known = {key for key, _ in timetable.conditions}
        unknown = set(options["condition"]) - known
        if unknown:
            raise CommandError(
                f"{pathway} has no condition {', '.join(sorted(unknown))}. "
                f"Known: {', '.join(sorted(known)) or 'none'}."
            )
        partnership_id = None
        if options["partnership"]:
            partnership = Partnership.objects.filter(slug=options["partnership"]).first()
            if partnership is None:
                raise CommandError(f"There is no partnership {options['partnership']!r}.")
            partnership_id = partnership.pk
        planned = timetable_preview(
            pathway=pathway,
            start=start,
            partnership_id=partnership_id,
            conditions=options["condition"],
        )
        self.stdout.write(
            _as_json(pathway, start, planned) if options["json"] else _as_table(planned)
        )
