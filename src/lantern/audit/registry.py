"""Which models the audit trail follows, and how their changes are recorded.

Each app names its domain models in AppConfig.ready() with `track(...)`. From then
on every create, change and delete of those models is written to the trail in the
same transaction as the change itself, so a rolled-back change leaves no event.
Auditing is the one cross-cutting effect done with signals: it must not depend on
every service remembering to call it.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_init, post_save

from .models import Action
from .recorder import record


@dataclass(frozen=True)
class Tracking:
    redact: frozenset[str] = field(default_factory=frozenset)
    ignore: frozenset[str] = field(default_factory=frozenset)


_tracked: dict[type[models.Model], Tracking] = {}
_SNAPSHOT = "_audit_snapshot"


def track(
    model: type[models.Model], *, redact: set[str] | None = None, ignore: set[str] | None = None
) -> None:
    """Follow `model`. `redact` fields are logged as changed without their values."""
    _tracked[model] = Tracking(frozenset(redact or ()), frozenset(ignore or ()))
    uid = f"audit-{model._meta.label}"
    post_init.connect(_snapshot, sender=model, dispatch_uid=uid)
    post_save.connect(_saved, sender=model, dispatch_uid=uid)
    post_delete.connect(_deleted, sender=model, dispatch_uid=uid)


def tracked_models() -> list[type[models.Model]]:
    return list(_tracked)


def _values(instance: models.Model) -> dict[str, Any]:
    # Only the fields loaded: reading a deferred one (.only(), .defer()) would fetch the
    # row again, whose post_init would snapshot again, for ever.
    loaded = instance.__dict__
    return {
        f.name: loaded[f.attname] for f in instance._meta.concrete_fields if f.attname in loaded
    }


def _snapshot(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    setattr(instance, _SNAPSHOT, _values(instance) if instance.pk else {})


def _shown(tracking: Tracking, name: str, value: Any) -> Any:
    return "(confidential)" if name in tracking.redact else value


def _saved(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    tracking = _tracked[sender]
    now = _values(instance)
    before = getattr(instance, _SNAPSHOT, {})
    changes: dict[str, Any] = {}
    for name, value in now.items():
        if name in tracking.ignore or name == "id":
            continue
        if not created and name not in before:
            continue  # deferred when loaded: its earlier value is unknown
        if created:
            if value not in (None, ""):
                changes[name] = _shown(tracking, name, value)
        elif before.get(name) != value:
            changes[name] = [
                _shown(tracking, name, before.get(name)),
                _shown(tracking, name, value),
            ]
    setattr(instance, _SNAPSHOT, now)
    if created or changes:
        record(Action.CREATE if created else Action.UPDATE, instance, changes=changes)


def _deleted(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    tracking = _tracked[sender]
    values = {
        name: _shown(tracking, name, value)
        for name, value in getattr(instance, _SNAPSHOT, {}).items()
        if name not in tracking.ignore and value not in (None, "")
    }
    record(Action.DELETE, instance, changes=values)
