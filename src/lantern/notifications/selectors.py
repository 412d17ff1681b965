"""A case's history: what was done to it and its records, and every e-mail about it.

Shown to one reader: a record they may not open (a draft, the papers of a meeting they
were not invited to) is not named to them here either.
"""

import datetime
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from lantern.audit.models import Action, AuditEvent
from lantern.cases.models import Case, Subject
from lantern.documents.models import Document
from lantern.documents.selectors import documents_for_user

from .models import Notification

#: Changes only: reads are on the audit trail, and would drown the story here.
HISTORY_ACTIONS = [Action.CREATE, Action.UPDATE, Action.DELETE]
DOCUMENT = Document._meta.label_lower
SUBJECT = Subject._meta.label_lower
NOTIFICATION = Notification._meta.label_lower


@dataclass(frozen=True)
class HistoryItem:
    at: datetime.datetime
    who: str
    summary: str
    details: list[str] = field(default_factory=list)
    is_email: bool = False
    failed: bool = False


def _own_events(case: Case, reader: Any) -> Q:
    """Issue 13: the case's events by the case each event was recorded against (the
    (partnership, case_id, at, id) index), instead of a subquery per kind of record."""
    # Only the documents this reader may open (the policy's can_read_draft and the
    # meeting-paper rule), and none since deleted: a deleted draft must not be named
    # either, and the deletion no longer says whose it was.
    openable = (
        documents_for_user(reader, case).annotate(text_id=Cast("pk", CharField())).values("text_id")
    )
    # Every record the event was recorded against the case (lantern.audit.recorder's
    # case_id_of: the case, records with a case field, actions and their progress), but
    # e-mails: they come into the history from their own table.
    return (
        Q(case_id=case.pk)
        & ~Q(object_type=NOTIFICATION)
        & (~Q(object_type=DOCUMENT) | Q(object_id__in=openable))
    )


def _field_label(model: type[models.Model] | None, name: str) -> str:
    if model is None:
        return name.replace("_", " ")
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return name.replace("_", " ")


def _event_item(event: AuditEvent) -> HistoryItem:
    try:
        model: type[models.Model] | None = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        model = None
    what = str(model._meta.verbose_name) if model is not None else event.object_type
    details = []
    if event.action == Action.UPDATE and event.changes:
        changed = ", ".join(_field_label(model, name) for name in event.changes)
        details.append(f"Changed: {changed}")
    who = event.actor.full_name if event.actor is not None else event.actor_label
    return HistoryItem(
        at=event.at,
        who=who or "Lantern",
        summary=f"{event.get_action_display()} {what}: {event.object_label}",
        details=details,
    )


def _email_item(message: Notification) -> HistoryItem:
    to = message.to_person.full_name if message.to_person else message.to_email
    return HistoryItem(
        at=message.created_at,
        who="Lantern",
        summary=f"E-mail to {to}: {message.subject}",
        details=["Not sent: the mail server did not accept it."] if message.failed else [],
        is_email=True,
        failed=message.failed,
    )


def case_events(case: Case, *, reader: Any) -> QuerySet[AuditEvent]:
    """The case's changes this reader may see, newest first: one query (issue 13).

    The case's subject is recorded before the case that holds it, so its events carry
    no case: they are found by the subject's id, in a second part of the same query (a
    UNION, not an OR, so each part is read off its own index)."""
    changes = (
        AuditEvent.objects.filter(partnership_id=case.partnership_id, action__in=HISTORY_ACTIONS)
        .select_related("actor")
        .order_by()  # the parts of a UNION are unordered; the whole is ordered below
    )
    events = changes.filter(_own_events(case, reader))
    if case.subject_id is not None:
        subject = changes.filter(object_type=SUBJECT, object_id=str(case.subject_id))
        events = events.union(subject, all=True)
    return events.order_by("-at", "-id")


def case_history(case: Case, *, reader: Any, limit: int = 200) -> list[HistoryItem]:
    """The newest `limit` entries this reader may see, newest first. Two queries, however
    long the history (what the reader may open is asked inside the first), each read off
    an index (issue 13)."""
    events = case_events(case, reader=reader)[:limit]
    emails = case.notifications.select_related("to_person").order_by("-created_at", "-id")[:limit]
    items = chain((_event_item(e) for e in events), (_email_item(m) for m in emails))
    return sorted(items, key=lambda item: item.at, reverse=True)[:limit]
