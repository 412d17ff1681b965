"""The audit trail becomes tamper-evident, and SQLite refuses a DELETE too.

1. Each event gets prev_hash and hash (lantern.audit.chain); the events recorded so far
   are chained here, oldest first, and the chain head (audit_chainhead) is set to the
   last. The UPDATE triggers would refuse that, so they are dropped first and made again.
2. DELETE is refused on both databases (and TRUNCATE on PostgreSQL), of events and of the
   chain head, unless audit_delete_permit holds a row. That table is made here with raw
   SQL, not as a Django model, so the test runner's flush (DELETE on SQLite, TRUNCATE on
   PostgreSQL, of Django's tables only) never empties it: tests/conftest.py puts one row
   in it in the test databases, so the flush between transactional and live-server tests
   still works. Nothing in Lantern writes to it; in production it stays empty.
3. A trigger moves the chain head on to each inserted event, so a writer needs only one
   extra query per event (chain.take_head).

On SQLite, Django remakes a table to add a column (a new table, rows copied, the old one
dropped), and its triggers go with the old table: so the triggers are made after the
columns, and any later migration that alters audit_auditevent on SQLite must make them
again (tests/audit/test_chain.py checks they are there).
"""

from django.db import migrations, models

PERMIT_TABLE = (
    "CREATE TABLE IF NOT EXISTS audit_delete_permit ("
    " id integer PRIMARY KEY CHECK (id = 1), reason varchar(200) NOT NULL)"
)

SQLITE_UP = [
    PERMIT_TABLE,
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: audit events cannot be changed.'); END""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
WHEN NOT EXISTS (SELECT 1 FROM audit_delete_permit)
BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: audit events cannot be deleted.'); END""",
    """CREATE TRIGGER audit_chainhead_no_delete BEFORE DELETE ON audit_chainhead
WHEN NOT EXISTS (SELECT 1 FROM audit_delete_permit)
BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: audit events cannot be deleted.'); END""",
    """CREATE TRIGGER audit_event_moves_head AFTER INSERT ON audit_auditevent
BEGIN UPDATE audit_chainhead SET last_hash = NEW.hash WHERE id = 1; END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    "DROP TRIGGER IF EXISTS audit_chainhead_no_delete",
    "DROP TRIGGER IF EXISTS audit_event_moves_head",
]

PG_UP = [
    PERMIT_TABLE,
    """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'The audit trail is append-only: audit events cannot be changed.';
END;
$$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION audit_refuse_delete() RETURNS trigger AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_delete_permit) THEN
    RAISE EXCEPTION 'The audit trail is append-only: audit events cannot be deleted.';
  END IF;
  IF TG_LEVEL = 'ROW' THEN
    RETURN OLD;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION audit_chain_move_head() RETURNS trigger AS $$
BEGIN
  UPDATE audit_chainhead SET last_hash = NEW.hash WHERE id = 1;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent
FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
FOR EACH ROW EXECUTE FUNCTION audit_refuse_delete()""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_delete()""",
    """CREATE TRIGGER audit_chainhead_no_delete BEFORE DELETE ON audit_chainhead
FOR EACH ROW EXECUTE FUNCTION audit_refuse_delete()""",
    """CREATE TRIGGER audit_chainhead_no_truncate BEFORE TRUNCATE ON audit_chainhead
FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_delete()""",
    """CREATE TRIGGER audit_event_moves_head AFTER INSERT ON audit_auditevent
FOR EACH ROW EXECUTE FUNCTION audit_chain_move_head()""",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_no_delete ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_chainhead_no_delete ON audit_chainhead",
    "DROP TRIGGER IF EXISTS audit_chainhead_no_truncate ON audit_chainhead",
    "DROP TRIGGER IF EXISTS audit_event_moves_head ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_refuse_delete()",
    "DROP FUNCTION IF EXISTS audit_chain_move_head()",
]

# What 0002 made, made again when going back.
OLD_SQLITE_UP = [
    """CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: audit events cannot be changed.'); END"""
]
OLD_PG_UP = [
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent",
    """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'The audit trail is append-only: audit events cannot be changed or deleted.';
END;
$$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def _by_vendor(schema_editor, *, postgresql, sqlite):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, postgresql)
    elif vendor == "sqlite":
        _run(schema_editor, sqlite)


def chain_existing_events(apps, schema_editor):
    # The hashing is lantern.audit.chain's own: the stored hashes must be the ones
    # `lantern audit verify` computes, and its version 1 serialisation never changes.
    from lantern.audit.chain import GENESIS, event_hash, fields_of

    # 0002's UPDATE trigger would refuse the backfill (on SQLite, remaking the table to
    # add the columns has dropped it already).
    _by_vendor(schema_editor, postgresql=PG_DOWN + OLD_PG_UP[:1], sqlite=SQLITE_DOWN)
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    prev = GENESIS
    count = 0
    batch = []
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        event.prev_hash = prev
        event.hash = event_hash(fields_of(event), prev)
        prev = event.hash
        count += 1
        batch.append(event)
        if len(batch) == 500:
            AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    if batch:
        AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])
    AuditChainHead.objects.update_or_create(id=1, defaults={"last_hash": prev, "events": count})


def protect(apps, schema_editor):
    _by_vendor(schema_editor, postgresql=PG_UP, sqlite=SQLITE_UP)


def unprotect(apps, schema_editor):
    _by_vendor(
        schema_editor,
        postgresql=[*PG_DOWN, "DROP TABLE IF EXISTS audit_delete_permit"],
        sqlite=[*SQLITE_DOWN, "DROP TABLE IF EXISTS audit_delete_permit"],
    )


def restore_0002_triggers(apps, schema_editor):
    # Going back, once the columns are gone (on SQLite, by remaking the table).
    _by_vendor(schema_editor, postgresql=OLD_PG_UP, sqlite=OLD_SQLITE_UP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_0002_triggers),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("last_hash", models.CharField(max_length=64)),
                ("events", models.BigIntegerField(default=0)),
            ],
            options={"db_table": "audit_chainhead"},
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        # Unique once the hashes are in (until then every prev_hash was "").
        migrations.AlterField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
        # Last: on SQLite the AlterField above remakes the table, dropping its triggers.
        migrations.RunPython(protect, unprotect),
    ]
