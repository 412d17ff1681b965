"""Writes for calendars: each person's private feed address and each event's SEQUENCE."""

import secrets
from dataclasses import replace
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone

from .events import Occasion
from .models import EventRevision, FeedKey

_SALT = "lantern.calendars.feed"


def _new_key() -> str:
    return secrets.token_urlsafe(24)


def feed_key_for(person: Any) -> FeedKey:
    """The person's feed key, made the first time it is asked for."""
    key, _created = FeedKey.objects.get_or_create(person=person, defaults={"key": _new_key()})
    return key


def feed_token(person: Any) -> str:
    """The private part of the person's feed address: their id and key, signed."""
    key = feed_key_for(person)
    return signing.Signer(salt=_SALT).sign(f"{person.pk}.{key.key}")


def feed_reset(*, person: Any) -> FeedKey:
    """A new key: the old address stops working at once (it answers 404)."""
    with transaction.atomic():
        key = feed_key_for(person)
        key.key = _new_key()
        key.created_at = timezone.now()
        key.save(update_fields=["key", "created_at"])
    return key


def feed_key_for_token(token: str) -> FeedKey | None:
    """The feed key (with its person) whose current token this is, or None: a token made
    up, tampered with or reset, or of a person no longer active."""
    try:
        value = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None
    person_id, _dot, key = value.partition(".")
    if not person_id.isdigit() or not key:
        return None
    found = (
        FeedKey.objects.select_related("person")
        .filter(person_id=int(person_id), person__is_active=True)
        .first()
    )
    if found is None or not secrets.compare_digest(found.key, key):
        return None
    return found


def event_revise(occasion: Occasion) -> Occasion:
    """The occasion with its SEQUENCE, stored: the same as last sent when nothing that
    matters changed, one more when its time, place or status did (so calendars apply a
    moved meeting or a cancellation as an update of the event they hold)."""
    with transaction.atomic():
        revision, created = EventRevision.objects.select_for_update().get_or_create(
            uid=occasion.uid, defaults={"fingerprint": occasion.fingerprint}
        )
        if not created and revision.fingerprint != occasion.fingerprint:
            revision.sequence += 1
            revision.fingerprint = occasion.fingerprint
            revision.changed_at = timezone.now()
            revision.save(update_fields=["sequence", "fingerprint", "changed_at"])
    return replace(occasion, sequence=revision.sequence)


def sequences_known(occasions: list[Occasion]) -> list[Occasion]:
    """For the feed, which only reads: each occasion with the SEQUENCE last sent (one
    more if it has changed since), stored nowhere."""
    stored = {r.uid: r for r in EventRevision.objects.filter(uid__in=[o.uid for o in occasions])}
    result = []
    for occasion in occasions:
        revision = stored.get(occasion.uid)
        sequence = 0
        if revision is not None:
            changed = revision.fingerprint != occasion.fingerprint
            sequence = revision.sequence + (1 if changed else 0)
        result.append(replace(occasion, sequence=sequence))
    return result
