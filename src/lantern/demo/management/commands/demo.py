from django.core.management.base import BaseCommand

from lantern.demo.services import demo_load


class Command(BaseCommand):
    help = (
        "Loads the fictional Demo Safeguarding Partnership with one person in every role. "
        "Safe to run again: anything that already exists is kept as it is."
    )

    def handle(self, *args, **options) -> None:
        summary = demo_load()
        for what in ("partnership", "groups", "agencies", "people"):
            added, kept = summary.created.get(what, 0), summary.existing.get(what, 0)
            self.stdout.write(f"{what}: {added} added, {kept} already there")
        self.stdout.write(self.style.SUCCESS("The demo partnership is ready."))
