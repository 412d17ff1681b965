"""Reads of documents that pages share."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from lantern.access.policy import Perm, can
from lantern.cases.models import Case
from lantern.meetings.models import Attendance

from .access import can_see_drafts
from .models import Document


def documents_for_user(user: Any, case: Case) -> QuerySet[Document]:
    """The case's documents this person may open (the case already fetched for them),
    each annotated `is_latest` (no newer version)."""
    documents = case.documents.select_related("case", "meeting", "uploaded_by").annotate(
        is_latest=~Exists(Document.objects.filter(supersedes=OuterRef("pk")))
    )
    if not can_see_drafts(user, case):
        documents = documents.filter(is_draft=False)
    if not can(user, Perm.CHANGE_CASE, case):
        invited = Attendance.objects.filter(meeting=OuterRef("meeting"), person_id=user.pk)
        documents = documents.filter(Q(meeting__isnull=True) | Exists(invited))
    return documents.order_by("title", "-version", "pk")


def case_documents_context(user: Any, case: Case) -> dict[str, Any]:
    """What `documents/_case_documents.html` needs, for the case page."""
    return {
        "documents": documents_for_user(user, case),
        "can_upload_document": can(user, Perm.CONTRIBUTE, case),
    }
