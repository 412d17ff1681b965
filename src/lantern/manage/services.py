"""Writes to the partnership's directory: its settings, agencies and groups."""

from typing import Any

from django.db import models, transaction

from lantern.web.versioning import save_versioned


def directory_save(
    *,
    instance: models.Model,
    version: int | None = None,
    seen: dict[str, str] | None = None,
    **fields: Any,
) -> models.Model:
    """Sets the fields, validates the whole record, then saves it (audited like any change).
    A change to a stored record made from an older `version` raises
    lantern.web.versioning.EditConflict and saves nothing (issue 12, item 12)."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    if instance.pk is None:
        with transaction.atomic():
            instance.save()
    else:
        save_versioned(instance, list(fields), version=version, seen=seen)
    return instance
