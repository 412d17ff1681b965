"""The audit trail: an append-only record of who did what to which record, and when.

Rows can be added, never changed or removed: the model and queryset refuse, the
admin offers no change or delete, and on PostgreSQL and SQLite database triggers refuse
an UPDATE or DELETE (and on PostgreSQL a TRUNCATE) from anything that bypasses Django
(migration 0003). And the trail is tamper-evident: each event carries a hash chained to
the one before (chain.py), which `lantern audit verify` checks.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AuditTrailIsAppendOnly(Exception):
    pass


class Action(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    READ = "read", "Read"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_OUT = "sign_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditTrailIsAppendOnly("Audit events cannot be changed.")

    def delete(self) -> NoReturn:
        raise AuditTrailIsAppendOnly("Audit events cannot be deleted.")

    def for_partnership(self, partnership_id: int | None) -> "AuditEventQuerySet":
        return self.filter(partnership_id=partnership_id)


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Kept as text too, so the trail reads the same if the person's e-mail changes.
    actor_label = models.CharField(max_length=254)
    channel = models.CharField(max_length=10)
    ip_address = models.GenericIPAddressField(null=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    # Issue 13: the case the record belongs to (recorder.case_id_of), so that a case's
    # history is one indexed query. A plain number, not a foreign key: events outlive
    # their case, and an append-only row could not be cleared when a case is deleted.
    # Not in the hash (chain.HASHED_FIELDS): it is derived from the record, like an index,
    # and migration 0004 filled it in for earlier events without breaking their links.
    case_id = models.BigIntegerField(null=True, blank=True, editable=False)
    # The hash chain (chain.py). prev_hash is unique: two events can never follow the
    # same one, so concurrent writers cannot fork the chain.
    prev_hash = models.CharField(max_length=64, unique=True, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        # Issue 13: every filter and sort of the audit trail page, and a case's history,
        # has an index that leads with the partnership (150 share one database) and ends
        # with the listing's order, so a page is read straight off the index.
        indexes = [
            models.Index(fields=["partnership", "-at", "-id"], name="audit_partnership_at_id"),
            models.Index(
                fields=["partnership", "action", "-at", "-id"], name="audit_partnership_action"
            ),
            models.Index(
                fields=["partnership", "object_type", "-at", "-id"], name="audit_partnership_type"
            ),
            models.Index(
                fields=["partnership", "case_id", "-at", "-id"], name="audit_partnership_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditTrailIsAppendOnly("Audit events cannot be deleted.")


class AuditChainHead(models.Model):
    """The end of the hash chain: one row (id 1), the hash the next event follows.

    Writers lock it before they insert an event (chain.take_head); a database trigger
    moves it on to each inserted event. A Django model, not raw SQL, so the test runner's
    flush empties it along with the events and the chain starts again from the beginning.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    events = models.BigIntegerField(default=0)  # how many events the chain holds

    class Meta:
        db_table = "audit_chainhead"  # named in chain.TAKE_HEAD_SQL and the triggers

    def __str__(self) -> str:
        return f"{self.events} events, last hash {self.last_hash[:12]}"
