"""The signed links practitioners answer a survey through, without signing in.

A link carries the invitation's id and a random key, signed with Django's signing (its
own salt, so no other signed value of Lantern's can be passed off as one). Only the key's
SHA-256 is stored (SurveyInvitation.key_hash), and once the e-mail has been sent the
link is taken out of the copy Lantern keeps of it (Notification.body; see `scrub`): so,
once sent, someone who reads the database, or its later backups, cannot answer in another
person's name. No e-mail address or name is in a link.

Whether a link still works (not used, not closed) is the services' question
(services_surveys.invitation_for_token); here is only whether it is one of ours.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.core import signing

SALT = "lantern.training.survey-link"
#: 32 random bytes: as hard to guess as the signing key itself.
KEY_BYTES = 32
#: A survey link in an e-mail's text: the address up to and including /survey/<token>/.
LINK_IN_TEXT = re.compile(r"\S*/survey/[^/\s]+/")
REMOVED = "[the link was removed once sent]"


class BadLink(Exception):
    """Not a link Lantern made: tampered with, cut short or made up."""


@dataclass(frozen=True)
class LinkParts:
    invitation_id: int
    key: str


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def make_token(invitation_id: int, key: str) -> str:
    """The part of the address after /survey/ for this invitation and key."""
    return signing.dumps([invitation_id, key], salt=SALT, compress=False)


def read_token(token: str) -> LinkParts:
    """The invitation id and key a token carries; BadLink when its signature fails."""
    try:
        value = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise BadLink("The link's signature does not match.") from error
    if (
        not isinstance(value, list)
        or len(value) != 2
        or type(value[0]) is not int
        or not isinstance(value[1], str)
        or value[0] <= 0
    ):
        raise BadLink("The link does not say which invitation it is.")
    return LinkParts(invitation_id=value[0], key=value[1])


def key_matches(key: str, stored_hash: str) -> bool:
    """Whether `key` is the one whose hash was stored (compared in constant time)."""
    return hmac.compare_digest(key_hash(key), stored_hash)


def scrub(body: str) -> str:
    """An e-mail's text with its survey links taken out. lantern.notifications.tasks
    calls it (SCRUB_AFTER_SENT) once a survey e-mail has been sent: the stored copy need
    not hold a key that still answers in the person's name."""
    return LINK_IN_TEXT.sub(REMOVED, body)
