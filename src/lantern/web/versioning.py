"""No edit is lost: every editable record carries a version, and a save names the version
it was made from.

Two people open the same record; the first saves; the second's save would silently put
the first person's answers back. So each editable model has a `version` integer
(`version_field()`), each edit form carries the version it showed, and services save
with `save_versioned`, which claims the version with
`UPDATE ... SET version = version + 1 WHERE pk = ? AND version = ?`. When no row
matches, someone saved in between: nothing is written and `EditConflict` lists, field by
field, what they changed against what you sent. `VersionedFormMixin` carries the version
(and a fingerprint of each value it showed, so that "what they changed" is known) and
shows the conflict on the form with the GOV.UK error summary.

When the form says what it showed, a save made in between is merged: the fields only you
changed are written on top of theirs, those only they changed are kept, and a conflict is
raised only when you both changed the same answer differently.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.utils import formats

#: How many times a save is retried when the other person's change touched none of
#: its fields (each retry needs yet another save in between to fail again).
_RETRIES = 5
_LONG = 300  # characters of a value shown in a conflict message


def version_field() -> models.PositiveIntegerField:
    """The field every editable record carries: bumped by each versioned save."""
    return models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Bumped by each save, so a save made from an older copy is refused.",
    )


@dataclass(frozen=True)
class FieldChange:
    """One answer the other person changed: theirs (now stored) and yours (refused)."""

    name: str
    label: str
    theirs: Any
    yours: Any
    theirs_shown: str
    yours_shown: str


@dataclass
class EditConflict(Exception):
    """A save refused because the record changed since the editor's copy was read."""

    record: models.Model | None  # as it is now; None when it has been deleted
    changes: list[FieldChange] = field(default_factory=list)
    by: str = ""  # who saved last, if the audit trail says

    def __post_init__(self) -> None:
        super().__init__(self.message)

    @property
    def version(self) -> int | None:
        return getattr(self.record, "version", None)

    @property
    def message(self) -> str:
        if self.record is None:
            return "Someone else deleted this while you were editing it. Nothing has been saved."
        who = self.by or "Someone else"
        return (
            f"{who} saved changes to this while you were editing it, so nothing you sent "
            "has been saved. Their answers are shown against yours below: check them, then "
            "save again to keep yours."
        )


def _canonical(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return json.dumps(sorted(_canonical(v) for v in value))
    return str(value)


def _model_field(record: models.Model, name: str) -> models.Field | None:
    try:
        found = record._meta.get_field(name)
    except Exception:  # FieldDoesNotExist: a form field with no model field of that name
        return None
    return found if isinstance(found, models.Field) and found.concrete else None


def _stored(record: models.Model, name: str) -> Any:
    model_field = _model_field(record, name)
    if model_field is None:
        return getattr(record, name, None)
    return model_field.value_from_object(record)  # a foreign key's id, not its object


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def fingerprint(record: models.Model, names: Iterable[str]) -> dict[str, str]:
    """A short hash of each named value as the editor saw it. Hashes, not values: the
    hidden field then repeats nothing confidential and stays small for long text."""
    return {
        name: _hash(_canonical(_stored(record, name)))
        for name in names
        if _model_field(record, name) is not None
    }


def shown(record: models.Model, name: str, value: Any = None, *, use_value: bool = False) -> str:
    """A value as a reader would recognise it: a choice's label, a person's or agency's
    name, a date in words. Long text is cut short."""
    model_field = _model_field(record, name)
    if not use_value:
        value = getattr(record, name, None) if model_field is not None else _stored(record, name)
    if model_field is not None and model_field.choices and not isinstance(value, models.Model):
        value = dict(model_field.flatchoices).get(value, value)
    if (
        isinstance(model_field, models.ForeignKey)
        and value is not None
        and not isinstance(value, models.Model)
    ):
        value = model_field.related_model._base_manager.filter(pk=value).first()
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime | datetime.date):
        return formats.date_format(value, "j F Y")
    text = str(value)
    return text if len(text) <= _LONG else text[: _LONG - 1] + "…"


def _label(record: models.Model, name: str) -> str:
    model_field = _model_field(record, name)
    label = str(model_field.verbose_name) if model_field is not None else name.replace("_", " ")
    return label[:1].upper() + label[1:]


def _last_editor(record: models.Model) -> str:
    from lantern.audit.models import Action, AuditEvent

    event = (
        AuditEvent.objects.filter(
            object_type=record._meta.label_lower,
            object_id=str(record.pk),
            action=Action.UPDATE,
        )
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    if event is None:
        return ""
    if event.actor is not None:
        return str(event.actor)
    # Lantern itself (a command, a scheduled job) is "someone else" to the reader.
    return "" if event.actor_label == "system" else event.actor_label


def conflicting_changes(
    yours: models.Model,
    current: models.Model,
    names: Iterable[str],
    seen: dict[str, str] | None = None,
) -> list[FieldChange]:
    """The fields where saving `yours` would overwrite what someone else stored.

    With `seen` (fingerprints of what the editor was shown) a field counts only if both
    changed it, differently; without it (an API call that names only a version), every
    field whose stored value differs from what was sent counts.
    """
    changes = []
    for name in names:
        now = _canonical(_stored(current, name))
        sent = _canonical(_stored(yours, name))
        if now == sent:
            continue  # no answer lost: they stored what you sent
        if seen is not None and name in seen and seen[name] in (_hash(now), _hash(sent)):
            continue  # only one of you changed it: the merge keeps that change
        changes.append(
            FieldChange(
                name=name,
                label=_label(current, name),
                theirs=_stored(current, name),
                yours=_stored(yours, name),
                theirs_shown=shown(current, name),
                yours_shown=shown(yours, name),
            )
        )
    return changes


def _changed_by_you(
    yours: models.Model, current: models.Model, names: list[str], seen: dict[str, str]
) -> list[str]:
    """The fields to write over a save made in between: those you changed. The rest keep
    what is stored now (set on `yours` too, so the caller sees the merged record)."""
    kept = []
    for name in names:
        if name in seen and _hash(_canonical(_stored(yours, name))) == seen[name]:
            model_field = _model_field(current, name)
            if model_field is not None:
                setattr(yours, model_field.attname, getattr(current, model_field.attname))
        else:
            kept.append(name)
    return kept


def _auto_now(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False) is True]


def save_versioned(
    record: models.Model,
    fields: Sequence[str],
    *,
    version: int | None,
    seen: dict[str, str] | None = None,
) -> models.Model:
    """Save `fields` of `record` (already set and validated) if the stored record is still
    at `version`; bump the version. Raises EditConflict, saving nothing, when someone
    saved in between and changed one of those fields. `version` None saves without the
    check (an API caller that sends no version takes the risk).

    The version is claimed with a conditional UPDATE, then the record saved with
    save(update_fields=...) in the same transaction, so the audit trail's signals see
    the change as for any other save.
    """
    model = type(record)
    rows = model._base_manager.filter(pk=record.pk)
    names = list(dict.fromkeys(fields))
    for _attempt in range(_RETRIES):
        with transaction.atomic():
            expected = version
            if expected is None:
                expected = rows.select_for_update().values_list("version", flat=True).first()
            if (
                expected is not None
                and rows.filter(version=expected).update(version=F("version") + 1) == 1
            ):
                # The UPDATE above wrote the version; the save writes the answers, so the
                # audit trail and the case history list what changed, not the counter.
                record.save(update_fields=[*names, *_auto_now(model)])
                record.version = expected + 1  # type: ignore[attr-defined]
                return record
        current = rows.first()
        if current is None:
            raise EditConflict(record=None)
        changes = conflicting_changes(record, current, names, seen)
        if changes or (seen is None and version is not None):
            raise EditConflict(record=current, changes=changes, by=_last_editor(current))
        # No answer of theirs is lost: write only what you changed, on top of theirs.
        names = _changed_by_you(record, current, names, seen or {})
        version = current.version  # type: ignore[attr-defined]
    raise EditConflict(record=rows.first(), by="")


class VersionedFormMixin:
    """Carries the version a form was shown (a hidden `version` field) and a fingerprint
    of each value (hidden `seen`), and shows an EditConflict on the form.

    A ModelForm takes the version from its instance; any other form is given the record
    as `record=`. After a conflict the hidden fields are moved on to the stored record,
    so saving the form again, once its reader has seen the other answers, keeps theirs.
    """

    #: The form fields compared in a conflict; by default every field but the two hidden.
    version_fields: Sequence[str] | None = None
    #: A form field's model field where the names differ ({"due": "due_on"}).
    model_names: dict[str, str] = {}

    def __init__(self, *args: Any, record: models.Model | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.versioned_record = record if record is not None else getattr(self, "instance", None)
        fields = self.fields  # type: ignore[attr-defined]
        stale = "This page is out of date: open it again and make your change again."
        fields["version"] = forms.IntegerField(
            required=False,
            min_value=0,
            max_value=2_147_483_647,  # a database integer
            widget=forms.HiddenInput,
            error_messages={k: stale for k in ("invalid", "min_value", "max_value")},
        )
        fields["seen"] = forms.CharField(required=False, widget=forms.HiddenInput)
        target = self.versioned_record
        if target is not None and target.pk is not None:
            fields["version"].initial = getattr(target, "version", None)
            fields["seen"].initial = json.dumps(fingerprint(target, self.compared_fields()))

    def compared_fields(self) -> list[str]:
        """The model fields behind the form's answers."""
        names = self.version_fields
        if names is None:
            names = [n for n in self.fields if n not in ("version", "seen")]  # type: ignore[attr-defined]
        return [self.model_names.get(n, n) for n in names]

    @property
    def seen_version(self) -> int | None:
        return self.cleaned_data.get("version")  # type: ignore[attr-defined]

    @property
    def seen_values(self) -> dict[str, str] | None:
        try:
            seen = json.loads(self.cleaned_data.get("seen") or "null")  # type: ignore[attr-defined]
        except ValueError:
            return None
        if not isinstance(seen, dict):
            return None
        return {str(k): str(v) for k, v in seen.items()}

    def answers(self) -> dict[str, Any]:
        """cleaned_data without the two hidden fields: what the service is given."""
        return {
            name: value
            for name, value in self.cleaned_data.items()  # type: ignore[attr-defined]
            if name not in ("version", "seen")
        }

    def versioned(self) -> dict[str, Any]:
        """The keyword arguments a service's save takes: version= and seen=."""
        return {"version": self.seen_version, "seen": self.seen_values}

    def show_conflict(self, conflict: EditConflict) -> None:
        """Puts the conflict on the form: the summary, and against each answer theirs and
        yours. Moves the hidden version on so the next save is made knowingly."""
        self.add_error(None, conflict.message)  # type: ignore[attr-defined]
        fields = self.fields  # type: ignore[attr-defined]
        form_names = {model: form for form, model in self.model_names.items()}
        for change in conflict.changes:
            name = form_names.get(change.name, change.name)
            label = fields[name].label if name in fields and fields[name].label else change.label
            text = (
                f"{conflict.by or 'Someone else'} changed “{label}” to "
                f"“{change.theirs_shown}”. You sent “{change.yours_shown}”."
            )
            self.add_error(name if name in fields else None, text)  # type: ignore[attr-defined]
        if conflict.record is None:
            return
        data: Any = self.data.copy()  # type: ignore[attr-defined]
        data[self.add_prefix("version")] = str(conflict.version)  # type: ignore[attr-defined]
        data[self.add_prefix("seen")] = json.dumps(  # type: ignore[attr-defined]
            fingerprint(conflict.record, self.compared_fields())
        )
        self.data = data
