"""Writes to the partnership's directory: its settings, agencies and groups."""

from typing import Any

from django.db import models, transaction


def directory_save(*, instance: models.Model, **fields: Any) -> models.Model:
    """Sets the fields, validates the whole record, then saves it (audited like any change)."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    with transaction.atomic():
        instance.save()
    return instance
