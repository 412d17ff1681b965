"""Documents prepared in the background (issue 13): a large group's reporting pack took
~100 s to render inside the request. A pathway declares a builder once (`register`); the
kernel asks for it (`job_request`), runs it in a task (`job_run`), records its progress,
and hands the file to the person who asked, and to no one else (`job_for_user`,
`job_file_response`), checking the builder's access rule each time.

Every builder's rule is asked three times: when the job is requested, when it runs, and
when its page or file is opened, so someone who lost access meanwhile gets nothing.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import DocumentJob, JobStatus
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


@dataclass(frozen=True)
class Builder:
    """How one kind of document is made. `check(user, params)` raises Http404 or
    PermissionDenied when `user` may not have it; `build(job, report)` returns the file's
    name and its bytes."""

    name: str
    formats: dict[str, str]  # format -> content type
    check: Callable[[Any, dict[str, Any]], None]
    build: Callable[[DocumentJob, Report], tuple[str, bytes]]


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
    *, user: Any, builder: Builder, params: dict[str, Any], fmt: str, title: str
) -> DocumentJob:
    """Record that `user` asked for a document and queue it (after commit). With
    LANTERN_TASKS=immediate it is ready when this returns."""
    from lantern.notifications.delivery import after_commit

    from .tasks import run_document_job

    if fmt not in builder.formats:
        raise ValidationError(f"{builder.name} cannot be prepared as {fmt!r}.")
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
    job = DocumentJob.objects.select_related("requested_by").get(pk=job_id)
    try:
        builder = get_builder(job.builder)
        builder.check(job.requested_by, job.params)
        filename, body = builder.build(job, lambda text, pct: _progress(job.pk, text, pct))
    except (Http404, PermissionDenied):
        return _fail(job, NO_ACCESS)
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


def job_for_user(user: Any, job_id: int, builder: Builder) -> DocumentJob:
    """The job, for the person who asked for it only (anyone else: 404), while they may
    still have what it holds (else the builder's 404 or 403)."""
    job = DocumentJob.objects.filter(
        pk=job_id,
        builder=builder.name,
        requested_by_id=user.pk,
        partnership_id=user.partnership_id,
    ).first()
    if job is None:
        raise Http404("No such document.")
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
