"""Issue 13: the audit trail page's queries and a case's history, old and new, at scale.

    .venv/bin/python benchmarks/audit_trail.py [--events 500000] [--cases 520] [--repeat 7]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lantern .venv/bin/python \\
        benchmarks/audit_trail.py

Builds a throwaway database (Django's test database: test_<name> on PostgreSQL, a file in
a temporary directory on SQLite), migrated, then bulk inserts N events for one
partnership (10 years, ~30 kinds of record, a tenth of them reads; each case-linked event
carries its case_id as the recorder writes it) and N/10 for a second partnership beside
it. The events' hashes are placeholders: the chain does not verify, nor needs to here.
Then it times, p50 of --repeat runs, each query the pages make, the old way and the new,
and prints each new query's plan. Not a test: timings belong here. The database is
dropped at the end.

Run on 2026-12-03, this 2-core machine shared with other work (load average 6-8), 500,000
events in the partnership, 551,049 in all, p50 ms, SQLite / PostgreSQL:

    object types: DISTINCT (old)        5181.4 / 6991.4
    object types: loose index scan         0.4 /    0.9
    count: COUNT(*) of all (old)         122.0 /  129.9
    count: at most 10,000                 10.2 /    8.4
    page 1 of the trail                    7.3 /    2.3
    page 1, one object type                2.2 /    5.8
    page 1, one action                     8.2 /    3.3
    page 200 (the deepest counted)        15.3 /    8.4
    case history: old filter           10608.4 / 1146.2
    case history: case_id                 46.7 /   27.8  (SQL alone 23.3 / 17.5)

Every new query's plan reads its index: audit_partnership_type (the kinds, a probe per
kind), audit_partnership_at_id (page 1), audit_partnership_type and
audit_partnership_action (the filters), audit_partnership_case (the history; the
subject's events through audit_partnership_type).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault(
        "LANTERN_SECRET_KEY", "bench-secret-key-not-for-production-use-0123456789"
    )
    os.environ.setdefault("LANTERN_ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ.setdefault("LANTERN_HTTPS", "false")
    os.environ.setdefault("LANTERN_DATA_DIR", tempfile.mkdtemp(prefix="lantern-audit-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.settings")
    import django

    django.setup()


def _time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _old_history_filter(case, reader):
    """The history's filter before issue 13: a subquery per kind of record that belongs
    to a case, ORed with a test of the JSON `changes` (kept here to measure it)."""
    from django.core.exceptions import FieldDoesNotExist
    from django.db.models import CharField, Q
    from django.db.models.functions import Cast

    from lantern.audit.registry import tracked_models
    from lantern.cases.models import Case
    from lantern.documents.models import Document
    from lantern.documents.selectors import documents_for_user
    from lantern.notifications.models import Notification

    condition = Q(object_type="cases.case", object_id=str(case.pk))
    for model in tracked_models():
        try:
            field = model._meta.get_field("case")
        except FieldDoesNotExist:
            continue
        if field.related_model is not Case or model is Notification:
            continue
        label = model._meta.label_lower
        if model is Document:
            openable = (
                documents_for_user(reader, case)
                .annotate(text_id=Cast("pk", CharField()))
                .values("text_id")
            )
            condition |= Q(object_type=label, object_id__in=openable)
            continue
        existing = (
            model._default_manager.filter(case=case)
            .annotate(text_id=Cast("pk", CharField()))
            .values("text_id")
        )
        condition |= Q(object_type=label, object_id__in=existing)
        condition |= Q(object_type=label, changes__case=case.pk)
    return condition


KINDS = [
    "cases.case",
    "cases.casemembership",
    "clock.casestep",
    "agencyrequests.agencyrequest",
    "meetings.meeting",
    "meetings.decision",
    "documents.document",
    "actions.recommendation",
    "actions.finding",
    "chronology.chronologyentry",
    "notifications.notification",
]
OTHER_KINDS = [
    "accounts.user",
    "accounts.roleassignment",
    "partnerships.agency",
    "partnerships.group",
    "actions.action",
    "actions.actionupdate",
    "actions.evidence",
    "agencyrequests.reminder",
    "agencyrequests.chase",
    "meetings.attendance",
    "clock.closureday",
    "api.apitoken",
    "audits.question",
    "audits.draw",
    "audits.auditreturn",
    "documents.namecheckacceptance",
    "partnerships.partnership",
    "clock.localtimescale",
    "audits.seminar",
]


def _build(partnership, user, cases, n: int, rng: random.Random, start_id: int) -> None:
    from django.db import transaction

    from lantern.audit.models import AuditEvent

    now = datetime.datetime.now(datetime.UTC)
    span = 10 * 365 * 86400
    batch = []
    made = 0
    for i in range(n):
        at = now - datetime.timedelta(seconds=span * (1 - i / n))
        roll = rng.random()
        case = rng.choice(cases) if cases else None
        if roll < 0.1:
            action, kind, obj, case_id = "read", "cases.case", case.pk, case.pk
        elif roll < 0.6 and case is not None:
            kind = rng.choice(KINDS)
            action = rng.choice(["create", "update", "update", "update", "delete"])
            obj = case.pk if kind == "cases.case" else rng.randrange(1, 10**6)
            case_id = case.pk
        else:
            kind = rng.choice(OTHER_KINDS)
            action = rng.choice(["create", "update", "sign_in"])
            obj, case_id = rng.randrange(1, 10**6), None
        changes = {"case": case_id} if action in ("create", "delete") and case_id else {"n": i}
        serial = start_id + i
        batch.append(
            AuditEvent(
                at=at,
                partnership_id=partnership.pk,
                actor_id=user.pk,
                actor_label=user.email,
                channel="web",
                action=action,
                object_type=kind,
                object_id=str(obj),
                object_label=f"{kind} #{obj}",
                changes=changes,
                case_id=case_id,
                prev_hash=f"{serial:064x}",
                hash=f"{serial + 1:064x}",
            )
        )
        if len(batch) == 5000:
            with transaction.atomic():
                AuditEvent.objects.bulk_create(batch)
            made += len(batch)
            batch = []
    if batch:
        with transaction.atomic():
            AuditEvent.objects.bulk_create(batch)


def _plan(sql: str, params) -> str:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    return "\n".join("    " + " ".join(str(p) for p in row) for row in rows)


def _fetch(queryset) -> list:
    """The rows alone, without making model instances (the database's share)."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _qs_plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    return _plan(sql, params)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500_000)
    parser.add_argument("--cases", type=int, default=520)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    _setup()

    from django.db import connection

    if connection.vendor == "sqlite":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(
            Path(os.environ["LANTERN_DATA_DIR"]) / "bench.sqlite3"
        )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        _run(args)
    finally:
        connection.creation.destroy_test_db(
            connection.settings_dict["NAME"], verbosity=0, keepdb=False
        )


def _run(args) -> None:
    from django.db import connection
    from tests.factories import CaseFactory, PartnershipFactory, UserFactory

    from lantern.access.policy import case_access
    from lantern.accounts.models import Role
    from lantern.audit.models import AuditEvent
    from lantern.audit.selectors import object_types, object_types_query
    from lantern.manage.audit_views import COUNT_LIMIT
    from lantern.notifications.selectors import HISTORY_ACTIONS, case_events

    rng = random.Random(13)  # noqa: S311 - made-up data, not secrets
    t0 = time.perf_counter()
    ours, theirs = PartnershipFactory(), PartnershipFactory()
    manager = UserFactory(partnership=ours, roles=[Role.BUSINESS_MANAGER])
    other = UserFactory(partnership=theirs)
    cases = [CaseFactory(partnership=ours) for _ in range(args.cases)]
    _build(ours, manager, cases, args.events, rng, 10**9)
    _build(theirs, other, [CaseFactory(partnership=theirs)], args.events // 10, rng, 2 * 10**9)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    total = AuditEvent.objects.count()
    print(
        f"{connection.vendor}: {total:,} events ({args.events:,} in the partnership measured, "
        f"{args.cases} cases), built in {time.perf_counter() - t0:.0f} s"
    )

    events = AuditEvent.objects.for_partnership(ours.pk)
    listing = events.order_by("-at", "-id")
    case = cases[0]  # the oldest case: its events are spread over the ten years
    case_access(manager, case)
    rows = [
        (
            "object types: DISTINCT (old)",
            lambda: list(events.values_list("object_type", flat=True).distinct()),
        ),
        ("object types: loose index scan", lambda: object_types(ours.pk)),
        ("count: COUNT(*) of all (old)", lambda: listing.count()),
        (f"count: at most {COUNT_LIMIT:,}", lambda: listing[: COUNT_LIMIT + 1].count()),
        ("page 1 of the trail", lambda: list(listing[:50])),
        (
            "page 1, one object type",
            lambda: list(listing.filter(object_type="meetings.meeting")[:50]),
        ),
        ("page 1, one action", lambda: list(listing.filter(action="delete")[:50])),
        (
            "page 200 (the deepest counted)",
            lambda: list(listing[COUNT_LIMIT - 50 : COUNT_LIMIT]),
        ),
        (
            "case history: old filter",
            lambda: list(
                events.filter(action__in=HISTORY_ACTIONS)
                .filter(_old_history_filter(case, manager))
                .select_related("actor")
                .order_by("-at", "-id")[:200]
            ),
        ),
        ("case history: case_id", lambda: list(case_events(case, reader=manager)[:200])),
        ("  the same, SQL only", lambda: _fetch(case_events(case, reader=manager)[:200])),
    ]
    print(f"{'query':<36} {'p50 ms':>10}")
    for name, fn in rows:
        print(f"{name:<36} {_time(fn, args.repeat):>10.1f}")
    print("\nPlans of the new queries:")
    print("  object types:\n" + _plan(*object_types_query(ours.pk)))
    print("  page 1:\n" + _qs_plan(listing[:50]))
    print("  one object type:\n" + _qs_plan(listing.filter(object_type="meetings.meeting")[:50]))
    print("  one action:\n" + _qs_plan(listing.filter(action="delete")[:50]))
    print("  case history:\n" + _qs_plan(case_events(case, reader=manager)[:200]))


if __name__ == "__main__":
    main()
