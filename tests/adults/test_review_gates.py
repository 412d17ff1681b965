"""The SAR's review runs in its declared order (the kernel's gates): no jump from "IMRs
requested" to the draft, committee, sign-off, publication or learning event."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from lantern.adults import review
from lantern.agencyrequests.models import AgencyRequest
from lantern.documents.services import document_upload

from .conftest import TODAY, answer_imrs, draft_upload, imrs_requested

pytestmark = pytest.mark.django_db


def refused(match, run, *args, **kwargs):
    with pytest.raises(ValidationError, match=match):
        run(*args, **kwargs)


def test_rule_the_draft_report_needs_every_imr_returned_and_a_draft_on_the_case(sar, manager):
    imrs_requested(sar)
    refused("Still waiting for Care Home", review.sar_step_done, sar=sar,
            step_id="draft-report", on=TODAY)  # fmt: skip
    answer_imrs(sar)
    # An IMR sent back to its agency for more is waiting again.
    AgencyRequest.objects.filter(case=sar.case, kind="imr").update(status="returned")
    refused("Still waiting for Care Home", review.sar_step_done, sar=sar,
            step_id="draft-report", on=TODAY)  # fmt: skip
    answer_imrs(sar)
    refused("needs a draft report on the case", review.sar_step_done, sar=sar,
            step_id="draft-report", on=TODAY)  # fmt: skip
    draft_upload(sar, manager)
    review.sar_step_done(sar=sar, step_id="draft-report", on=TODAY)
    sar.case.refresh_from_db()
    assert sar.case.stage == "report"


def test_rule_the_draft_report_needs_the_imrs_requested(sar, manager):
    for step_id in ("reviewers-commissioned", "initial-scoping-meeting"):
        review.sar_step_done(sar=sar, step_id=step_id, on=TODAY)
    draft_upload(sar, manager)
    refused("comes after “Request the IMRs”", review.sar_step_done, sar=sar,
            step_id="draft-report", on=TODAY)  # fmt: skip


def test_rule_committee_sign_off_family_publication_and_learning_event_in_turn(sar, manager):
    imrs_requested(sar)
    answer_imrs(sar)
    draft_upload(sar, manager)
    refused("comes after “Record the draft final report", review.sar_step_done, sar=sar,
            step_id="sar-committee", on=TODAY)  # fmt: skip
    review.sar_step_done(sar=sar, step_id="draft-report", on=TODAY)

    refused("comes after “Record the SAR Committee”", review.sab_signoff, sar=sar, on=TODAY,
            publication="full")  # fmt: skip
    review.sar_step_done(sar=sar, step_id="sar-committee", on=TODAY)

    after_signoff = "comes after “Sign off the SAR report for the SAB”"
    refused(after_signoff, review.family_shared, sar=sar, on=TODAY)
    refused(after_signoff, review.publish, sar=sar, on=TODAY, url="https://example.org/sar")
    review.sab_signoff(sar=sar, on=TODAY, publication="full")
    review.family_shared(sar=sar, on=TODAY)

    refused("Choose the final \\(not draft\\) report", review.publish, sar=sar, on=TODAY,
            url="https://example.org/sar")  # fmt: skip
    refused("comes after “Publish the report”", review.learning_event, sar=sar, on=TODAY)
    report = document_upload(
        case=sar.case, title="SAR report", kind="final_report", user=manager, is_draft=False,
        file=ContentFile(b"Adult A died.", name="report.txt"),
    )  # fmt: skip
    review.final_report_set(sar=sar, document=report)
    review.publish(sar=sar, on=TODAY, url="https://example.org/sar")
    review.learning_event(sar=sar, on=TODAY)
    sar.case.refresh_from_db()
    assert sar.case.stage == "closed"


def test_rule_a_step_is_not_dated_before_the_step_it_follows(sar, manager):
    later = datetime.date(2026, 3, 10)
    with time_machine.travel(later, tick=False):
        imrs_requested(sar)
        answer_imrs(sar)
        draft_upload(sar, manager)
        review.sar_step_done(sar=sar, step_id="draft-report", on=later)
        refused("cannot be dated before “Record the draft final report going to the SAR Panel” "
                "\\(10 March 2026\\)", review.sar_step_done, sar=sar, step_id="sar-committee",
                on=TODAY)  # fmt: skip
        review.sar_step_done(sar=sar, step_id="sar-committee", on=later)
