"""What reporting puts on My work (lantern.reports.work): each item for the right person
only, gone once done, and a bounded number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.actions.models import Finding, FindingResponse, Recommendation
from lantern.reports import services
from lantern.reports.models import ReportKind
from lantern.reports.period import last_complete_financial_year
from lantern.reports.work import reporting_work_for
from tests.factories import CaseFactory, GroupFactory, PartnershipFactory, UserFactory

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
    }


def _titles(user, today=None):
    return [i.title for i in reporting_work_for(user, today or timezone.localdate())]


def _report(cast, kind=ReportKind.SAB):
    return services.report_create(
        partnership=cast["partnership"],
        kind=kind,
        year=last_complete_financial_year(timezone.localdate()),
        user=cast["drafter"],
    )


def _submit(cast, report):
    for s in report.sections.exclude(key__startswith="member:"):
        services.section_save(report, s.key, "Done.", s.version, cast["drafter"])
    services.report_submit(report, cast["drafter"])


def test_writing_is_due_for_drafters_only_until_the_report_is_started(cast):
    today = timezone.localdate()
    year = last_complete_financial_year(today)
    items = [i for i in reporting_work_for(cast["officer"], today) if i.title.startswith("Write")]
    assert len(items) == 2  # both kinds
    assert all(i.due == datetime.date(year.end.year, 9, 30) for i in items)
    assert not _titles(cast["nobody"]) and not _titles(cast["chair"])
    _report(cast)
    assert sum(t.startswith("Write") for t in _titles(cast["officer"])) == 1


def test_approving_is_for_the_approver_not_the_submitter_and_goes_once_approved(cast):
    report = _report(cast)
    _submit(cast, report)
    approve = f"Approve the {report.title}"
    assert approve in _titles(cast["chair"])
    assert approve not in _titles(cast["drafter"]) and approve not in _titles(cast["nobody"])
    services.report_approve(report, cast["chair"], "Independent Chair")
    assert approve not in _titles(cast["chair"])


def test_a_returned_report_is_back_on_the_drafters_list(cast):
    report = _report(cast)
    _submit(cast, report)
    services.report_return(report, cast["chair"], "More.")
    assert f"Make the changes to the {report.title}" in _titles(cast["drafter"])
    assert f"Make the changes to the {report.title}" not in _titles(cast["chair"])


def test_sending_items_per_statutory_recipient_until_recorded(cast):
    report = _report(cast)
    _submit(cast, report)
    services.report_approve(report, cast["chair"], "Independent Chair")
    send = [t for t in _titles(cast["drafter"]) if t.startswith("Send")]
    assert len(send) == 5  # the SAB's five statutory recipients
    item = next(i for i in reporting_work_for(cast["drafter"]) if i.title.startswith("Send"))
    assert item.due == timezone.localdate(report.approved_at) + datetime.timedelta(days=30)
    services.sending_record(report, "healthwatch", "", timezone.localdate(), "", cast["drafter"])
    assert len([t for t in _titles(cast["drafter"]) if t.startswith("Send")]) == 4
    assert not any(t.startswith("Send") for t in _titles(cast["chair"]))


def test_the_children_s_report_is_due_to_its_recipients_7_days_after_publication(cast):
    report = _report(cast, ReportKind.CHILDREN)
    _submit(cast, report)
    services.report_approve(report, cast["chair"], "Independent Chair")
    items = [i for i in reporting_work_for(cast["drafter"]) if i.title.startswith("Send")]
    assert len(items) == 2 and all(i.due is None for i in items)
    services.report_publish(report, cast["drafter"])
    items = [i for i in reporting_work_for(cast["drafter"]) if i.title.startswith("Send")]
    assert all(i.due == report.published_on + datetime.timedelta(days=7) for i in items)


def test_a_review_finding_without_a_decision_or_recommendation_is_to_decide(cast):
    review = CaseFactory(partnership=cast["partnership"])
    audit = CaseFactory(partnership=cast["partnership"], pathway="macfa", subject=None)
    finding = Finding.objects.create(case=review, number=1, text="F", created_by=cast["drafter"])
    Finding.objects.create(case=audit, number=1, text="F", created_by=cast["drafter"])
    title = f"Decide whether to implement finding 1 of {review.reference}"
    items = [i for i in reporting_work_for(cast["officer"]) if i.kind == "finding"]
    assert [i.title for i in items] == [title]
    assert items[0].due == timezone.localdate(finding.created_at) + datetime.timedelta(days=28)
    assert "/findings/1/" in items[0].url
    assert title not in _titles(cast["chair"]) and title not in _titles(cast["nobody"])
    Recommendation.objects.create(
        partnership=cast["partnership"],
        case=review,
        number=1,
        finding=finding,
        text="R",
        monitoring_group=GroupFactory(partnership=cast["partnership"]),
        owner=cast["drafter"],
        impact_measure="Fewer missed appointments unescalated.",
        impact_review_on=datetime.date(2027, 6, 1),
        created_by=cast["drafter"],
    )
    assert title not in _titles(cast["officer"])


def test_a_decided_finding_is_gone(cast):
    review = CaseFactory(partnership=cast["partnership"])
    Finding.objects.create(
        case=review, number=1, text="F", created_by=cast["drafter"],
        response=FindingResponse.NOT_ACTING,
        response_reason="Already done.", response_on=timezone.localdate(),
        response_by=cast["drafter"],
    )  # fmt: skip
    assert not any("Decide" in t for t in _titles(cast["officer"]))


def test_queries_are_bounded_and_none_for_someone_with_nothing_here(cast):
    for _ in range(3):
        review = CaseFactory(partnership=cast["partnership"])
        Finding.objects.create(case=review, number=1, text="F", created_by=cast["drafter"])
    for kind in ReportKind:
        report = _report(cast, kind)
        _submit(cast, report)
        services.report_approve(report, cast["chair"], "Independent Chair")
    officer = cast["officer"]
    officer.role_set()
    with CaptureQueriesContext(connection) as queries:
        reporting_work_for(officer)
    assert len(queries) <= 4  # roles of the groups, reports, their sendings, findings
    nobody = cast["nobody"]
    nobody.role_set()
    with CaptureQueriesContext(connection) as queries:
        assert reporting_work_for(nobody) == []
    assert len(queries) <= 1  # at most the group roles the policy reads
