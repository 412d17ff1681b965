"""`lantern library`: import published and national learning, search the library, list
its themes (issue 14).

    lantern library import FILE --partnership SLUG [--dry-run]
    lantern library search --partnership SLUG [--limit N] [--json] QUERY [QUERY ...]
    lantern library themes --partnership SLUG
    lantern library sync --partnership SLUG

`sync` writes every case's findings, recommendations and audit summaries into the library
(idempotent): new records enter it as they are written, so a deployment runs it once, for
the records it held before the library existed.

The command line is the operator's: its search reads the whole of the partnership's
library, confidential findings and recommendations included (a person's view is the
API's and the pages').
"""

import argparse
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.learning.models import Theme
from lantern.learning.selectors import MAX_LIMIT, library_search
from lantern.learning.services import ImportRefused, library_import
from lantern.partnerships.models import Partnership

#: Bad lines printed before "and N more".
SHOWN_ERRORS = 200


def shown_score(score: float) -> float:
    """Four significant figures: enough to order by, short to read."""
    return float(f"{score:.4g}")


def _limit(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if not 1 <= number <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_LIMIT}")
    return number


class Command(BaseCommand):
    help = "The learning library: import JSON Lines, search, list themes."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(
            dest="subcommand", required=True, metavar="{import,search,themes,sync}"
        )
        imp = commands.add_parser(
            "import",
            help="Import JSON Lines: one object a line with ref, title, kind, url, text and "
            "optional themes and published_on. Every line valid, or nothing is written.",
        )
        imp.add_argument("file", help="The JSON Lines file ('-' reads standard input).")
        imp.add_argument("--partnership", required=True, help="The partnership's slug.")
        imp.add_argument(
            "--dry-run", action="store_true", help="Check the file and count; write nothing."
        )
        find = commands.add_parser("search", help="Ranked results for each query, in order.")
        find.add_argument("queries", nargs="+", metavar="QUERY")
        find.add_argument("--partnership", required=True, help="The partnership's slug.")
        find.add_argument("--limit", type=_limit, default=10, help="Results per query (1-100).")
        find.add_argument("--json", action="store_true", help="One JSON object on one line.")
        themes = commands.add_parser("themes", help="The themes the partnership uses.")
        themes.add_argument("--partnership", required=True, help="The partnership's slug.")
        sync = commands.add_parser(
            "sync", help="Write every case's findings, recommendations and audit summaries."
        )
        sync.add_argument("--partnership", required=True, help="The partnership's slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            known = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(
                f"No partnership has the slug '{options['partnership']}' (known: {known})."
            )
        getattr(self, f"_{options['subcommand']}")(partnership, options)

    def _import(self, partnership: Partnership, options: dict[str, Any]) -> None:
        name = options["file"]
        try:
            stream = sys.stdin.buffer if name == "-" else open(name, "rb")  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}.") from None
        try:
            result = library_import(
                partnership=partnership, lines=stream, dry_run=options["dry_run"]
            )
        except ImportRefused as refused:
            for number, message in refused.errors[:SHOWN_ERRORS]:
                self.stderr.write(f"{name}:{number}: {message}")
            more = len(refused.errors) - SHOWN_ERRORS
            if more > 0:
                self.stderr.write(f"… and {more} more.")
            lines = len({n for n, _ in refused.errors})
            raise CommandError(
                f"Nothing imported: {lines} line(s) of {name} have problems (listed above)."
            ) from None
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{verb} {result.total} item(s) into {partnership.name}'s library: "
            f"{result.created} new, {result.updated} updated, {result.unchanged} unchanged."
        )

    def _search(self, partnership: Partnership, options: dict[str, Any]) -> None:
        answers = []
        for query in options["queries"]:
            hits = library_search(
                partnership=partnership, query=query, confidential=True, limit=options["limit"]
            )
            answers.append((query, hits))
        if options["json"]:
            document = {
                "queries": [
                    {
                        "query": query,
                        "results": [
                            {
                                "ref": h.item.ref,
                                "title": h.item.title,
                                "kind": h.item.kind,
                                "score": shown_score(h.score),
                            }
                            for h in hits
                        ],
                    }
                    for query, hits in answers
                ]
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False))
            return
        for number, (query, hits) in enumerate(answers):
            if number:
                self.stdout.write("")
            self.stdout.write(f"{query}: {len(hits)} result(s)")
            for rank, hit in enumerate(hits, start=1):
                self.stdout.write(
                    f"{rank:>3}. {hit.item.ref}  [{hit.item.kind}]  {hit.item.title}  "
                    f"(score {shown_score(hit.score)})"
                )
                if hit.snippet:
                    self.stdout.write(f"     {' '.join(hit.snippet.split())}")

    def _themes(self, partnership: Partnership, options: dict[str, Any]) -> None:
        for theme in Theme.objects.for_partnership(partnership.pk).active():
            where = "national" if theme.partnership_id is None else "local"
            self.stdout.write(f"{theme.slug:<32} {theme.name}  ({where})")

    def _sync(self, partnership: Partnership, options: dict[str, Any]) -> None:
        from lantern.learning.sources import library_sync_partnership

        written = library_sync_partnership(partnership)
        self.stdout.write(
            f"{partnership.name}'s library holds every case's local learning: "
            f"{written} item(s) written."
        )
