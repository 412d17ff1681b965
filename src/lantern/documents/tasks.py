"""The background task that prepares a document (lantern.documents.jobs)."""

from django_tasks import task

from .jobs import job_run


@task()
def run_document_job(job_id: int) -> str:
    return job_run(job_id)
