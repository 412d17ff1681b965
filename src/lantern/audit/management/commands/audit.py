"""`lantern audit verify`: check the audit trail's hash chain from the first event to the last."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.audit import chain
from lantern.audit.models import AuditChainHead, AuditEvent


class Command(BaseCommand):
    help = (
        "verify: walks the audit trail oldest first and checks each event's hash and its "
        "link to the event before. Prints OK and the number of events, or the first broken "
        "link (the event, and what is wrong) and exits with status 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="verify")
        commands.add_parser("verify", help="Check the hash chain; exit 1 at the first break.")

    def handle(self, *args: Any, **options: Any) -> None:
        # Only "verify" exists; argparse refuses anything else.
        events = AuditEvent.objects.order_by("id").only(
            "id", "prev_hash", "hash", *chain.HASHED_FIELDS
        )
        verdict = chain.verify(
            events.iterator(chunk_size=2000), AuditChainHead.objects.filter(id=1).first()
        )
        if not verdict.ok:
            where = (
                f"at event {verdict.broken_event_id}"
                if verdict.broken_event_id is not None
                else f"after {verdict.events} good events"
            )
            raise CommandError(f"BROKEN {where}: {verdict.problem}", returncode=1)
        self.stdout.write(
            f"OK: {verdict.events} audit events, every link holds. Last hash: {verdict.head}"
        )
