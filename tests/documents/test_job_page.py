"""Issue 13 (walk): the page of a document prepared in the background (documents/job.html,
the reporting pack's copies) says it is ready once, and its dates and other copies are
summary lists that stack at 320 px, not a table whose date column breaks mid-word."""

import datetime
import re

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.documents.models import DocumentJob, JobStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
AT = timezone.make_aware(datetime.datetime(2026, 12, 4, 15, 20))


def _job(user, fmt, **fields):
    job = DocumentJob.objects.create(
        partnership=user.partnership, requested_by=user, builder="actions.reporting_pack",
        params={}, fmt=fmt, title="Reporting pack: QA&P, meeting on 10 December 2026",
        **fields,
    )  # fmt: skip
    DocumentJob.objects.filter(pk=job.pk).update(created_at=AT)
    job.refresh_from_db()
    return job


def _render(user, job, recent):
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return render_to_string(
        "documents/job.html",
        {
            "job": job, "format_name": "Word document", "refreshing": False,
            "download_url": "/download/", "retry_url": "/again/", "back_url": "/pack/",
            "back_text": "Back to the pack", "recent": recent,
            "recent_url": "document_jobs:job", "keep_days": 7,
        },
        request=request,
    )  # fmt: skip


def _main_text(html):
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_a_ready_copy_says_so_once_with_its_dates_in_a_summary_list():
    user = UserFactory(roles=[Role.BUSINESS_MANAGER])
    done = _job(user, "docx", status=JobStatus.DONE, percent=100, finished_at=AT,
                filename="reporting-pack-qap-2026-12-10.docx")  # fmt: skip
    other = _job(user, "pdf", status=JobStatus.DONE, percent=100, finished_at=AT)
    html = _render(user, done, [other])
    text = _main_text(html)
    assert text.count("is ready") == 1  # the heading (the banner holds the download)
    assert '<h1 class="govuk-heading-l">Your Word document is ready</h1>' in html
    assert html.count('href="/download/"') == 1
    assert "Download reporting-pack-qap-2026-12-10.docx" in text
    assert "Prepared 4 December 2026 at 15:20" in text
    assert "Asked for 4 December 2026 at 15:20" in text
    assert "<table" not in html and "nowrap" not in html
    assert html.count('class="govuk-summary-list"') == 2
