import re
from pathlib import Path

from django.core.management.base import BaseCommand

from lantern.access.policy import permission_table

START = "fails if they differ from the policy. -->\n"
END = '\n"403" in the second table'


class Command(BaseCommand):
    help = "Prints the permission tables, or with --write puts them into docs/permissions.md."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--write", metavar="PATH", help="the permissions.md to update")

    def handle(self, *args, write: str | None = None, **options) -> None:
        table = permission_table()
        if not write:
            self.stdout.write(table)
            return
        path = Path(write)
        text = path.read_text(encoding="utf-8")
        pattern = re.escape(START) + r".*?(?=" + re.escape(END) + ")"
        updated, count = re.subn(pattern, lambda _: START + table, text, flags=re.S)
        if count != 1:
            self.stderr.write(f"{path} has no table between the markers; nothing changed.")
            return
        path.write_text(updated, encoding="utf-8")
        self.stdout.write(f"Updated {path}.")
