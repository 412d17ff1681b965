"""`lantern api-token EMAIL`: make, list or revoke a person's API tokens."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lantern.accounts.models import User
from lantern.api.models import ApiToken
from lantern.api.services import token_create, token_revoke


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


class Command(BaseCommand):
    help = (
        "Prints a new API token for the person with this e-mail address, and nothing else, "
        "so it can be captured. Lantern keeps only a hash: the token cannot be shown again. "
        "--list shows their tokens; --revoke PREFIX stops one working."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The e-mail address the person signs in with.")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--name", default="", help="What the new token is for.")
        action.add_argument("--list", action="store_true", help="List their tokens instead.")
        action.add_argument("--revoke", metavar="PREFIX", help="Revoke their token PREFIX.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"Nobody signs in to Lantern as {options['email']}.")
        if options["list"]:
            self._list(user)
        elif options["revoke"]:
            self._revoke(user, options["revoke"])
        else:
            self._create(user, options["name"])

    def _create(self, user: User, name: str) -> None:
        try:
            _, raw = token_create(user=user, name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(raw)
        self.stderr.write("Keep this token safe now: Lantern cannot show it again.")

    def _list(self, user: User) -> None:
        tokens = ApiToken.objects.filter(user=user)
        if not tokens:
            self.stdout.write(f"{user.email} has no API tokens.")
            return
        rows = [("PREFIX", "NAME", "CREATED", "LAST USED", "REVOKED")]
        rows += [
            (
                t.prefix,
                t.name or "-",
                _when(t.created_at),
                _when(t.last_used_at) or "never",
                _when(t.revoked_at) or "-",
            )
            for t in tokens
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
            )

    def _revoke(self, user: User, prefix: str) -> None:
        token = ApiToken.objects.filter(user=user, prefix=prefix.strip()).first()
        if token is None:
            raise CommandError(f"{user.email} has no API token {prefix}. See --list.")
        if token.revoked_at is not None:
            self.stdout.write(
                f"Token {token.prefix} was already revoked on {_when(token.revoked_at)}."
            )
            return
        token_revoke(token=token)
        self.stdout.write(f"Revoked token {token.prefix} of {user.email}.")
