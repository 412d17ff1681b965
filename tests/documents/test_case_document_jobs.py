"""Issue 13: a job whose builder keeps documents of a case (Builder.store). The job
records the documents it made; its shared page (/documents/jobs/<id>/) says what is
written and for which case, shows progress while it runs, then links to the documents
through their own permission-checked views, or says why it failed and offers to try
again; only the person who asked sees it, while they may still see the case."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from lantern.accounts.models import Role
from lantern.audit.models import AuditEvent
from lantern.cases.access import get_case_for_user
from lantern.documents.jobs import (
    CASE_DOCUMENTS,
    NO_ACCESS,
    Builder,
    job_request,
    job_run,
    register,
)
from lantern.documents.models import Document, DocumentJob, JobStatus, PrivateStorage
from lantern.documents.services import document_upload
from tests.factories import CaseFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _check(user: Any, params: dict[str, Any]) -> None:
    get_case_for_user(user, params["reference"])
    if user.email in params.get("refuse", []):
        raise PermissionDenied("Not for you.")


def _store(job: DocumentJob, report: Any) -> list[Document]:
    report("Writing the note", 30)
    if job.params.get("refused"):
        raise ValidationError("Record the decision first.")
    made = []
    for n in (1, 2):
        note = ContentFile(f"note {n}".encode(), name=f"note-{n}.txt")
        document = document_upload(
            case=job.case, title="A note", kind="notice", user=job.requested_by,
            is_draft=False, file=note,
        )  # fmt: skip
        made.append(document)
    return made


NOTE = register(
    Builder(
        name="tests.case_note",
        formats={CASE_DOCUMENTS: ""},
        check=_check,
        store=_store,
        back=lambda job: (f"/cases/{job.case.reference}/", "Back to the case"),
    )
)


@pytest.fixture
def world():
    partnership = PartnershipFactory()
    case = CaseFactory(partnership=partnership, title="Working title")
    manager = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    colleague = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    return case, manager, colleague


def _ask(case, user, **params) -> DocumentJob:
    job = job_request(
        user=user, builder=NOTE, params={"reference": case.reference, **params},
        fmt=CASE_DOCUMENTS, title="Case note", case=case,
    )  # fmt: skip
    job.refresh_from_db()
    return job


def test_the_job_keeps_the_documents_it_made_and_its_page_links_to_them(client, world):
    case, manager, _colleague = world
    job = _ask(case, manager)
    assert (job.status, job.percent, job.case) == (JobStatus.DONE, 100, case)
    made = sorted(job.documents.all(), key=lambda d: d.filename)
    assert [d.filename for d in made] == ["note-1.txt", "note-2.txt"]
    assert not job.file  # no file of its own: the documents are the case's
    # Written by a worker (nobody acting): recorded as made by the person who asked.
    created = AuditEvent.objects.filter(object_type="documents.document", action="create")
    assert {e.actor for e in created} == {manager} and created.count() == 2
    client.force_login(manager)
    page = client.get(f"/documents/jobs/{job.pk}/")
    text = page.content.decode()
    assert "Refresh" not in page and page["Cache-Control"] == "private, no-store"
    assert f"{case.reference}: {case.display_title}" in text
    assert "Case note written" in text and 'href="/cases/' + case.reference + '/"' in text
    for document in made:
        link = f"/cases/{case.reference}/documents/{document.pk}/"
        assert f'href="{link}">{document.filename}</a>' in text
        assert client.get(link).status_code == 200


def test_a_job_running_shows_what_and_its_progress_and_reloads(client, world):
    case, manager, _colleague = world
    job = _ask(case, manager)
    DocumentJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, percent=30, progress="Writing the note"
    )
    client.force_login(manager)
    page = client.get(f"/documents/jobs/{job.pk}/")
    text = page.content.decode()
    assert page["Refresh"] == "3"
    assert '<div role="status" aria-live="polite">' in text
    assert "Writing the case note" in text and "30% done: Writing the note" in text
    assert "Refresh" not in client.get(f"/documents/jobs/{job.pk}/", {"refresh": "off"})


def test_the_pathways_refusal_is_shown_and_trying_again_asks_anew(client, world):
    case, manager, _colleague = world
    job = _ask(case, manager, refused=True)
    assert (job.status, job.error) == (JobStatus.FAILED, "Record the decision first.")
    assert not job.documents.exists()
    client.force_login(manager)
    text = client.get(f"/documents/jobs/{job.pk}/").content.decode()
    assert "The case note could not be written" in text and "Record the decision first." in text
    assert f'action="/documents/jobs/{job.pk}/again/"' in text
    again = client.post(f"/documents/jobs/{job.pk}/again/")
    newer = DocumentJob.objects.exclude(pk=job.pk).get()
    assert again["Location"] == f"/documents/jobs/{newer.pk}/"
    assert (newer.builder, newer.params, newer.case) == (NOTE.name, job.params, case)


def test_only_the_asker_who_still_sees_the_case_gets_the_job(client, world):
    case, manager, colleague = world
    job = _ask(case, manager)
    stranger = UserFactory(roles=[Role.BUSINESS_MANAGER])  # another partnership
    for person in (colleague, stranger):
        client.force_login(person)
        assert client.get(f"/documents/jobs/{job.pk}/").status_code == 404
        assert client.post(f"/documents/jobs/{job.pk}/again/").status_code == 404
    DocumentJob.objects.filter(pk=job.pk).update(params={**job.params, "refuse": [manager.email]})
    client.force_login(manager)
    assert client.get(f"/documents/jobs/{job.pk}/").status_code == 403


def test_a_builder_gives_one_kind_of_result_and_a_storing_one_a_way_back():
    with pytest.raises(ValueError):
        Builder(name="x", formats={}, check=_check)
    with pytest.raises(ValueError):
        Builder(name="x", formats={}, check=_check, store=_store)
    with pytest.raises(ValueError):
        Builder(name="x", formats={}, check=_check, store=_store, build=lambda j, r: ("", b""))


def test_access_is_checked_again_when_the_job_runs(world):
    case, manager, _colleague = world
    job = DocumentJob.objects.create(
        partnership=case.partnership, requested_by=manager, builder=NOTE.name,
        params={"reference": case.reference, "refuse": [manager.email]},
        fmt=CASE_DOCUMENTS, title="Case note", case=case,
    )  # fmt: skip
    assert job_run(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error == NO_ACCESS and not job.documents.exists()
    assert not Document.objects.filter(case=case).exists()


def test_a_single_file_job_is_not_served_at_the_shared_address(
    client, world, tmp_path, monkeypatch
):
    """Its pathway's own page serves it (the pack's download is a read it records)."""
    storage = PrivateStorage(location=tmp_path / "jobs")
    monkeypatch.setattr(DocumentJob._meta.get_field("file"), "storage", storage)
    case, manager, _colleague = world
    job = job_request(
        user=manager, builder=ONE_FILE, params={"reference": case.reference}, fmt="txt",
        title="One file",
    )  # fmt: skip
    client.force_login(manager)
    assert client.get(f"/documents/jobs/{job.pk}/").status_code == 404


ONE_FILE = register(
    Builder(
        name="tests.one_file",
        formats={"txt": "text/plain"},
        check=_check,
        build=lambda job, report: ("one.txt", b"one"),
    )
)


def _waiting(case, user, **fields) -> DocumentJob:
    """A job asked for but not yet done (no worker has taken it, or one is writing it)."""
    return DocumentJob.objects.create(
        partnership=case.partnership, requested_by=user, builder=NOTE.name,
        params={"reference": case.reference}, fmt=CASE_DOCUMENTS, title="Case note",
        case=case, **fields,
    )  # fmt: skip


def test_the_documents_page_links_to_the_askers_jobs_still_being_prepared(client, world):
    """Issue 13 (walk): while a document of the case is waiting or being written, the
    case's documents page says so and links to its job page; to the asker only (the
    job's page is theirs alone), and no more once it is done or given up."""
    import datetime

    from django.utils import timezone

    from lantern.documents.jobs import GIVE_UP_AFTER

    case, manager, colleague = world
    queued = _waiting(case, manager)
    running = _waiting(case, manager, status=JobStatus.RUNNING, percent=40)
    done = _waiting(case, manager, status=JobStatus.DONE, percent=100)
    old = _waiting(case, manager)
    DocumentJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - GIVE_UP_AFTER - datetime.timedelta(minutes=1)
    )
    documents_page = f"/cases/{case.reference}/documents/"
    client.force_login(manager)
    text = client.get(documents_page).content.decode()
    assert "Being prepared for you:" in text
    link = f'<a class="govuk-link" href="/documents/jobs/{queued.pk}/">Case note</a>'
    assert f"{link}: waiting to start" in text
    assert f'href="/documents/jobs/{running.pk}/">Case note</a>: being prepared, 40% done' in text
    for finished in (done, old):
        assert f"/documents/jobs/{finished.pk}/" not in text
    client.force_login(colleague)
    text = client.get(documents_page).content.decode()
    assert "Being prepared for you" not in text and "/documents/jobs/" not in text
