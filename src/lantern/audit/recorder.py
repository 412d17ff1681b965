"""Writing audit events. The one place an AuditEvent is created."""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from . import chain
from .context import current_actor
from .models import Action, AuditEvent

_encoder = DjangoJSONEncoder()
CASE_LABEL = "cases.case"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, FieldFile):
        return value.name or ""
    return _encoder.default(value)


def partnership_id_of(instance: models.Model) -> int | None:
    """The partnership a record belongs to, found along its obvious parent."""
    if instance._meta.label == "partnerships.Partnership":
        return instance.pk
    # An action's progress and evidence hang from the action (found on a walk: their
    # events had no partnership, so no Business Manager's trail or case history had them).
    for path in (
        "partnership_id",
        "case.partnership_id",
        "person.partnership_id",
        "action.partnership_id",
    ):
        obj: Any = instance
        try:
            for part in path.split("."):
                obj = getattr(obj, part)
        except AttributeError:
            continue
        except models.ObjectDoesNotExist:
            return None
        return obj
    return None


def case_id_of(instance: models.Model) -> int | None:
    """The case a record belongs to (issue 13: stored on its events, so that a case's
    history is one indexed query): the case itself, or a record with a `case` foreign key
    or one-to-one field. A case's subject points the other way (the case holds it), so its
    events carry no case: the history finds them by the subject's id."""
    if instance._meta.label_lower == CASE_LABEL:
        return instance.pk
    try:
        field = instance._meta.get_field("case")
    except FieldDoesNotExist:
        return _parent_case_id(instance)
    related = getattr(field, "related_model", None)
    if not field.concrete or related is None or related._meta.label_lower != CASE_LABEL:
        return None
    case_id: int | None = getattr(instance, field.attname)
    return case_id


#: Records that belong to a case through the record they hang from (an action through
#: its recommendation, its progress and evidence through the action): without this a
#: case's history left out the actions made on it (found on a walk).
PARENTS = ("recommendation", "action")


def _parent_case_id(instance: models.Model) -> int | None:
    for name in PARENTS:
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not field.concrete or not field.is_relation or getattr(instance, field.attname) is None:
            continue
        try:
            parent = getattr(instance, name)
        except models.ObjectDoesNotExist:
            return None
        return case_id_of(parent)
    return None


def record(
    action: str,
    instance: models.Model | None = None,
    *,
    changes: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    partnership_id: int | None = None,
    actor_label: str = "",
    case_id: int | None = None,
) -> AuditEvent:
    actor = current_actor()
    user = actor.user
    if instance is not None:
        object_type = instance._meta.label_lower
        object_id = str(instance.pk)
        object_label = str(instance)[:300]
        partnership_id = partnership_id_of(instance)
        case_id = case_id_of(instance)
    if partnership_id is None and user is not None:
        partnership_id = user.partnership_id
    event = AuditEvent(
        partnership_id=partnership_id,
        actor=user,
        actor_label=(user.email if user is not None else actor_label or "system")[:254],
        channel=actor.channel,
        ip_address=actor.ip_address,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label,
        changes=_jsonable(changes or {}),
        case_id=case_id,
    )
    # Taking the head and inserting the event are one transaction, so nobody else can
    # follow the same event. savepoint=False: inside a caller's transaction this costs no
    # SAVEPOINT queries, and a failure here fails the caller's transaction as it did.
    with transaction.atomic(savepoint=False):
        event.prev_hash = chain.take_head()
        event.hash = chain.event_hash(chain.fields_of(event), event.prev_hash)
        event.save(force_insert=True)
    return event


def record_read(instance: models.Model, *, what: str = "") -> AuditEvent:
    """Log that the current actor read a confidential record (and which part)."""
    return record(Action.READ, instance, changes={"viewed": what} if what else {})
