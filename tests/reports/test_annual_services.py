"""The annual reports' workflow rules (lantern.reports.services): every refusal and the
whole flow create → edit → submit → return → resubmit → approve → send → publish."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lantern.accounts.models import Role
from lantern.reports import services
from lantern.reports.models import AnnualReport, ReportKind, ReportStatus
from lantern.reports.period import financial_year
from lantern.reports.sections import sections_for
from lantern.web.versioning import EditConflict
from tests.factories import CaseFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
YEAR = financial_year(2025)


@pytest.fixture
def people():
    partnership = PartnershipFactory()
    drafter = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    other = UserFactory(partnership=partnership, roles=[Role.BUSINESS_UNIT_OFFICER])
    chair = UserFactory(partnership=partnership, roles=[Role.INDEPENDENT_CHAIR])
    return partnership, drafter, other, chair


def _create(partnership, drafter, kind=ReportKind.SAB):
    return services.report_create(
        partnership=partnership, kind=kind, year=YEAR, user=drafter, today=TODAY
    )


def _write_all(report, user):
    for section in report.sections.all():
        if not section.key.startswith("member:"):
            services.section_save(report, section.key, f"What we did: {section.key}.",
                                  section.version, user)  # fmt: skip


def _statutory(kind):
    return [s for s in sections_for(kind) if s.statutory and not s.per_member]


def test_create_makes_a_row_for_every_section_and_draws_facts(people):
    partnership, drafter, _, _ = people
    report = _create(partnership, drafter)
    keys = set(report.sections.values_list("key", flat=True))
    assert {s.key for s in sections_for(ReportKind.SAB) if not s.per_member} <= keys
    assert set(report.facts["sections"]) == {s.key for s in sections_for(ReportKind.SAB)}
    assert report.status == ReportStatus.DRAFT and report.facts_at is not None
    assert report.title.endswith("2025 to 2026")


def test_create_refuses_a_year_not_yet_ended(people):
    partnership, drafter, _, _ = people
    with pytest.raises(ValidationError, match="ended"):
        services.report_create(partnership=partnership, kind=ReportKind.SAB,
                               year=financial_year(2026), user=drafter, today=TODAY)  # fmt: skip
    assert not AnnualReport.objects.exists()


def test_create_refuses_a_second_report_of_the_same_kind_and_year(people):
    partnership, drafter, _, _ = people
    first = _create(partnership, drafter)
    with pytest.raises(ValidationError) as caught:
        _create(partnership, drafter)
    assert caught.value.code == "exists" and caught.value.params == {"pk": first.pk}
    assert AnnualReport.objects.count() == 1
    # the other kind for the same year is a different report
    _create(partnership, drafter, ReportKind.CHILDREN)


def test_section_save_is_versioned(people):
    partnership, drafter, other, _ = people
    report = _create(partnership, drafter)
    section = report.sections.get(key=_statutory(ReportKind.SAB)[0].key)
    services.section_save(report, section.key, "Mine", section.version, drafter)
    with pytest.raises(EditConflict):
        services.section_save(report, section.key, "Theirs", section.version, other)
    section.refresh_from_db()
    assert section.narrative == "Mine" and section.updated_by == drafter


def test_section_save_refuses_an_unknown_section(people):
    partnership, drafter, _, _ = people
    report = _create(partnership, drafter)
    with pytest.raises(ValidationError, match="no such section"):
        services.section_save(report, "nonsense", "x", None, drafter)


def test_submit_refuses_until_every_statutory_narrative_is_written(people):
    partnership, drafter, _, _ = people
    report = _create(partnership, drafter)
    first = _statutory(ReportKind.SAB)[0]
    with pytest.raises(ValidationError, match=first.title) as caught:
        services.report_submit(report, drafter)
    assert caught.value.code == "missing"
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert (first.key, first.title) in services.missing_sections(report)


def test_return_and_approve_refuse_the_submitter_and_a_draft(people):
    partnership, drafter, _, chair = people
    report = _create(partnership, drafter)
    with pytest.raises(ValidationError, match="awaiting approval"):
        services.report_approve(report, chair, "Independent Chair")
    with pytest.raises(ValidationError, match="awaiting approval"):
        services.report_return(report, chair, "Because")
    _write_all(report, drafter)
    services.report_submit(report, drafter)
    with pytest.raises(ValidationError, match="other than the person who submitted"):
        services.report_approve(report, drafter, "Business Manager")
    with pytest.raises(ValidationError, match="other than the person who submitted"):
        services.report_return(report, drafter, "Because")
    with pytest.raises(ValidationError, match="Say why"):
        services.report_return(report, chair, "  ")
    with pytest.raises(ValidationError, match="capacity"):
        services.report_approve(report, chair, "")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_submitted_report_cannot_be_edited_or_refreshed(people):
    partnership, drafter, _, _ = people
    report = _create(partnership, drafter)
    _write_all(report, drafter)
    services.report_submit(report, drafter)
    key = _statutory(ReportKind.SAB)[0].key
    with pytest.raises(ValidationError, match="sent back"):
        services.section_save(report, key, "Later", None, drafter)
    with pytest.raises(ValidationError, match="sent back"):
        services.report_refresh(report, drafter)


def test_submission_refuses_a_subject_name_or_contact_details(people):
    partnership, drafter, _, _ = people
    CaseFactory(partnership=partnership, subject__full_name="Jasper Quennell")
    report = _create(partnership, drafter)
    _write_all(report, drafter)
    key = _statutory(ReportKind.SAB)[0].key
    section = report.sections.get(key=key)
    services.section_save(report, key, "We met Jasper Quennell; call 01234 567890.",
                          section.version, drafter)  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.report_submit(report, drafter)
    messages = caught.value.messages
    assert any("telephone number" in m for m in messages)
    assert any("identifies a person" in m for m in messages), messages
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_approval_checks_again_for_a_name_recorded_since_submission(people):
    """The subject's case was opened after the report was submitted: approval finds it."""
    partnership, drafter, _, chair = people
    report = _create(partnership, drafter)
    _write_all(report, drafter)
    key = _statutory(ReportKind.SAB)[0].key
    section = report.sections.get(key=key)
    services.section_save(report, key, "We met Jasper Quennell.", section.version, drafter)
    services.report_submit(report, drafter)
    CaseFactory(partnership=partnership, subject__full_name="Jasper Quennell")
    with pytest.raises(ValidationError) as caught:
        services.report_approve(report, chair, "Independent Chair")
    assert any("identifies a person" in m for m in caught.value.messages)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_sending_refusals(people):
    partnership, drafter, _, chair = people
    report = _create(partnership, drafter)
    with pytest.raises(ValidationError, match="approved"):
        services.sending_record(report, "healthwatch", "", TODAY, "", drafter, today=TODAY)
    _write_all(report, drafter)
    services.report_submit(report, drafter)
    services.report_approve(report, chair, "Independent Chair, on behalf of the Board")
    approved = report.approved_at.date()
    with pytest.raises(ValidationError, match="Select who"):
        services.sending_record(report, "ofsted", "", approved, "", drafter, today=approved)
    with pytest.raises(ValidationError, match="Enter who"):
        services.sending_record(report, "other", " ", approved, "", drafter, today=approved)
    with pytest.raises(ValidationError, match="today or in the past"):
        services.sending_record(report, "healthwatch", "", approved + datetime.timedelta(1),
                                "", drafter, today=approved)  # fmt: skip
    with pytest.raises(ValidationError, match="on or after the day it was approved"):
        services.sending_record(report, "healthwatch", "", approved - datetime.timedelta(1),
                                "", drafter, today=approved)  # fmt: skip
    services.sending_record(report, "healthwatch", "", approved, "E-mail", drafter, today=approved)
    with pytest.raises(ValidationError, match="already recorded"):
        services.sending_record(report, "healthwatch", "", approved, "", drafter, today=approved)
    # "other" recipients may be recorded as often as needed
    services.sending_record(report, "other", "The CQC", approved, "", drafter, today=approved)
    services.sending_record(report, "other", "The CQC", approved, "", drafter, today=approved)
    assert report.sendings.count() == 3


def test_publish_refuses_a_draft_and_a_second_time(people):
    partnership, drafter, _, chair = people
    report = _create(partnership, drafter)
    with pytest.raises(ValidationError, match="approved"):
        services.report_publish(report, drafter)
    _write_all(report, drafter)
    services.report_submit(report, drafter)
    services.report_approve(report, chair, "Independent Chair")
    services.report_publish(report, drafter, today=TODAY)
    with pytest.raises(ValidationError, match="already"):
        services.report_publish(report, drafter)
    # after approval nothing in it changes
    with pytest.raises(ValidationError, match="approved"):
        services.report_refresh(report, drafter)


def test_the_whole_flow(people):
    partnership, drafter, other, chair = people
    report = _create(partnership, drafter, ReportKind.CHILDREN)
    _write_all(report, drafter)
    services.report_submit(report, drafter)
    services.report_return(report, chair, "Say more about impact.")
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.returned_reason
    services.report_refresh(report, other)
    key = _statutory(ReportKind.CHILDREN)[0].key
    section = report.sections.get(key=key)
    services.section_save(report, key, "With impact.", section.version, other)
    services.report_submit(report, other)
    assert report.returned_reason == ""
    services.report_approve(report, drafter, "Independent Chair, on behalf of the partners")
    assert report.status == ReportStatus.APPROVED and report.approved_by == drafter
    approved = report.approved_at.date()
    services.report_publish(report, other, today=approved)
    for recipient in ("national-panel", "foundations"):
        services.sending_record(report, recipient, "", approved, "E-mail", other, today=approved)
    report.refresh_from_db()
    assert report.published_on == approved and report.sendings.count() == 2


def test_submit_emails_the_approvers_and_return_emails_the_drafter(people, mailoutbox):
    partnership, drafter, _, chair = people
    report = _create(partnership, drafter)
    _write_all(report, drafter)
    services.report_submit(report, drafter)
    assert [m.to for m in mailoutbox] == [[chair.email]]  # not the drafters
    assert report.title in mailoutbox[0].subject
    mailoutbox.clear()
    services.report_return(report, chair, "Add the impact.")
    assert [m.to for m in mailoutbox] == [[drafter.email]]
    assert "Add the impact." in mailoutbox[0].body


def test_two_deciding_at_once_the_second_sees_the_first_decision(people):
    """The Chair approves while the board's chair, on the page loaded before, sends it
    back: the send-back is refused, and the approval stands."""
    partnership, drafter, other, chair = people
    report = _create(partnership, drafter)
    _write_all(report, drafter)
    services.report_submit(report, drafter)
    seen_by_chair = AnnualReport.objects.get(pk=report.pk)
    seen_by_other = AnnualReport.objects.get(pk=report.pk)
    services.report_approve(seen_by_chair, chair, "Independent Chair")
    with pytest.raises(ValidationError, match="awaiting approval"):
        services.report_return(seen_by_other, other, "Not yet")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.returned_reason == ""


def test_a_section_saved_from_a_page_loaded_before_submission_is_refused(people):
    partnership, drafter, other, _ = people
    report = _create(partnership, drafter)
    _write_all(report, drafter)
    stale = AnnualReport.objects.get(pk=report.pk)
    section = stale.sections.get(key=_statutory(ReportKind.SAB)[0].key)
    services.report_submit(report, drafter)
    with pytest.raises(ValidationError):
        services.section_save(stale, section.key, "Late words", section.version, other)
    section.refresh_from_db()
    assert section.narrative != "Late words"
