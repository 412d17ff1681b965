"""Issue 12, item 4: the audit trail is append-only on SQLite as on PostgreSQL, and
tamper-evident: each event carries a hash chained to the one before, and
`lantern audit verify` names the first broken link.

Tampering is simulated as someone with the database file (or a SQL prompt) would do it:
raw SQL, with the triggers dropped where they would refuse it. Every test runs in its own
transaction, so what it drops or deletes comes back when it ends.
"""

import hashlib
import io
import itertools
import json
import threading
import time

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from lantern.audit import chain
from lantern.audit.context import Actor, acting_as
from lantern.audit.models import Action, AuditChainHead, AuditEvent
from lantern.audit.recorder import record
from tests.factories import CaseFactory, PartnershipFactory, UserFactory

# The UPDATE trigger's name on each database (migration 0003).
UPDATE_TRIGGER = {
    "sqlite": "DROP TRIGGER audit_event_no_update",
    "postgresql": "DROP TRIGGER audit_event_append_only ON audit_auditevent",
}
# What tests/conftest.py puts in the test databases so that the flush may delete events.
PERMIT_SQL = (
    "INSERT INTO audit_delete_permit (id, reason) VALUES (1, 'test database') "
    "ON CONFLICT (id) DO NOTHING"
)


def _sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _verify() -> chain.Verdict:
    head = AuditChainHead.objects.filter(id=1).first()
    return chain.verify(AuditEvent.objects.order_by("id"), head)


def _events(n: int) -> list[AuditEvent]:
    """n events of several kinds, from a person at an IPv6 address."""
    user = UserFactory()
    made = []
    with acting_as(Actor(user=user, ip_address="2001:0db8:0000::0007", channel="web")):
        for i in range(n):
            made.append(
                record(
                    Action.UPDATE,
                    user,
                    changes={"n": [i, i + 1], "weight": 1.5, "whole": 2.0, "nested": {"b": 1}},
                )
            )
    return made


def _ids() -> list[int]:
    return list(AuditEvent.objects.order_by("id").values_list("id", flat=True))


@pytest.mark.django_db
class TestAppendOnlyInTheDatabase:
    def test_issue_12_item_4_sqlite_and_postgresql_refuse_a_raw_delete(self):
        """Without the test databases' permit, as in production, the database itself
        refuses DELETE of events and of the chain head (SQLite did not)."""
        _events(2)
        _sql("DELETE FROM audit_delete_permit")
        for table in ("audit_auditevent", "audit_chainhead"):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                _sql(f"DELETE FROM {table}")  # noqa: S608 - a fixed table name
        assert AuditEvent.objects.count() >= 2
        assert AuditChainHead.objects.exists()

    def test_postgresql_refuses_truncate_too(self):
        """TRUNCATE fires no DELETE trigger, so PostgreSQL refuses it with its own; on
        SQLite there is no TRUNCATE (a DELETE without WHERE is refused above)."""
        _events(1)
        _sql("DELETE FROM audit_delete_permit")
        if connection.vendor == "postgresql":
            # This transaction's inserts leave foreign-key checks pending, which would
            # stop a TRUNCATE before its trigger runs: check them now.
            _sql("SET CONSTRAINTS ALL IMMEDIATE")
        statement = (
            "TRUNCATE audit_auditevent, audit_chainhead"
            if connection.vendor == "postgresql"
            else "DELETE FROM audit_auditevent"
        )
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _sql(statement)
        assert AuditEvent.objects.exists()

    def test_the_permit_is_what_lets_the_test_flush_delete(self):
        """The one way round the refusal is the permit row, which only the test set-up
        writes (and which the flush, deleting Django's tables only, leaves alone)."""
        _events(1)

        class Undo(Exception):
            pass

        with pytest.raises(Undo), transaction.atomic():
            _sql("DELETE FROM audit_auditevent")
            assert not AuditEvent.objects.exists()
            raise Undo
        assert AuditEvent.objects.exists()

    def test_a_raw_update_is_still_refused(self):
        _events(1)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _sql("UPDATE audit_auditevent SET object_label = 'forged'")
        assert not AuditEvent.objects.filter(object_label="forged").exists()


@pytest.mark.django_db
class TestTheChain:
    def test_issue_12_item_4_each_event_follows_the_one_before(self):
        events = _events(5)
        first = AuditEvent.objects.order_by("id").first()
        assert first.prev_hash == chain.GENESIS
        for before, after in itertools.pairwise(events):
            assert after.prev_hash == before.hash
        for event in AuditEvent.objects.filter(pk__in=[e.pk for e in events]):
            assert (
                event.hash
                == hashlib.sha256(
                    chain.serialise(chain.fields_of(event), event.prev_hash)
                ).hexdigest()
            )
        verdict = _verify()
        assert verdict.ok, verdict.problem
        assert verdict.events == AuditEvent.objects.count()
        assert verdict.head == events[-1].hash == AuditChainHead.objects.get().last_hash

    def test_the_hash_read_back_from_the_database_is_the_one_written(self):
        """What the database gives back (PostgreSQL's jsonb and inet spell things their
        own way) hashes to what the recorder stored."""
        [event] = _events(1)
        stored = AuditEvent.objects.get(pk=event.pk)
        assert chain.event_hash(chain.fields_of(stored), stored.prev_hash) == event.hash

    def test_recording_an_event_costs_one_query_more_than_the_insert(
        self, django_assert_num_queries
    ):
        """Taking the chain head is one upsert; the head moves on by trigger."""
        _events(1)
        with django_assert_num_queries(2):
            record(Action.READ, object_type="test", object_id="1", object_label="x")

    def test_two_events_can_never_follow_the_same_one(self):
        """A unique index on prev_hash: a fork is refused by the database itself."""
        [event] = _events(1)
        with pytest.raises(IntegrityError), transaction.atomic():
            _sql(
                "INSERT INTO audit_auditevent (at, actor_label, channel, action, object_type,"
                " object_id, object_label, changes, prev_hash, hash)"
                " VALUES (%s, 'x', 'web', 'read', 't', '1', 'x', '{}', %s, %s)",
                [event.at, event.prev_hash, "f" * 64],
            )

    def test_a_rolled_back_event_leaves_the_chain_whole(self):
        _events(2)
        with pytest.raises(RuntimeError), transaction.atomic():
            _events(1)
            raise RuntimeError("stop")
        _events(1)
        assert _verify().ok


@pytest.mark.django_db
class TestTamperingIsFound:
    def test_issue_12_item_4_a_forged_insert_is_the_first_broken_link(self):
        _events(3)
        head = AuditChainHead.objects.get()
        _sql(
            "INSERT INTO audit_auditevent (at, actor_label, channel, action, object_type,"
            " object_id, object_label, changes, prev_hash, hash)"
            " VALUES (%s, 'someone@example.org', 'web', 'read', 'cases.case', '1',"
            " 'A forged read', '{}', %s, %s)",
            [AuditEvent.objects.first().at, head.last_hash, "0" * 63 + "1"],
        )
        forged = AuditEvent.objects.get(object_label="A forged read")
        verdict = _verify()
        assert verdict.broken_event_id == forged.pk
        assert "contents do not match its hash" in verdict.problem

    def test_a_forged_insert_with_a_correct_hash_is_found_by_the_head_count(self):
        """Someone who knows the algorithm can hash a forged event correctly; the head,
        which only Lantern's recorder counts on, then disagrees with the trail."""
        _events(2)
        head = AuditChainHead.objects.get()
        fields = chain.fields_of(AuditEvent.objects.order_by("id").last())
        fields["object_label"] = "A forged read"
        forged_hash = chain.event_hash(fields, head.last_hash)
        _sql(
            "INSERT INTO audit_auditevent (at, partnership_id, actor_id, actor_label, channel,"
            " ip_address, action, object_type, object_id, object_label, changes, prev_hash,"
            " hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                *(fields[name] for name in chain.HASHED_FIELDS[:-1]),
                json.dumps(fields["changes"]),
                head.last_hash,
                forged_hash,
            ],
        )
        verdict = _verify()
        assert verdict.broken_event_id is None  # every link holds...
        n = head.events
        assert f"counts {n} events but the trail holds {n + 1}" in verdict.problem  # ...but

    def test_issue_12_item_4_an_edited_event_is_the_first_broken_link(self):
        events = _events(4)
        _sql(UPDATE_TRIGGER[connection.vendor])  # as someone with the file could
        _sql(
            "UPDATE audit_auditevent SET object_label = 'Someone else' WHERE id = %s",
            [events[1].pk],
        )
        verdict = _verify()
        assert verdict.broken_event_id == events[1].pk
        assert "changed after it was recorded" in verdict.problem

    def test_an_edited_and_rehashed_event_breaks_the_link_to_the_next(self):
        events = _events(4)
        _sql(UPDATE_TRIGGER[connection.vendor])
        edited = AuditEvent.objects.get(pk=events[1].pk)
        edited.object_label = "Someone else"
        new_hash = chain.event_hash(chain.fields_of(edited), edited.prev_hash)
        _sql(
            "UPDATE audit_auditevent SET object_label = 'Someone else', hash = %s WHERE id = %s",
            [new_hash, events[1].pk],
        )
        verdict = _verify()
        assert verdict.broken_event_id == events[2].pk
        assert f"does not follow event {events[1].pk}" in verdict.problem

    def test_a_deleted_event_breaks_the_link_of_the_one_after(self):
        events = _events(4)
        _sql("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])  # with the permit
        verdict = _verify()
        assert verdict.broken_event_id == events[2].pk
        assert f"does not follow event {events[0].pk}" in verdict.problem

    def test_events_deleted_from_the_end_are_found_by_the_head(self):
        events = _events(3)
        _sql("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
        verdict = _verify()
        assert verdict.broken_event_id is None
        assert "events at the end were removed" in verdict.problem


@pytest.mark.django_db
class TestVerifyCommand:
    def test_issue_12_item_4_verify_prints_ok_with_the_count(self):
        _events(3)
        out = io.StringIO()
        call_command("audit", "verify", stdout=out)
        count = AuditEvent.objects.count()
        assert out.getvalue().startswith(f"OK: {count} audit events, every link holds.")
        assert AuditChainHead.objects.get().last_hash in out.getvalue()

    def test_verify_names_the_first_broken_link(self):
        events = _events(3)
        _sql(UPDATE_TRIGGER[connection.vendor])
        for event in events[1:]:
            _sql("UPDATE audit_auditevent SET action = 'delete' WHERE id = %s", [event.pk])
        with pytest.raises(CommandError) as error:
            call_command("audit", "verify", stdout=io.StringIO())
        assert error.value.returncode == 1
        assert str(error.value).startswith(f"BROKEN at event {events[1].pk}: ")

    def test_verify_of_an_empty_trail_is_ok(self):
        out = io.StringIO()
        call_command("audit", "verify", stdout=out)
        assert out.getvalue().startswith(f"OK: {AuditEvent.objects.count()} audit events")


@pytest.mark.django_db(transaction=True)
def test_verify_exits_0_when_whole_and_1_at_a_broken_link(capsys):
    """The exit status, as `lantern audit verify` gives it to a shell or a cron job."""
    events = _events(2)
    execute_from_command_line(["lantern", "audit", "verify"])
    assert capsys.readouterr().out.startswith(f"OK: {AuditEvent.objects.count()} audit events")
    _sql(UPDATE_TRIGGER[connection.vendor])
    try:
        _sql("UPDATE audit_auditevent SET object_label = 'x' WHERE id = %s", [events[0].pk])
        with pytest.raises(SystemExit) as exit_:
            execute_from_command_line(["lantern", "audit", "verify"])
        assert exit_.value.code == 1
        assert f"BROKEN at event {events[0].pk}" in capsys.readouterr().err
    finally:
        # This test's changes are committed: the next test's database needs the trigger.
        _sql(RESTORE_UPDATE_TRIGGER[connection.vendor])


RESTORE_UPDATE_TRIGGER = {
    "sqlite": "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: audit events cannot be "
    "changed.'); END",
    "postgresql": "CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
}


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain():
    """Writers on several connections at once: each takes the head before it inserts,
    so none follows an event another already follows. (SQLite's shared in-memory test
    database refuses a second writer at once instead of waiting as a file does: the
    writer tries again.)"""
    CaseFactory()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                for _attempt in range(200):
                    try:
                        with transaction.atomic():
                            record(Action.READ, object_type="t", object_id=f"{n}-{i}")
                            time.sleep(0.001)  # hold the head a moment, to overlap
                        break
                    except OperationalError:  # SQLite: "database table is locked"
                        time.sleep(0.005)
                else:
                    raise AssertionError("never got the write lock")
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    before = AuditEvent.objects.count()
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert AuditEvent.objects.count() == before + 40
    verdict = _verify()
    assert verdict.ok, verdict.problem


@pytest.mark.django_db(transaction=True)
def test_issue_12_item_4_the_migration_chains_events_recorded_before_it():
    """Migration 0003 hashes the events already on the trail, oldest first, so that
    verify holds after it, and the next event follows the last of them."""
    partnership = PartnershipFactory()  # on the trail already, hashed
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("audit", "0002_append_only_triggers")])
        old = executor.loader.project_state([("audit", "0002_append_only_triggers")]).apps
        OldEvent = old.get_model("audit", "AuditEvent")
        for i in range(3):
            OldEvent.objects.create(
                partnership_id=partnership.pk,
                actor_label="someone@example.org",
                channel="web",
                ip_address="::ffff:192.0.2.1",
                action="read",
                object_type="cases.case",
                object_id=str(i),
                object_label=f"Case {i}",
                changes={"viewed": "case", "b": [1, 2.0]},
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        _sql(PERMIT_SQL)  # going back dropped the permit table: the flush needs it
    verdict = _verify()
    assert verdict.ok, verdict.problem
    assert verdict.events == AuditEvent.objects.count() >= 3
    record(Action.READ, object_type="t", object_id="1")
    assert _verify().ok
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE audit_auditevent SET object_label = 'x'")


@pytest.mark.django_db
def test_events_deleted_from_the_start_are_found():
    """The first event must follow the start of the chain (64 zeros)."""
    events = _events(2)
    _sql(
        "DELETE FROM audit_auditevent WHERE id <= %s", [events[0].pk]
    )  # with the test permit, as someone with the file could
    verdict = _verify()
    assert verdict.broken_event_id == events[1].pk
    assert "the first event does not start the chain" in verdict.problem
