"""Issue 13: the notice of a SAR's delay is written in the background. The form records
the reasons, who it goes to and when the next update is due, then a job writes the DOCX
and PDF as before and its page links to them; someone who may not write the notice can
neither ask nor see the job."""

import datetime

import pytest
from django.urls import reverse
from docx import Document as read_docx

from lantern.adults.delay import NOTICE_TITLE, UPDATE_EVERY
from lantern.clock.models import CaseStep
from lantern.clock.services import step_extend
from lantern.documents.models import DocumentJob, JobStatus
from tests.factories import UserFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db

FORM = {"reasons": "A criminal trial.", "recipients": "Sam Advocate"}


def _delayed(sar):
    step = CaseStep.objects.get(case=sar.case, pathway="sar", step_id="sab-signoff")
    step_extend(step=step, new_due=datetime.date(2026, 12, 1), reason="Trial.")


def _url(sar):
    return reverse("adults:action", args=[sar.case.reference, "delay"])


def test_the_notice_is_recorded_then_written_by_a_job_whose_page_links_to_it(client, sar, manager):
    _delayed(sar)
    client.force_login(manager)
    asked = client.post(_url(sar), FORM)
    job = DocumentJob.objects.get()
    assert asked["Location"] == f"/documents/jobs/{job.pk}/"
    assert (job.status, job.case, job.title) == (JobStatus.DONE, sar.case, NOTICE_TITLE)
    sar.refresh_from_db()
    assert (sar.delay_recipients, sar.delay_notice_on) == ("Sam Advocate", TODAY)
    assert sar.next_update_due == TODAY + UPDATE_EVERY
    docx, pdf = sorted(job.documents.all(), key=lambda d: d.filename)
    assert docx.filename.endswith(".docx") and pdf.filename.endswith(".pdf")
    assert not docx.is_draft and docx.kind == "notice"
    text = "\n".join(p.text for p in read_docx(docx.file.open("rb")).paragraphs)
    assert "Sam Advocate" in text and "A criminal trial." in text
    page = client.get(asked["Location"]).content.decode()
    assert f"{NOTICE_TITLE} written" in page
    assert f'href="/cases/{sar.case.reference}/documents/{docx.pk}/"' in page
    assert f'href="{reverse("adults:case", args=[sar.case.reference])}"' in page
    # Issue 13 walk: what to do next reached nobody once the notice went to a job page.
    assert "Send it to the adult or their advocate once it is written" in page


def test_a_refusal_is_on_the_form_and_nobody_else_asks_or_sees(client, sar, manager):
    client.force_login(manager)
    refused = client.post(_url(sar), FORM)  # not delayed: nothing to write
    assert refused.status_code == 200
    assert "forecast to finish within six months" in refused.content.decode()
    assert not DocumentJob.objects.exists()
    _delayed(sar)
    page = client.post(_url(sar), FORM)["Location"]
    reader = UserFactory(partnership=sar.case.partnership)
    client.force_login(reader)
    assert client.post(_url(sar), FORM).status_code in (403, 404)
    assert DocumentJob.objects.count() == 1
    assert client.get(page).status_code == 404
