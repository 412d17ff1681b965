"""Ten years of a partnership's audit trail, hash-chained as Lantern chains it.

The events are bulk inserted, oldest first, each hashed with lantern.audit.chain over
the one before it (continuing whatever chain the database holds), and the chain head is
counted on at the end: `lantern audit verify` passes on generated data.
"""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from lantern.audit import chain
from lantern.audit.models import Action, AuditEvent

from .gen_cases import at

BATCH = 5000
HEAD_TRIGGER = "audit_event_moves_head"  # audit migration 0003
# chain.TAKE_HEAD_SQL without counting an event: the count is added once, at the end.
HEAD_SQL = (
    "INSERT INTO audit_chainhead (id, last_hash, events) VALUES (1, %s, 0) "
    "ON CONFLICT (id) DO UPDATE SET events = audit_chainhead.events "
    "RETURNING last_hash"
)


@dataclass
class Made:
    """What the generator made, for the events that record it."""

    cases: list
    steps: list
    recommendations: list
    actions: list
    updates: list


def _record_events(made: Made, rng: random.Random) -> list[tuple]:
    """(at, actor, action, object_type, object_id, label, changes, case id): the events
    that made and changed the generated records."""
    refs = {c.pk: c.reference for c in made.cases}
    recs = {r.pk: r for r in made.recommendations}
    events: list[tuple] = []
    add = events.append
    for c in made.cases:
        add(
            (
                c.created_at,
                None,
                Action.CREATE,
                "cases.case",
                c.pk,
                f"{c.reference}: {c.title}",
                {"reference": c.reference, "pathway": c.pathway},
                c.pk,
            )
        )
    for r in made.recommendations:
        add(
            (
                r.created_at,
                None,
                Action.CREATE,
                "actions.recommendation",
                r.pk,
                f"{refs[r.case_id]} R{r.number}",
                {"case": r.case_id, "number": r.number},
                r.case_id,
            )
        )

    def action_label(a: Any) -> str:
        rec = recs[a.recommendation_id]
        return f"{refs[rec.case_id]} R{rec.number}.{a.number} {a.title}"[:300]

    for a in made.actions:
        add(
            (
                a.created_at,
                None,
                Action.CREATE,
                "actions.action",
                a.pk,
                action_label(a),
                {"recommendation": a.recommendation_id, "status": "not_started"},
                None,
            )
        )
    for u in made.updates:
        add(
            (
                u.created_at,
                None,
                Action.UPDATE,
                "actions.action",
                u.action.pk,
                action_label(u.action),
                {"status": ["not_started", u.action.status]},
                None,
            )
        )
    for s in made.steps:
        add(
            (
                at(s.start, rng),
                None,
                Action.CREATE,
                "clock.casestep",
                s.pk,
                f"{s.title} (due {s.due:%d %b %Y})",
                {"case": s.case_id, "step_id": s.step_id, "due": s.due.isoformat()},
                s.case_id,
            )
        )
    return events


def _month_starts(first: datetime.date, today: datetime.date) -> list[datetime.date]:
    months, day = [], first.replace(day=1)
    while day <= today:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def _planned(
    made: Made, people: list, n_events: int, rng: random.Random, today: datetime.date
) -> Iterator[tuple]:
    """Every event, oldest first, a month at a time (10x is 5 M events: never all in
    memory): the records' own events, and reads, sign-ins and changes of the cases open
    that month up to `n_events` in all."""
    recorded = _record_events(made, rng)
    now = timezone.now()
    first = min(c.opened_on for c in made.cases)
    months = _month_starts(first, today)
    rest = max(0, n_events - len(recorded))
    by_month: dict[datetime.date, list[tuple]] = {}
    for event in recorded:
        when = min(event[0], now)
        key = max(months[0], timezone.localtime(when).date().replace(day=1))
        by_month.setdefault(key, []).append((when, *event[1:]))
    per_month, extra = divmod(rest, len(months))
    for index, month in enumerate(months):
        end = min(today, (month + datetime.timedelta(days=32)).replace(day=1))
        events = by_month.pop(month, [])
        live = [c for c in made.cases if c.opened_on < end and (c.closed_on or today) >= month]
        for _ in range(per_month + (1 if index < extra else 0)):
            events.append(_other_event(live, people, month, end, rng))
        events.sort(key=lambda e: e[0])
        # Nothing after this moment: today's events stop now.
        yield from ((min(e[0], now), *e[1:]) if e[0] > now else e for e in events)


def _other_event(
    live: list, people: list, month: datetime.date, end: datetime.date, rng: random.Random
) -> tuple:
    person = rng.choice(people)
    day = month + datetime.timedelta(days=rng.randrange(max(1, (end - month).days)))
    kind = rng.random()
    if kind < 0.25 or not live:
        return (
            at(day, rng),
            person,
            Action.SIGN_IN,
            "accounts.user",
            person.pk,
            person.email,
            {},
            None,
        )
    case = rng.choice(live)
    label = f"{case.reference}: {case.title}"
    if kind < 0.85:
        return (
            at(day, rng),
            person,
            Action.READ,
            "cases.case",
            case.pk,
            label,
            {"viewed": "the case"},
            case.pk,
        )
    return (
        at(day, rng),
        person,
        Action.UPDATE,
        "cases.case",
        case.pk,
        label,
        {"stage": ["referral", case.stage]},
        case.pk,
    )


def build_audit_trail(
    partnership_id: int,
    made: Made,
    people: list,
    business_manager: Any,
    n_events: int,
    rng: random.Random,
    today: datetime.date,
) -> int:
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Lock the head (or make it, in a new database) and find where the chain is.
            cursor.execute(HEAD_SQL, [chain.GENESIS])
            prev = str(cursor.fetchone()[0])
            if connection.vendor == "postgresql":
                # The trigger moves the head row on with every insert: 500,000 updates of
                # one row in one transaction, each slower than the last. Off for this
                # transaction only (DDL is transactional), the head is set once at the end.
                # Foreign keys written earlier in an enclosing transaction (a test's) are
                # checked first: a table with pending trigger events cannot be altered.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {HEAD_TRIGGER}")
        batch: list[AuditEvent] = []
        has_case = any(f.name == "case_id" for f in AuditEvent._meta.concrete_fields)
        count = 0
        for planned in _planned(made, people, n_events, rng, today):
            when, actor, action, object_type, object_id, label, changes, case_id = planned
            count += 1
            actor = actor or business_manager
            event = AuditEvent(
                at=when,
                partnership_id=partnership_id,
                actor_id=actor.pk,
                actor_label=actor.email,
                channel="web",
                ip_address=f"10.0.{actor.pk % 250}.{actor.pk % 199 + 1}",
                action=action,
                object_type=object_type,
                object_id=str(object_id),
                object_label=label,
                changes=changes,
            )
            if has_case:  # the case an event belongs to, where the model keeps it
                event.case_id = case_id
            event.prev_hash = prev
            event.hash = prev = chain.event_hash(chain.fields_of(event), prev)
            batch.append(event)
            if len(batch) >= BATCH:
                AuditEvent.objects.bulk_create(batch)
                batch = []
        AuditEvent.objects.bulk_create(batch)
        with connection.cursor() as cursor:
            # The head follows the last event (as the trigger would) and counts them all.
            cursor.execute(
                "UPDATE audit_chainhead SET last_hash = %s, events = events + %s WHERE id = 1",
                [prev, count],
            )
            if connection.vendor == "postgresql":
                # The foreign keys are checked at commit; check them now, or the table
                # cannot be altered back.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE audit_auditevent ENABLE TRIGGER {HEAD_TRIGGER}")
    return count
