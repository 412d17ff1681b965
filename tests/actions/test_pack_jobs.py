"""Issue 13: a copy of the reporting pack is prepared in the background. Its page shows
the progress (reloading itself while it runs), then the download, to the person who asked
alone and while they may still see the group; the download, not the asking, is the read
that marks the pack as presented."""

import pytest

from lantern.accounts.models import RoleAssignment
from lantern.actions import pack_documents
from lantern.actions.pack import pack_read_what
from lantern.audit.models import AuditEvent
from lantern.documents.models import DocumentJob, JobStatus
from tests.factories import UserFactory

from . import test_pack
from .test_pack import MEETING, _url

pytestmark = pytest.mark.django_db
world = test_pack.world  # the fixture: a partnership, its groups and the pack's people


def _reads():
    return AuditEvent.objects.filter(action="read", object_type="partnerships.group")


def _ask(client, world, fmt="xlsx"):
    client.force_login(world.chair)
    asked = client.post(_url(world.qap, fmt=fmt))
    assert asked.status_code == 302
    job = DocumentJob.objects.get()
    assert asked["Location"] == f"/actions/reporting/pack/documents/{job.pk}/"
    return job, asked["Location"]


def test_asking_makes_a_job_run_by_the_task_and_its_page_offers_the_download(
    client,
    world,
):
    job, page_url = _ask(client, world)
    job.refresh_from_db()
    assert (job.status, job.percent, job.requested_by) == (JobStatus.DONE, 100, world.chair)
    assert job.params == {"group": world.qap.pk, "meeting": MEETING.isoformat()}
    assert job.builder == "actions.reporting_pack" and job.fmt == "xlsx"
    assert not _reads().exists()  # asking is not presenting the pack
    page = client.get(page_url)
    text = page.content.decode()
    assert "Refresh" not in page  # done: the page stops reloading
    assert page["Cache-Control"] == "private, no-store"
    assert "Your spreadsheet is ready" in text
    assert 'role="alert"' in text and "govuk-notification-banner--success" in text
    assert f'href="{page_url}download/"' in text
    response = client.get(f"{page_url}download/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="reporting-pack-qap-2026-06-20.xlsx"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    read = _reads().get()
    assert (read.actor, read.changes) == (world.chair, {"viewed": pack_read_what(MEETING, "xlsx")})


def test_a_job_still_running_shows_its_progress_and_reloads_until_stopped(
    client,
    world,
):
    job, page_url = _ask(client, world)
    DocumentJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, percent=40, progress="Writing the spreadsheet: 3 actions"
    )
    page = client.get(page_url)
    text = page.content.decode()
    assert page["Refresh"] == "3"
    assert '<div role="status" aria-live="polite">' in text
    assert "40% done: Writing the spreadsheet: 3 actions" in text
    assert "<title>Preparing your spreadsheet (40%)" in text
    assert "download/" not in text
    stopped = client.get(page_url, {"refresh": "off"})
    assert "Refresh" not in stopped
    assert "Check again now" in stopped.content.decode()
    # Its download address leads back to the page until it is ready, and reads nothing.
    response = client.get(f"{page_url}download/")
    assert (response.status_code, response["Location"]) == (302, page_url)
    assert not _reads().exists()


def test_a_failure_is_shown_in_plain_words_with_a_way_to_try_again(
    client,
    world,
    monkeypatch,
):
    def broken(pack):
        raise RuntimeError("disk full at /var/secret/path")

    monkeypatch.setitem(pack_documents.BUILDERS, "xlsx", broken)
    job, page_url = _ask(client, world, fmt="xlsx")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    text = client.get(page_url).content.decode()
    assert "Your spreadsheet could not be prepared" in text
    assert "Something went wrong while preparing the document." in text
    assert "/var/secret" not in text and "Traceback" not in text
    retry = f'action="/actions/reporting/pack.xlsx?group={world.qap.pk}&amp;meeting=2026-06-20"'
    assert retry in text and "Try again</button>" in text
    assert client.get(f"{page_url}download/").status_code == 302
    monkeypatch.undo()
    again = client.post(f"/actions/reporting/pack.xlsx?group={world.qap.pk}&meeting=2026-06-20")
    assert DocumentJob.objects.get(pk=int(again["Location"].split("/")[-2])).status == "done"


@pytest.mark.parametrize("who", ["manager", "colleague", "stranger"])
def test_no_one_else_sees_the_job_or_its_file(client, world, who):
    """Not even the Business Manager, who reads every pack: a job is its asker's."""
    _job, page_url = _ask(client, world)
    people = {
        "manager": world.manager,
        "colleague": UserFactory(partnership=world.partnership, roles=[]),
        "stranger": UserFactory(),
    }
    client.force_login(people[who])
    assert client.get(page_url).status_code == 404
    assert client.get(f"{page_url}download/").status_code == 404
    assert not _reads().exists()


def test_the_asker_who_lost_access_to_the_group_cannot_download(client, world):
    _job, page_url = _ask(client, world)
    RoleAssignment.objects.filter(person=world.chair).delete()
    assert client.get(page_url).status_code == 403
    assert client.get(f"{page_url}download/").status_code == 403
    assert not _reads().exists()


def test_someone_who_may_not_see_the_group_cannot_ask(client, world):
    client.force_login(world.li_member)
    assert client.post(_url(world.qap, fmt="pdf")).status_code == 403
    assert not DocumentJob.objects.exists()


def test_the_old_download_address_leads_to_the_page(client, world):
    """A bookmarked GET of the old download address asks for nothing: the page's buttons do."""
    client.force_login(world.chair)
    response = client.get(_url(world.qap, fmt="pdf"))
    assert response.status_code == 302
    assert response["Location"] == _url(world.qap)
    assert not DocumentJob.objects.exists()


def test_the_page_lists_the_persons_other_recent_copies(client, world):
    first, _ = _ask(client, world, fmt="docx")
    second_url = client.post(_url(world.qap, fmt="xlsx"))["Location"]
    text = client.get(second_url).content.decode()
    assert "Your other recent copies" in text
    assert f'href="/actions/reporting/pack/documents/{first.pk}/"' in text


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_the_copy_waits_in_the_queue_then_the_worker_prepares_it(
    client, world, settings
):
    """Production's way (LANTERN_TASKS=database): the request only queues the job, after
    its commit; the page waits, reloading; `lantern worker` prepares the copy (finding
    the pack's builder by name) and its file is in place once that commits."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.LANTERN_TASKS_AFTER_COMMIT = True
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    job, page_url = _ask(client, world, fmt="xlsx")
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and DBTaskResult.objects.ready().count() == 1
    waiting = client.get(page_url)
    assert waiting["Refresh"] == "3"
    assert "Waiting to start" in waiting.content.decode()
    call_command("worker", "--batch", "--no-reminders", "--interval", "0", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.file.storage.exists(job.file.name)
    response = client.get(f"{page_url}download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")  # an XLSX is a zip
    assert _reads().count() == 1


@pytest.mark.django_db(transaction=True)
def test_without_a_worker_the_copy_is_ready_when_the_request_answers(client, world, settings):
    """`make run` (LANTERN_TASKS=immediate, tasks after the commit as in production): the
    task runs once the request's transaction commits, before the redirect is answered."""
    settings.LANTERN_TASKS_AFTER_COMMIT = True
    job, page_url = _ask(client, world, fmt="xlsx")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.file.storage.exists(job.file.name)
    assert "Your spreadsheet is ready" in client.get(page_url).content.decode()
