from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from lantern.demo.services import SUMMARY_KEYS, demo_load


class Command(BaseCommand):
    help = (
        "Loads the fictional Demo Safeguarding Partnership with one person in every role. "
        "Safe to run again: anything that already exists is kept as it is."
    )

    def handle(self, *args, **options) -> None:
        # The demo's e-mails are recorded in each case's history; don't print them all.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            summary = demo_load()
        for what in SUMMARY_KEYS:
            added, kept = summary.created.get(what, 0), summary.existing.get(what, 0)
            self.stdout.write(f"{what}: {added} added, {kept} already there")
        self.stdout.write(self.style.SUCCESS("The demo partnership is ready."))
