"""Issue 13: each event names the case it belongs to, and every way the trail is read
has an index that leads with the partnership.

1. `case_id` is added (nullable, so on SQLite it is an ALTER TABLE ADD COLUMN: the table
   is not remade and migration 0003's triggers stay) and filled in for the events
   recorded so far: a case's own events from their object id; a record with a `case`
   field from the record, or, once it is deleted, from the case its creation or deletion
   wrote in `changes`. The UPDATE trigger would refuse that, so it is dropped for the
   backfill and made again. The hash chain does not cover `case_id`, so every stored
   hash still holds (`lantern audit verify`).
2. The indexes: (partnership, at, id), (partnership, action, at, id),
   (partnership, object_type, at, id) and (partnership, case_id, at, id), newest first;
   (partnership, at) goes, as the first of them covers it. Adding or dropping an index
   does not remake the table on SQLite either.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import migrations, models
from django.db.models import BigIntegerField, OuterRef, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

CASE_LABEL = "cases.case"
WHOLE_NUMBER = r"^[0-9]+$"

UPDATE_TRIGGER_DOWN = {
    "sqlite": ["DROP TRIGGER IF EXISTS audit_event_no_update"],
    "postgresql": ["DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent"],
}
# As migration 0003 made it.
UPDATE_TRIGGER_UP = {
    "sqlite": [
        """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: audit events cannot be changed.'); END"""
    ],
    "postgresql": [
        """CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent
FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"""
    ],
}


def _case_records(apps):
    """Models with a `case` foreign key or one-to-one field (the recorder's case_id_of)."""
    found = []
    for model in apps.get_models():
        try:
            field = model._meta.get_field("case")
        except FieldDoesNotExist:
            continue
        related = getattr(field, "related_model", None)
        if field.concrete and related is not None and related._meta.label_lower == CASE_LABEL:
            found.append(model)
    return found


def link_events_to_cases(apps, connection):
    """Fill in `case_id` on the events that have none. Callable again: it only fills gaps."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    # The plain manager: the live model's queryset refuses update().
    unlinked = AuditEvent._base_manager.filter(case_id__isnull=True)
    vendor = connection.vendor
    with connection.cursor() as cursor:
        for sql in UPDATE_TRIGGER_DOWN.get(vendor, []):
            cursor.execute(sql)
    unlinked.filter(object_type=CASE_LABEL, object_id__regex=WHOLE_NUMBER).update(
        case_id=Cast("object_id", BigIntegerField())
    )
    for model in _case_records(apps):
        label = model._meta.label_lower
        of_model = unlinked.filter(object_type=label, object_id__regex=WHOLE_NUMBER)
        still_there = model._base_manager.filter(
            pk=Cast(OuterRef("object_id"), BigIntegerField())
        ).values("case_id")[:1]
        of_model.update(case_id=Subquery(still_there))
        # Deleted since: its creation and deletion wrote down its case.
        of_model.filter(
            case_id__isnull=True, action__in=["create", "delete"], changes__has_key="case"
        ).update(case_id=Cast(KeyTextTransform("case", "changes"), BigIntegerField()))
    with connection.cursor() as cursor:
        for sql in UPDATE_TRIGGER_UP.get(vendor, []):
            cursor.execute(sql)


def forwards(apps, schema_editor):
    link_events_to_cases(apps, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_hash_chain_and_no_delete"),
        ("partnerships", "0003_directory_versions"),
        # The records that belong to a case, as they are now, for the backfill.
        ("actions", "0002_action_version"),
        ("adults", "0002_sar_update_reminded_on"),
        ("agencyrequests", "0003_recipients_and_chases"),
        ("audits", "0002_moderation_learning_event_findings"),
        ("cases", "0004_case_version"),
        ("children", "0003_cspr_version"),
        ("chronology", "0002_entry_version"),
        ("clock", "0002_step_reminded_on"),
        ("dhr", "0001_initial"),
        ("documents", "0002_namecheckacceptance"),
        ("meetings", "0005_meeting_moved_by_a_person"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="case_id",
            field=models.BigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="auditevent", name="audit_partnership_at"),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                fields=["partnership", "-at", "-id"], name="audit_partnership_at_id"
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                fields=["partnership", "action", "-at", "-id"], name="audit_partnership_action"
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                fields=["partnership", "object_type", "-at", "-id"], name="audit_partnership_type"
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                fields=["partnership", "case_id", "-at", "-id"], name="audit_partnership_case"
            ),
        ),
    ]
