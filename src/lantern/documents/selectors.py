"""Reads of documents that pages share."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lantern.access.policy import Perm, can, sees_every_draft
from lantern.cases.models import Case
from lantern.meetings.models import Attendance

from .jobs import GIVE_UP_AFTER
from .models import Document, DocumentJob, JobStatus


def documents_for_user(user: Any, case: Case) -> QuerySet[Document]:
    """The case's documents this person may open (the case already fetched for them),
    each annotated `is_latest` (no newer version)."""
    documents = case.documents.select_related("case", "meeting", "uploaded_by").annotate(
        is_latest=~Exists(Document.objects.filter(supersedes=OuterRef("pk")))
    )
    if not sees_every_draft(user, case):
        # The policy's can_read_draft, as a query: published ones, and drafts they wrote.
        documents = documents.filter(Q(is_draft=False) | Q(uploaded_by_id=user.pk))
    if not can(user, Perm.CHANGE_CASE, case):
        invited = Attendance.objects.filter(meeting=OuterRef("meeting"), person_id=user.pk)
        documents = documents.filter(Q(meeting__isnull=True) | Exists(invited))
    return documents.order_by("title", "-version", "pk")


#: The document list's sorts: order_by() for each `sort` value of DocumentFilterForm.
DOCUMENT_ORDERINGS: dict[str, tuple[Any, ...]] = {
    "title": ("title", "-version", "pk"),
    "latest": ("-uploaded_at", "-pk"),
    "oldest": ("uploaded_at", "pk"),
}


def filter_documents(
    documents: QuerySet[Document], cleaned: Mapping[str, Any]
) -> QuerySet[Document]:
    """Narrows documents_for_user's documents by the document list's search and filters.
    It only ever narrows: what the person may not open stays out."""
    text = (cleaned.get("q") or "").strip()
    if text:
        documents = documents.filter(Q(title__icontains=text) | Q(filename__icontains=text))
    if cleaned.get("kind"):
        documents = documents.filter(kind=cleaned["kind"])
    marking = cleaned.get("marking")
    if marking == "draft":
        documents = documents.filter(is_draft=True)
    elif marking:
        # A draft is marked as a draft, whatever its confidentiality (Document.marking).
        documents = documents.filter(confidentiality=marking, is_draft=False)
    if cleaned.get("latest"):
        documents = documents.filter(is_latest=True)  # the annotation of documents_for_user
    return documents


def jobs_being_prepared(user: Any, case: Case) -> list[DocumentJob]:
    """The documents of `case` this person asked for that are still waiting or being
    written in the background, newest first, so the case's pages link to their job page
    (issue 13). Only their own: a job's page is theirs alone (jobs.job_for_user). One
    given up (older than GIVE_UP_AFTER) is no longer said to be being prepared."""
    return list(
        DocumentJob.objects.filter(
            case=case,
            requested_by_id=user.pk,
            partnership_id=user.partnership_id,
            status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
            created_at__gte=timezone.now() - GIVE_UP_AFTER,  # older: given up,
        ).only("pk", "title", "status", "percent", "builder", "created_at")[:5]
    )


def case_documents_context(user: Any, case: Case) -> dict[str, Any]:
    """What `documents/_case_documents.html` needs, for the case page."""
    return {
        "documents": documents_for_user(user, case),
        "can_upload_document": can(user, Perm.CONTRIBUTE, case),
        "jobs_being_prepared": jobs_being_prepared(user, case),
    }
