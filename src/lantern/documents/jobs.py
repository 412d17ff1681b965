"""Documents prepared in the background (issue 13): a large group's reporting pack took
~100 s to render inside the request. A pathway declares a builder once (`register`); the
kernel asks for it (`job_request`), runs it in a task (`job_run`), records its progress,
and hands the file to the person who asked, and to no one else (`job_for_user`,
`job_file_response`), checking the builder's access rule each time.

A builder gives either one file (`build`: the reporting pack, sent by its own view) or
documents of a case (`store`: a review's template, a notice, an audit report), which it
keeps as case documents in its own transaction; the job records which, and its page
(lantern.documents.views_jobs) links to them through the documents' own views.

Every builder's rule is asked three times: when the job is requested, when it runs, and
when its page or file is opened, so someone who lost access meanwhile gets nothing.
"""

import contextlib
import datetime
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from lantern.audit.context import Actor, acting_as, current_actor

from .models import Document, DocumentJob, JobStatus
from .storage import stage_file

logger = logging.getLogger(__name__)

#: How long a prepared document is kept; older jobs (and their files) are deleted the
#: next time anyone asks for one.
KEEP_DAYS = 7

#: A job not finished this long after it was asked for is given up (its worker died, or
#: none is running), so its page stops reloading and offers to try again.
GIVE_UP_AFTER = datetime.timedelta(minutes=30)

#: Told to the person when the builder failed; the reason goes to the log.
FAILED = (
    "Something went wrong while preparing the document. Try again; if it fails again, "
    "tell your Business Unit."
)
NO_ACCESS = "You can no longer see what this document would hold, so it was not prepared."
TOO_LONG = (
    "It was not prepared in time: Lantern may have been restarting. Try again; if it "
    "happens again, tell your Business Unit."
)

#: `report(text, percent)`: what the builder is doing, shown on the job's page.
Report = Callable[[str, int], None]


#: The format of a job whose builder stores case documents (both are kept).
CASE_DOCUMENTS = "docx+pdf"


@dataclass(frozen=True)
class Builder:
    """How one kind of document is made. `check(user, params)` raises Http404 or
    PermissionDenied when `user` may not have it. Then one of: `build(job, report)`
    returns the file's name and its bytes; `store(job, report)` keeps documents of
    `job.case` (in its own transaction) and returns them. A storing builder also gives
    `back(job)`: the URL and words of the link back to where it was asked for."""

    name: str
    formats: dict[str, str]  # format -> content type
    check: Callable[[Any, dict[str, Any]], None]
    build: Callable[[DocumentJob, Report], tuple[str, bytes]] | None = None
    store: Callable[[DocumentJob, Report], Sequence[Document]] | None = None
    back: Callable[[DocumentJob], tuple[str, str]] | None = None

    def __post_init__(self) -> None:
        if (self.build is None) == (self.store is None):
            raise ValueError(f"Builder {self.name!r} needs one of build or store.")
        if self.store is not None and self.back is None:
            raise ValueError(f"Builder {self.name!r} stores documents: give it back too.")

    @property
    def stores(self) -> bool:
        return self.store is not None


_BUILDERS: dict[str, Builder] = {}


def register(builder: Builder) -> Builder:
    """Declare a builder (at import of an app's `document_jobs` module)."""
    known = _BUILDERS.get(builder.name)
    if known is not None and known != builder:
        raise ValueError(f"A document builder named {builder.name!r} is already registered.")
    _BUILDERS[builder.name] = builder
    return builder


def get_builder(name: str) -> Builder:
    if name not in _BUILDERS:
        # The worker imports only this app's tasks: find the builders apps declare.
        autodiscover_modules("document_jobs")
    try:
        return _BUILDERS[name]
    except KeyError:
        raise LookupError(f"No document builder named {name!r}.") from None


def jobs_expire(*, now: datetime.datetime | None = None, days: int = KEEP_DAYS) -> int:
    """Delete the jobs asked for more than `days` ago, and their files once that commits."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    old = DocumentJob.objects.filter(created_at__lt=cutoff)
    files = [name for name in old.exclude(file="").values_list("file", flat=True)]
    deleted, _ = old.delete()
    if files:
        transaction.on_commit(lambda: _delete_files(files))
    return deleted


def _delete_files(names: list[str]) -> None:
    storage = DocumentJob._meta.get_field("file").storage  # type: ignore[attr-defined]
    for name in names:
        storage.delete(name)


def job_request(
    *,
    user: Any,
    builder: Builder,
    params: dict[str, Any],
    fmt: str,
    title: str,
    case: Any = None,
) -> DocumentJob:
    """Record that `user` asked for a document and queue it (after commit). With
    LANTERN_TASKS=immediate it is ready when this returns. A storing builder's job names
    the `case` its documents are kept in."""
    from lantern.notifications.delivery import after_commit

    from .tasks import run_document_job

    if fmt not in builder.formats:
        raise ValidationError(f"{builder.name} cannot be prepared as {fmt!r}.")
    if builder.stores and case is None:
        raise ValueError(f"{builder.name} keeps documents of a case: name the case.")
    builder.check(user, params)
    with transaction.atomic():
        jobs_expire()
        job = DocumentJob.objects.create(
            partnership_id=user.partnership_id,
            requested_by=user,
            builder=builder.name,
            params=params,
            fmt=fmt,
            title=title[:300],
            content_type=builder.formats[fmt],
            case=case,
        )
        after_commit(lambda: run_document_job.enqueue(job.pk))
    return job


def _progress(job_id: int, text: str, percent: int) -> None:
    DocumentJob.objects.filter(pk=job_id).update(
        progress=text[:200], percent=max(0, min(100, percent))
    )


def _fail(job: DocumentJob, error: str) -> str:
    DocumentJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error=error, finished_at=timezone.now()
    )
    return JobStatus.FAILED


def job_run(job_id: int) -> str:
    """Build a queued job's document, recording progress, then the file or a failure.
    A job already started (a second delivery of the task) is left alone."""
    started = DocumentJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), progress="Starting", percent=0
    )
    if not started:
        return "not queued"
    job = DocumentJob.objects.select_related("requested_by", "case").get(pk=job_id)
    report: Report = lambda text, pct: _progress(job.pk, text, pct)  # noqa: E731
    try:
        builder = get_builder(job.builder)
        # In a worker nobody is acting: what the builder writes (a case document's
        # creation) is recorded as done by the person who asked, as it was in the request.
        with _acting_for(job):
            builder.check(job.requested_by, job.params)
            if builder.store is not None:
                return _stored(job, builder.store(job, report))
            assert builder.build is not None
            filename, body = builder.build(job, report)
    except (Http404, PermissionDenied):
        return _fail(job, NO_ACCESS)
    except ValidationError as refused:  # the pathway's own words: why it cannot be written
        return _fail(job, " ".join(refused.messages)[:500])
    except Exception:  # the person sees plain words; the operator the traceback
        logger.exception("Document job %s (%s) failed", job.pk, job.builder)
        return _fail(job, FAILED)
    with transaction.atomic():
        stage_file(job.file, filename, ContentFile(body))
        job.filename = filename
        job.status = JobStatus.DONE
        job.progress = "Ready"
        job.percent = 100
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "filename", "status", "progress", "percent", "finished_at"])
    return JobStatus.DONE


def _acting_for(job: DocumentJob) -> Any:
    if current_actor().user is not None:  # run inside the request (no worker)
        return contextlib.nullcontext()
    return acting_as(Actor(user=job.requested_by, channel="web"))


def _stored(job: DocumentJob, documents: Sequence[Document]) -> str:
    with transaction.atomic():
        job.documents.set(documents)
        job.status = JobStatus.DONE
        job.progress = "Ready"
        job.percent = 100
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "progress", "percent", "finished_at"])
    return JobStatus.DONE


def job_for_user(user: Any, job_id: int, builder: Builder | None = None) -> DocumentJob:
    """The job, for the person who asked for it only (anyone else: 404), while they may
    still have what it holds (else the builder's 404 or 403). Without `builder`, any
    kind of job (the shared page), checked by its own builder."""
    jobs = DocumentJob.objects.filter(
        pk=job_id, requested_by_id=user.pk, partnership_id=user.partnership_id
    )
    if builder is not None:
        jobs = jobs.filter(builder=builder.name)
    job = jobs.select_related("case").first()
    if job is None:
        raise Http404("No such document.")
    if builder is None:
        try:
            builder = get_builder(job.builder)
        except LookupError:
            raise Http404("No such document.") from None
    builder.check(user, job.params)
    if not job.finished and job.created_at < timezone.now() - GIVE_UP_AFTER:
        _fail(job, TOO_LONG)
        job.refresh_from_db()
    return job


def recent_jobs(user: Any, builder: Builder, *, limit: int = 5) -> list[DocumentJob]:
    return list(
        DocumentJob.objects.filter(
            requested_by_id=user.pk, partnership_id=user.partnership_id, builder=builder.name
        )[:limit]
    )


def job_file_response(job: DocumentJob) -> FileResponse:
    if job.status != JobStatus.DONE or not job.file:
        raise Http404("The document is not ready.")
    try:
        content = job.file.open("rb")
    except FileNotFoundError:  # expired meanwhile, or lost: `lantern files check` says
        raise Http404("The document is no longer kept.") from None
    response = FileResponse(
        content,
        as_attachment=True,
        filename=job.filename,
        content_type=job.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
