"""Issue 13: the audit's report is written in the background. The lead's button makes a
job whose page links to the DOCX and PDF kept as the audit's documents (the same report
as before: marked as a draft until ratified, its chart in both formats); nobody but a
lead may ask, nobody but the asker sees the job; a failure is said in plain words."""

import pytest
from django.urls import reverse
from docx import Document as read_docx

from lantern.audit.models import AuditEvent
from lantern.audits import report
from lantern.documents.jobs import FAILED
from lantern.documents.models import DRAFT_MARKING, DocumentJob, JobStatus
from tests.factories import UserFactory

from .conftest import pdf_figure_alts

pytestmark = pytest.mark.django_db


def _generate(client, audit):
    return client.post(reverse("audits:generate", args=[audit.case.reference]))


def test_the_leads_button_makes_a_job_that_writes_the_report(client, found, manager):
    client.force_login(manager)
    asked = _generate(client, found)
    job = DocumentJob.objects.get()
    assert asked["Location"] == f"/documents/jobs/{job.pk}/"
    assert (job.status, job.case, job.title) == (JobStatus.DONE, found.case, report.REPORT_TITLE)
    docx, pdf = sorted(job.documents.all(), key=lambda d: d.filename)
    assert {d.pk for d in report.report_documents(found)} == {docx.pk, pdf.pk}
    assert docx.is_draft and pdf.is_draft and docx.kind == "report_draft"
    document = read_docx(docx.file.open("rb"))
    assert document.sections[0].header.paragraphs[0].text == DRAFT_MARKING
    described = document.inline_shapes[0]._inline.docPr.get("descr")
    assert pdf_figure_alts(pdf.file.open("rb").read()) == [described]
    created = AuditEvent.objects.filter(object_type="documents.document", action="create")
    assert {e.actor for e in created} == {manager} and created.count() == 2
    text = client.get(asked["Location"]).content.decode()
    assert "Multi-agency case file audit report written" in text
    assert f'href="/cases/{found.case.reference}/documents/{docx.pk}/"' in text
    assert f'href="{reverse("audits:report", args=[found.case.reference])}"' in text
    # Asked again: the next version, as before.
    _generate(client, found)
    assert {d.version for d in DocumentJob.objects.first().documents.all()} == {2}


def test_only_a_lead_asks_and_only_the_asker_sees_the_job(client, found, manager):
    member = UserFactory(partnership=found.case.partnership)
    client.force_login(member)
    assert _generate(client, found).status_code in (403, 404)
    assert not DocumentJob.objects.exists()
    client.force_login(manager)
    page = _generate(client, found)["Location"]
    client.force_login(member)
    assert client.get(page).status_code == 404


def test_no_findings_is_refused_at_once_on_the_report_page(client, returned, manager):
    client.force_login(manager)
    answer = client.post(
        reverse("audits:generate", args=[returned.case.reference]), follow=True
    ).content.decode()
    assert "Record the findings before generating the report." in answer
    assert not DocumentJob.objects.exists()


def test_a_failure_is_shown_in_plain_words_with_try_again(client, found, manager, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(report, "report_generate", broken)
    client.force_login(manager)
    page = _generate(client, found)["Location"]
    job = DocumentJob.objects.get()
    assert (job.status, job.error) == (JobStatus.FAILED, FAILED)
    text = client.get(page).content.decode()
    assert "could not be written" in text and "Try again" in text and "disk full" not in text
