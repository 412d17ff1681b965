"""The annual reports' pages: who may see and do what (403/404), the messages on bad
input (and that nothing changes), and the flow through the pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.audit.models import AuditEvent
from lantern.reports import services
from lantern.reports.models import AnnualReport, ReportKind, ReportStatus
from lantern.reports.period import last_complete_financial_year
from lantern.reports.sections import sections_for
from tests.factories import PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    partnership = PartnershipFactory()
    return {
        "partnership": partnership,
        "drafter": UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER]),
        "officer": UserFactory(partnership=partnership, roles=[Role.BUSINESS_UNIT_OFFICER]),
        "chair": UserFactory(partnership=partnership, roles=[Role.INDEPENDENT_CHAIR]),
        "nobody": UserFactory(partnership=partnership, roles=[]),
        "stranger": UserFactory(roles=[Role.BUSINESS_MANAGER]),
    }


def _year():
    return last_complete_financial_year(timezone.localdate())


def _report(cast, kind=ReportKind.SAB):
    return services.report_create(
        partnership=cast["partnership"], kind=kind, year=_year(), user=cast["drafter"]
    )


def _written(cast):
    report = _report(cast)
    for s in report.sections.exclude(key__startswith="member:"):
        services.section_save(report, s.key, "Done.", s.version, cast["drafter"])
    return report


def _statutory_key():
    return next(s.key for s in sections_for(ReportKind.SAB) if s.statutory and not s.per_member)


def test_only_readers_see_the_list_and_only_drafters_start(client, cast):
    client.force_login(cast["nobody"])
    assert client.get(reverse("reports:annual_list")).status_code == 403
    client.force_login(cast["chair"])
    page = client.get(reverse("reports:annual_list"))
    assert page.status_code == 200 and b"Start a report" not in page.content
    response = client.post(
        reverse("reports:annual_new"), {"kind": "sab", "year": str(_year().start.year)}
    )
    assert response.status_code == 403 and not AnnualReport.objects.exists()


def test_start_offers_no_future_year_and_refuses_a_duplicate_with_a_link(client, cast):
    client.force_login(cast["drafter"])
    this_year = _year().start.year + 1
    response = client.post(reverse("reports:annual_new"), {"kind": "sab", "year": str(this_year)})
    assert "Select a financial year that has ended." in response.content.decode()
    assert not AnnualReport.objects.exists()
    response = client.post(reverse("reports:annual_new"), {"year": str(this_year - 1)})
    assert "Select which report to start." in response.content.decode()
    first = _report(cast)
    response = client.post(
        reverse("reports:annual_new"), {"kind": "sab", "year": str(this_year - 1)}
    )
    page = response.content.decode()
    assert "There is already a" in page
    assert reverse("reports:annual_detail", args=[first.pk]) in page
    assert AnnualReport.objects.count() == 1


def test_start_creates_the_report(client, cast):
    client.force_login(cast["drafter"])
    response = client.post(
        reverse("reports:annual_new"), {"kind": "children", "year": str(_year().start.year)}
    )
    report = AnnualReport.objects.get()
    assert response["Location"] == reverse("reports:annual_detail", args=[report.pk])
    assert report.kind == ReportKind.CHILDREN


def test_another_partnership_s_report_is_not_found(client, cast):
    report = _report(cast)
    client.force_login(cast["stranger"])
    assert client.get(reverse("reports:annual_detail", args=[report.pk])).status_code == 404


def test_the_detail_page_logs_the_read_of_a_draft_and_lists_what_is_missing(client, cast):
    report = _report(cast)
    client.force_login(cast["officer"])
    page = client.get(reverse("reports:annual_detail", args=[report.pk])).content.decode()
    assert "UNPUBLISHED DRAFT" in page
    assert reverse("reports:section_edit", args=[report.pk, _statutory_key()]) in page
    assert "Not written" in page
    assert AuditEvent.objects.filter(action="read", object_id=str(report.pk)).exists()


def test_a_reader_cannot_edit_submit_or_approve(client, cast):
    report = _written(cast)
    reader = UserFactory(partnership=cast["partnership"], roles=[Role.INDEPENDENT_CHAIR])
    client.force_login(reader)
    key = _statutory_key()
    assert client.get(reverse("reports:section_edit", args=[report.pk, key])).status_code == 403
    assert client.post(reverse("reports:annual_submit", args=[report.pk])).status_code == 403
    client.force_login(cast["officer"])
    response = client.post(
        reverse("reports:annual_approve", args=[report.pk]), {"approved_as": "x"}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_section_edit_refuses_a_nul_and_shows_a_conflict(client, cast):
    report = _report(cast)
    key = _statutory_key()
    url = reverse("reports:section_edit", args=[report.pk, key])
    client.force_login(cast["drafter"])
    page = client.get(url).content.decode()
    assert next(s.prompt for s in sections_for("sab") if s.key == key)[:40] in page
    section = report.sections.get(key=key)
    response = client.post(url, {"narrative": "bad\x00text", "version": section.version})
    assert (
        response.status_code == 200
        and "Null characters are not allowed" in response.content.decode()
    )
    section.refresh_from_db()
    assert section.narrative == ""
    # someone else saves first: the older copy is refused, theirs kept
    old = section.version
    services.section_save(report, key, "Theirs.", old, cast["officer"])
    response = client.post(url, {"narrative": "Mine.", "version": old})
    assert response.status_code == 200
    section.refresh_from_db()
    assert section.narrative == "Theirs."


def test_submit_with_missing_sections_changes_nothing(client, cast):
    report = _report(cast)
    client.force_login(cast["drafter"])
    response = client.post(reverse("reports:annual_submit", args=[report.pk]), follow=True)
    assert "Write every section the law asks for" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_return_needs_a_reason_and_the_submitter_cannot_decide(client, cast):
    report = _written(cast)
    services.report_submit(report, cast["drafter"])
    client.force_login(cast["chair"])
    response = client.post(reverse("reports:annual_return", args=[report.pk]), {"reason": " "})
    assert "Enter why the report is sent back" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_send_page_refuses_a_future_date(client, cast):
    report = _written(cast)
    services.report_submit(report, cast["drafter"])
    services.report_approve(report, cast["chair"], "Independent Chair")
    client.force_login(cast["drafter"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("reports:annual_send", args=[report.pk]),
        {"recipient": "healthwatch", "sent_on_0": tomorrow.day, "sent_on_1": tomorrow.month,
         "sent_on_2": tomorrow.year},
    )  # fmt: skip
    assert "today or in the past" in response.content.decode()
    assert not report.sendings.exists()
    response = client.post(reverse("reports:annual_send", args=[report.pk]), {"recipient": "other"})
    assert "Enter who the report was sent to." in response.content.decode()


def test_the_whole_flow_through_the_pages(client, cast):
    drafter, chair = cast["drafter"], cast["chair"]
    client.force_login(drafter)
    client.post(reverse("reports:annual_new"), {"kind": "sab", "year": str(_year().start.year)})
    report = AnnualReport.objects.get()
    for section in report.sections.exclude(key__startswith="member:"):
        url = reverse("reports:section_edit", args=[report.pk, section.key])
        assert (
            client.post(url, {"narrative": "What we did.", "version": section.version}).status_code
            == 302
        )
    client.post(reverse("reports:annual_submit", args=[report.pk]))
    client.force_login(chair)
    client.post(reverse("reports:annual_return", args=[report.pk]), {"reason": "More impact."})
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    client.force_login(drafter)
    client.post(reverse("reports:annual_submit", args=[report.pk]))
    client.force_login(chair)
    client.post(
        reverse("reports:annual_approve", args=[report.pk]),
        {"approved_as": "Independent Chair, on behalf of the Board"},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    client.force_login(drafter)
    today = timezone.localdate()
    client.post(
        reverse("reports:annual_send", args=[report.pk]),
        {"recipient": "healthwatch", "sent_on_0": today.day, "sent_on_1": today.month,
         "sent_on_2": today.year, "how": "E-mail"},
    )  # fmt: skip
    client.post(reverse("reports:annual_publish", args=[report.pk]))
    report.refresh_from_db()
    assert report.published_on == today and report.sendings.get().recipient == "healthwatch"
    page = client.get(reverse("reports:annual_detail", args=[report.pk])).content.decode()
    assert "UNPUBLISHED DRAFT" not in page and "Published" in page
    # the form no longer offers a recipient already sent to
    page = client.get(reverse("reports:annual_send", args=[report.pk])).content.decode()
    assert 'value="healthwatch"' not in page and 'value="hwb-chair"' in page


def test_a_board_member_reads_their_own_boards_report_only(client, cast):
    """A member of the Safeguarding Adults Board reads the SAB's report, not the children's
    partners' draft (which their board does not own): 404, and it is not listed."""
    from lantern.partnerships.models import GroupKind
    from tests.factories import GroupFactory

    board = GroupFactory(partnership=cast["partnership"], kind=GroupKind.SAB)
    member = UserFactory(partnership=cast["partnership"], roles=[(Role.GROUP_MEMBER, board)])
    sab, children = _report(cast), _report(cast, ReportKind.CHILDREN)
    client.force_login(member)
    listed = client.get(reverse("reports:annual_list"))
    assert list(listed.context["reports"]) == [sab]
    assert client.get(reverse("reports:annual_detail", args=[sab.pk])).status_code == 200
    assert client.get(reverse("reports:annual_detail", args=[children.pk])).status_code == 404
    assert client.get(reverse("reports:annual_pdf", args=[children.pk])).status_code == 404
