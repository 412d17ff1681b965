"""The audit trail's hash chain: each event carries the hash of the one before it.

An event's hash is SHA-256 over a canonical serialisation of its fields and the hash of
the event before it (`prev_hash`; the first event follows GENESIS). Changing, removing or
inserting an event anywhere breaks a link that `verify()` (and `lantern audit verify`)
finds: the event's own hash no longer matches its fields, or the next event no longer
follows it.

Writers take the chain head (one row, audit_chainhead) with a single upsert before they
insert their event, in the same transaction: on PostgreSQL that locks the row until
commit, on SQLite it takes the database's write lock. So two writers never read the same
head, and a unique index on prev_hash refuses a fork outright. A trigger on the insert
moves the head on to the new event's hash (no extra query).

The serialisation is version 1 and must never change: every stored hash depends on it
(migration 0003 computed the hashes of the events recorded before the chain existed).
What it cannot show: someone who can write to the database and recomputes every hash
from the point they change to the end. Keep the head hash `verify` prints somewhere else
(a ticket, an e-mail) to catch that: a later run must still show the same hash for that
event.
"""

import hashlib
import ipaddress
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection

GENESIS = "0" * 64
VERSION = "lantern-audit-v1"

# The fields an event's hash covers, in this order.
HASHED_FIELDS = (
    "at",
    "partnership_id",
    "actor_id",
    "actor_label",
    "channel",
    "ip_address",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "changes",
)

# One statement, the one extra query per event: creates the head if the table is empty
# (a new database, or one the test runner flushed), else counts the event on the existing
# row, and either way returns the hash the new event follows. The row stays locked (or,
# on SQLite, the database write-locked) until the transaction ends.
TAKE_HEAD_SQL = (
    "INSERT INTO audit_chainhead (id, last_hash, events) VALUES (1, %s, 1) "
    "ON CONFLICT (id) DO UPDATE SET events = audit_chainhead.events + 1 "
    "RETURNING last_hash"
)


def _canonical_json(value: Any) -> Any:
    # PostgreSQL's jsonb keeps neither key order nor a float's spelling (1.0e16 comes
    # back as an integer): sort keys (json.dumps does) and write whole floats as integers.
    if isinstance(value, Mapping):
        return {str(k): _canonical_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical_json(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _canonical_ip(value: str | None) -> str | None:
    # PostgreSQL's inet and Django spell an IPv6 address in their own ways.
    if not value:
        return None
    try:
        return ipaddress.ip_address(value).exploded
    except ValueError:
        return str(value)


def _canonical_at(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _canonical_id(value: Any) -> int | None:
    return None if value is None else int(value)


def serialise(fields: Mapping[str, Any], prev_hash: str) -> bytes:
    """The bytes an event's hash is taken over (version 1)."""
    document = {
        "v": VERSION,
        "prev": prev_hash,
        "at": _canonical_at(fields["at"]),
        "partnership": _canonical_id(fields["partnership_id"]),
        "actor": _canonical_id(fields["actor_id"]),
        "actor_label": fields["actor_label"],
        "channel": fields["channel"],
        "ip_address": _canonical_ip(fields["ip_address"]),
        "action": fields["action"],
        "object_type": fields["object_type"],
        "object_id": fields["object_id"],
        "object_label": fields["object_label"],
        "changes": _canonical_json(fields["changes"]),
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def event_hash(fields: Mapping[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(serialise(fields, prev_hash)).hexdigest()


def fields_of(event: Any) -> dict[str, Any]:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def take_head() -> str:
    """Lock the chain head and return the hash the next event follows.

    Call inside the transaction that inserts the event."""
    with connection.cursor() as cursor:
        cursor.execute(TAKE_HEAD_SQL, [GENESIS])
        row = cursor.fetchone()
    return str(row[0])


@dataclass(frozen=True)
class Verdict:
    events: int  # how many events were checked
    head: str  # the hash of the last good event (GENESIS if none)
    broken_event_id: int | None = None  # the first broken link, if any
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def verify(events: Iterable[Any], head: Any | None) -> Verdict:
    """Walk the events in id order; the first one that does not follow is the broken link.

    `head` is the AuditChainHead row (or None when there is none)."""
    expected_prev = GENESIS
    previous_id: int | None = None
    count = 0
    for event in events:
        if event.prev_hash != expected_prev:
            shown = event.prev_hash[:12] or "(none)"
            if previous_id is None:
                problem = (
                    f"the first event does not start the chain: its previous hash is {shown}, "
                    "not the start (64 zeros). Events before it were removed."
                )
            else:
                problem = (
                    f"it does not follow event {previous_id}: its previous hash is {shown}, "
                    f"event {previous_id}'s hash is {expected_prev[:12]}. An event was removed "
                    "or inserted before it, or the one before it was changed."
                )
            return Verdict(count, expected_prev, event.pk, problem)
        if event.hash != event_hash(fields_of(event), event.prev_hash):
            problem = (
                "its contents do not match its hash: it was changed after it was recorded, "
                "or written outside Lantern."
            )
            return Verdict(count, expected_prev, event.pk, problem)
        expected_prev = event.hash
        previous_id = event.pk
        count += 1
    if count and head is None:
        return Verdict(count, expected_prev, None, "the chain head is missing.")
    if head is not None and head.last_hash != expected_prev:
        return Verdict(
            count,
            expected_prev,
            None,
            f"the chain head records hash {head.last_hash[:12]} but the trail ends at "
            + (f"event {previous_id}, hash {expected_prev[:12]}" if count else "its start")
            + ": events at the end were removed, or the head was changed.",
        )
    if head is not None and head.events != count:
        return Verdict(
            count,
            expected_prev,
            None,
            f"the chain head counts {head.events} events but the trail holds {count}: "
            "events were removed, or added outside Lantern.",
        )
    return Verdict(count, expected_prev)
