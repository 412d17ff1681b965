"""Documents of a case: uploaded or generated, in version chains.

Files live in private storage under the data directory and are only ever sent by
Lantern's own view (lantern.documents.views.download), after the policy allows it.
"""

import os
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import models

from lantern.cases.models import Case, Confidentiality

DRAFT_MARKING = "UNPUBLISHED DRAFT — STRICTLY CONFIDENTIAL"


class PrivateStorage(FileSystemStorage):
    """Files with no public address: only the download view sends them.

    A file written in a transaction waits under `.incoming/` until it commits
    (lantern.documents.storage); until then the transaction that wrote it reads it from
    there (the demo, or a service, that uploads a report and checks it before committing)."""

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Documents have no public URL: use documents:download.")

    def _waiting(self, name: str) -> str | None:
        from .storage import INCOMING

        if os.path.exists(self.path(name)):
            return None
        waiting = self.path(f"{INCOMING}/{name}")
        return waiting if os.path.exists(waiting) else None

    def _open(self, name: str, mode: str = "rb") -> File:
        waiting = self._waiting(name)
        if waiting is not None:
            return File(open(waiting, mode), name)
        return super()._open(name, mode)

    def size(self, name: str) -> int:
        waiting = self._waiting(name)
        return os.path.getsize(waiting) if waiting is not None else super().size(name)


def private_storage() -> Storage:
    """Where documents are kept is configuration (STORAGES["documents"]: on disk or in an
    S3 bucket, issue 13), never the public media storage."""
    if "documents" in settings.STORAGES:
        return storages["documents"]
    return PrivateStorage(location=settings.DATA_DIR / "private" / "documents")


def _upload_to(document: "Document", filename: str) -> str:
    # The stored name says nothing about the content; the original name is kept in the row.
    return f"{document.case_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class DocumentKind(models.TextChoices):
    REFERRAL = "referral", "Referral"
    NOTIFICATION = "notification", "Serious incident notification"
    SCOPING_RETURN = "scoping_return", "Scoping return"
    RAPID_REVIEW_TEMPLATE = "rapid_review_template", "Rapid Review template"
    TERMS_OF_REFERENCE = "terms_of_reference", "Terms of reference"
    REPORT_DRAFT = "report_draft", "Report draft"
    FINAL_REPORT = "final_report", "Final report"
    NOTICE = "notice", "Notice or letter"
    OTHER = "other", "Other"


class Document(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="papers",
        help_text="Papers of a meeting are shared only with the people invited to it.",
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    is_draft = models.BooleanField(default=False)
    confidentiality = models.CharField(
        max_length=30,
        choices=Confidentiality.choices,
        default=Confidentiality.STRICTLY_CONFIDENTIAL,
    )
    file = models.FileField(storage=private_storage, upload_to=_upload_to, max_length=200)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "-version", "pk"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def marking(self) -> str:
        """What the document is marked on screen, as on paper."""
        if self.is_draft:
            return DRAFT_MARKING
        return self.get_confidentiality_display().upper()


class NameCheckAcceptance(models.Model):
    """A Business Manager's decision that one passage flagged by the name check does not
    identify the subject (e.g. "the Town Hall" for a surname Hall), with the reason.

    It holds for this version of the document only: a new version is checked afresh.
    The passage is kept exactly as the check reported it, so anything else, even the
    same words elsewhere, still blocks publication.
    """

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="name_check_acceptances"
    )
    what = models.CharField(max_length=200)  # "the subject's surname"
    passage = models.TextField()  # the passage as reported, with its context
    where = models.CharField(max_length=200)  # "header", "page 3", "PDF metadata: Title"
    reason = models.TextField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["accepted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "what", "passage", "where"],
                name="name_check_accepted_once",
            )
        ]

    def __str__(self) -> str:
        # Not the passage: it may name the subject, and this string reaches the trail.
        return f"Name check accepted on {self.document} ({self.what}, {self.where})"

    @property
    def case(self) -> Case:
        # The audit trail files the acceptance under the document's partnership.
        return self.document.case


def job_storage() -> Storage:
    """Prepared documents are kept with the case documents."""
    return private_storage()


def _job_upload_to(job: "DocumentJob", filename: str) -> str:
    return f"jobs/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being prepared"
    DONE = "done", "Ready"
    FAILED = "failed", "Could not be prepared"


class DocumentJob(models.Model):
    """A document (a reporting pack, a report) prepared in the background for one person,
    then sent to them alone (lantern.documents.jobs). What it holds is decided by the
    builder named, with `params`; the file expires after a few days."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    builder = models.CharField(max_length=100)
    params = models.JSONField(default=dict)
    fmt = models.CharField(max_length=10)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.CharField(max_length=200, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    # Plain words for the person; the traceback goes to the log only.
    error = models.CharField(max_length=500, blank=True)
    file = models.FileField(
        storage=job_storage, upload_to=_job_upload_to, max_length=200, blank=True
    )
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    # A builder that stores documents of a case (Builder.store) names the case here and
    # the documents it made below: its page links to them instead of offering a file.
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    documents = models.ManyToManyField(Document, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="documentjob_mine_idx"),
            models.Index(fields=["created_at"], name="documentjob_age_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.fmt.upper()}, {self.get_status_display().lower()})"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
