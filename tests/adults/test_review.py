"""The SAR from its commission date: timetable, panel meetings, IMRs, sign-off, publication,
and the notice when it will take longer than six months."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from lantern.adults import delay, review
from lantern.agencyrequests.models import AgencyRequest
from lantern.clock.models import CaseStep
from lantern.clock.services import step_extend
from lantern.documents.services import document_upload
from lantern.meetings.models import Meeting

from .conftest import TODAY, imrs_requested, signed_off

pytestmark = pytest.mark.django_db


def _steps(sar):
    return {s.step_id: s for s in CaseStep.objects.filter(case=sar.case, pathway="sar")}


def test_commission_sets_the_month_by_month_timetable(sar):
    steps = _steps(sar)
    assert steps["reviewers-commissioned"].due == TODAY + datetime.timedelta(weeks=3)
    assert steps["sab-signoff"].due == datetime.date(2026, 9, 2)  # 6 months
    assert steps["publication"].due == datetime.date(2026, 10, 2)  # 7 months
    assert steps["learning-event"].due == datetime.date(2026, 12, 2)  # 9 months
    assert sar.case.stage == "review"


def test_commission_schedules_one_panel_meeting_a_month_to_the_draft_report(sar):
    """Monthly from the commission date, each on a working day (2 May 2026 is a Saturday
    and 4 May a bank holiday: the 5th)."""
    dates = list(Meeting.objects.filter(case=sar.case, kind="panel").values_list("date", flat=True))
    assert dates == [datetime.date(2026, 4, 2), datetime.date(2026, 5, 5),
                     datetime.date(2026, 6, 2), datetime.date(2026, 7, 2),
                     datetime.date(2026, 8, 3)]  # fmt: skip


def test_a_sar_is_commissioned_only_once_agreed(submitted):
    with pytest.raises(ValidationError):
        review.sar_commission(referral=submitted, on=TODAY)


def test_imrs_follow_the_initial_scoping_meeting_and_answer_the_terms_of_reference(sar, agreed):
    ids = list(agreed.involved_agencies.values_list("pk", flat=True))
    due = TODAY + datetime.timedelta(weeks=6)
    with pytest.raises(ValidationError, match="initial scoping meeting"):
        review.imr_send(sar=sar, agency_ids=ids, due=due)
    review.sar_step_done(sar=sar, step_id="reviewers-commissioned", on=TODAY)
    review.sar_step_done(sar=sar, step_id="initial-scoping-meeting", on=TODAY)
    sent = review.imr_send(sar=sar, agency_ids=ids, due=due)
    assert len(sent) == 3 and all(sar.terms_of_reference in r.instructions for r in sent)


def test_imr_author_independence_must_be_recorded_and_confirmed(sar, agreed, manager):
    imr = imrs_requested(sar)[0]
    fields = dict(name="Jo Bloggs", job_title="Head of Quality", independence="No line role.")
    with pytest.raises(ValidationError) as error:
        review.imr_author_record(request=imr, confirmed=False, user=manager, **fields)
    assert "confirmed" in error.value.message_dict
    author = review.imr_author_record(request=imr, confirmed=True, user=manager, **fields)
    assert author.confirmed_by == manager and author.confirmed_on == TODAY
    assert AgencyRequest.objects.get(pk=imr.pk).imr_author == author


def _report(sar, manager, text):
    return document_upload(
        case=sar.case, title="SAR report", kind="final_report",
        file=ContentFile(text.encode(), name="report.txt"), user=manager, is_draft=False,
    )  # fmt: skip


def test_publication_is_refused_while_the_report_names_the_adult(sar, manager):
    signed_off(sar, manager, publication="summary")
    review.final_report_set(sar=sar, document=_report(sar, manager, "Alex Example died."))
    with pytest.raises(ValidationError, match="names the adult") as error:
        review.publish(sar=sar, on=TODAY, url="https://example.org/sar")
    assert "child" not in str(error.value)
    review.final_report_set(sar=sar, document=_report(sar, manager, "Adult A died."))
    review.publish(sar=sar, on=TODAY, url="https://example.org/sar")
    review.learning_event(sar=sar, on=TODAY)
    assert sar.case.stage == "closed" and sar.publication == "summary"


def test_sab_signoff_waits_for_the_draft_report(sar):
    with pytest.raises(ValidationError):
        review.sab_signoff(sar=sar, on=TODAY, publication="full")


def test_delay_notice_only_when_the_forecast_passes_six_months(sar, manager):
    assert not delay.is_delayed(sar)
    with pytest.raises(ValidationError):
        delay.delay_notice(sar=sar, reasons="Trial", recipients="Advocate", user=manager)
    step = _steps(sar)["sab-signoff"]
    step_extend(step=step, new_due=datetime.date(2026, 12, 1), reason="Criminal trial.")
    assert delay.is_delayed(sar)


def test_delay_notice_needs_reasons_and_writes_docx_and_pdf_with_a_reminder(sar, manager):
    step_extend(step=_steps(sar)["sab-signoff"], new_due=datetime.date(2026, 12, 1), reason="Trial")
    with pytest.raises(ValidationError) as error:
        delay.delay_notice(sar=sar, reasons="", recipients="", user=manager)
    assert {"reasons", "recipients"} <= set(error.value.message_dict)
    docx, pdf = delay.delay_notice(
        sar=sar, reasons="Criminal trial.", recipients="Sam Advocate", user=manager
    )
    assert docx.filename.endswith(".docx") and pdf.filename.endswith(".pdf")
    assert not docx.is_draft and sar.delay_recipients == "Sam Advocate"
    assert sar.next_update_due == TODAY + datetime.timedelta(weeks=4)
    delay.delay_update_sent(sar=sar, on=TODAY)
