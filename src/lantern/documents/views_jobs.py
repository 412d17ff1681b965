"""The shared page of a job that keeps documents of a case (lantern.documents.jobs,
Builder.store): what is being prepared and for which case, its progress while it runs,
then links to the documents it made (sent by the documents' own views, which check the
reader), or why it failed with a way to try again. The reporting pack keeps its own page:
its download is a read the pack records."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lantern.access.policy import can_read_draft

from .jobs import KEEP_DAYS, get_builder, job_for_user, job_request
from .models import DocumentJob

#: How often the page of a job still running reloads itself.
REFRESH_SECONDS = 3


def job_url(job: DocumentJob) -> str:
    return reverse("document_jobs:job", args=[job.pk])


def _storing_job(request: HttpRequest, job_id: int) -> DocumentJob:
    job = job_for_user(request.user, job_id)
    if job.case is None:  # a single file: its pathway's own page serves it
        raise Http404("No such document.")
    return job


@login_required
def job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _storing_job(request, job_id)
    back = get_builder(job.builder).back
    assert back is not None  # a storing builder has one (Builder.__post_init__)
    back_url, back_text = back(job)
    refreshing = not job.finished and request.GET.get("refresh") != "off"
    made = sorted(
        (d for d in job.documents.select_related("case") if can_read_draft(request.user, d)),
        key=lambda d: d.filename,
    )
    response = render(
        request,
        "documents/job_case.html",
        {
            "job": job,
            "case": job.case,
            "made": made,
            "refreshing": refreshing,
            "back_url": back_url,
            "back_text": back_text,
            "keep_days": KEEP_DAYS,
        },
    )
    if refreshing:
        # The Refresh header reloads the page as <meta http-equiv="refresh"> would.
        response["Refresh"] = str(REFRESH_SECONDS)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def job_again(request: HttpRequest, job_id: int) -> HttpResponse:
    """Ask again for what a job was asked for (its builder checks the asker again)."""
    job = _storing_job(request, job_id)
    again = job_request(
        user=request.user,
        builder=get_builder(job.builder),
        params=job.params,
        fmt=job.fmt,
        title=job.title,
        case=job.case,
    )
    return redirect(job_url(again))
