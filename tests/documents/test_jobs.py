"""Issue 13: documents prepared in the background. The kernel (lantern.documents.jobs)
runs a declared builder in a task, records its progress and its failure in plain words,
gives the file to the person who asked alone, and deletes old jobs with their files."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from lantern.documents import jobs
from lantern.documents.jobs import (
    Builder,
    get_builder,
    job_file_response,
    job_for_user,
    job_request,
    job_run,
    jobs_expire,
    register,
)
from lantern.documents.models import DocumentJob, JobStatus, PrivateStorage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

#: What the builder saw of its own row as it reported progress.
SEEN: list[tuple[str, str, int]] = []


def _check(user: Any, params: dict[str, Any]) -> None:
    if user.email in params.get("refuse", []):
        raise PermissionDenied("Not for you.")


def _build(job: DocumentJob, report: jobs.Report) -> tuple[str, bytes]:
    report("Half way", 50)
    row = DocumentJob.objects.get(pk=job.pk)
    SEEN.append((row.status, row.progress, row.percent))
    if job.params.get("boom"):
        raise RuntimeError("secret detail from deep inside the builder")
    return f"echo.{job.fmt}", f"echo {job.params.get('text', '')}".encode()


ECHO = register(
    Builder(name="tests.echo", formats={"txt": "text/plain"}, check=_check, build=_build)
)


@pytest.fixture(autouse=True)
def job_files(tmp_path, monkeypatch):
    """Each test keeps prepared documents in a directory of its own."""
    storage = PrivateStorage(location=tmp_path / "jobs")
    monkeypatch.setattr(DocumentJob._meta.get_field("file"), "storage", storage)
    SEEN.clear()
    return tmp_path / "jobs"


def _ask(user: Any, **params: Any) -> DocumentJob:
    job = job_request(user=user, builder=ECHO, params=params, fmt="txt", title="Echo")
    job.refresh_from_db()
    return job


def test_the_task_runs_the_builder_records_progress_and_keeps_the_file(job_files):
    """issue 13: asked for, run by its task (at once here, as with LANTERN_TASKS=immediate),
    its progress seen while it ran, then done with the file in the storage."""
    user = UserFactory()
    job = _ask(user, text="hello")
    assert SEEN == [(JobStatus.RUNNING, "Half way", 50)]
    assert (job.status, job.percent, job.progress, job.error) == (JobStatus.DONE, 100, "Ready", "")
    assert job.requested_by == user and job.partnership_id == user.partnership_id
    assert job.filename == "echo.txt" and job.content_type == "text/plain"
    assert job.started_at is not None and job.finished_at is not None
    assert (job_files / job.file.name).read_bytes() == b"echo hello"
    assert job.file.name.startswith("jobs/") and "hello" not in job.file.name


def test_a_failure_is_recorded_in_plain_words_without_the_traceback(caplog):
    """issue 13: the person reads what to do; the operator's log has the reason."""
    job = _ask(UserFactory(), boom=True)
    assert job.status == JobStatus.FAILED
    assert job.error == jobs.FAILED
    assert "secret detail" not in job.error and not job.file
    assert job.finished_at is not None
    assert "secret detail from deep inside the builder" in caplog.text


def test_someone_who_lost_access_before_it_ran_gets_no_file():
    """issue 13: the builder's rule is asked again when the task runs."""
    user = UserFactory()
    job = job_request(user=user, builder=ECHO, params={}, fmt="txt", title="Echo")
    DocumentJob.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED, params={"refuse": [user.email]}, file=""
    )
    assert job_run(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert (job.status, job.error, job.file.name) == (JobStatus.FAILED, jobs.NO_ACCESS, "")


def test_asking_is_checked_first_and_a_format_the_builder_lacks_is_refused():
    user = UserFactory()
    with pytest.raises(PermissionDenied):
        job_request(
            user=user, builder=ECHO, params={"refuse": [user.email]}, fmt="txt", title="Echo"
        )
    with pytest.raises(ValidationError):
        job_request(user=user, builder=ECHO, params={}, fmt="exe", title="Echo")
    assert not DocumentJob.objects.exists()


def test_a_job_runs_once_however_often_its_task_is_delivered():
    job = _ask(UserFactory())
    assert job_run(job.pk) == "not queued"
    assert len(SEEN) == 1


def test_only_the_person_who_asked_gets_the_job_and_its_file():
    """issue 13: anyone else, of this partnership or another, is told it does not exist;
    the asker who lost access is refused by the builder's rule."""
    user = UserFactory()
    job = _ask(user, text="mine")
    colleague = UserFactory(partnership=user.partnership)
    stranger = UserFactory()
    for other in (colleague, stranger):
        with pytest.raises(Http404):
            job_for_user(other, job.pk, ECHO)
    assert job_for_user(user, job.pk, ECHO) == job
    response = job_file_response(job)
    assert b"".join(response.streaming_content) == b"echo mine"
    assert response["Content-Disposition"] == 'attachment; filename="echo.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    DocumentJob.objects.filter(pk=job.pk).update(params={"refuse": [user.email]})
    with pytest.raises(PermissionDenied):
        job_for_user(user, job.pk, ECHO)


def test_a_job_not_ready_or_whose_file_is_gone_has_no_file(job_files):
    job = _ask(UserFactory(), boom=True)
    with pytest.raises(Http404):
        job_file_response(job)
    done = _ask(UserFactory())
    (job_files / done.file.name).unlink()
    with pytest.raises(Http404):
        job_file_response(done)


def test_old_jobs_are_deleted_with_their_files(job_files):
    """issue 13: prepared documents expire; asking for a new one clears the old ones."""
    user = UserFactory()
    old, young = _ask(user, text="old"), _ask(user, text="young")
    old_file = job_files / old.file.name
    week_ago = timezone.now() - datetime.timedelta(days=jobs.KEEP_DAYS, minutes=1)
    DocumentJob.objects.filter(pk=old.pk).update(created_at=week_ago)
    newest = _ask(user, text="new")  # asking expires the old (files go when it commits)
    assert set(DocumentJob.objects.values_list("pk", flat=True)) == {young.pk, newest.pk}
    DocumentJob.objects.filter(pk=young.pk).update(created_at=week_ago)
    jobs._delete_files([old.file.name])  # what the commit runs
    assert not old_file.exists()
    assert jobs_expire() == 1
    assert list(DocumentJob.objects.all()) == [newest]


def test_builders_are_declared_once_and_found_by_name():
    """issue 13: a pathway declares its builder in its app's document_jobs module, which
    the worker finds by name (it imports only the documents app's task)."""
    assert get_builder("tests.echo") is ECHO
    assert get_builder("actions.reporting_pack").formats.keys() == {"docx", "pdf", "xlsx"}
    with pytest.raises(LookupError):
        get_builder("no.such.builder")
    with pytest.raises(ValueError, match="already registered"):
        register(Builder(name="tests.echo", formats={}, check=_check, build=_build))


def test_a_job_never_finished_is_given_up_so_its_page_stops_waiting():
    """issue 13: no worker running, or one that died mid-way: the page does not reload
    for ever; the job fails with words that say to try again, and a late run is ignored."""
    user = UserFactory()
    job = _ask(user)
    DocumentJob.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED, created_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    assert job_for_user(user, job.pk, ECHO).status == JobStatus.QUEUED
    late = timezone.now() - jobs.GIVE_UP_AFTER - datetime.timedelta(minutes=1)
    DocumentJob.objects.filter(pk=job.pk).update(created_at=late)
    given_up = job_for_user(user, job.pk, ECHO)
    assert (given_up.status, given_up.error) == (JobStatus.FAILED, jobs.TOO_LONG)
    assert job_run(job.pk) == "not queued"
