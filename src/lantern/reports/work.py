"""What reporting puts on My work (lantern.work):

For those who draft the annual reports (the Business Manager and the Business Unit):
- "Write the <kind> for <year>": the last complete financial year has no report of that
  kind. Due 30 September after the year ends: a local default (the law sets no date).
- "Make the changes to the <report>": a report sent back by its approver.
- "Send the <report> to <recipient>": each statutory recipient not yet recorded on an
  approved report. The children's report: 7 days after publication (Working Together
  2023); the SAB's: 30 days after approval (a local default).
- "Decide whether to implement finding N of <ref>": a review's finding (not an audit's,
  nor adopted national learning) with no decision and no recommendation. Due 28 days
  after it was recorded (a local default). Whoever may change the case records it; the
  Business Manager and the Business Unit change every case, so one query serves them.
For those who approve a kind of report: "Approve the <report>" once it is submitted.

A few queries whatever the number of reports and findings, and none for someone with
nothing to do here.
"""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone

from lantern.access.policy import can_approve_annual_report, can_draft_annual_reports
from lantern.actions.models import Finding, Recommendation
from lantern.work.items import WorkItem

from .models import AnnualReport, ReportKind, ReportSending, ReportStatus
from .period import financial_year_label, last_complete_financial_year
from .recipients import CHILDREN_SEND_WITHIN_DAYS, recipients_for

#: Days after approval by which the SAB's report reaches its recipients (local default).
SAB_SEND_WITHIN_DAYS = 30
#: Days after a finding is recorded by which it is decided (local default).
FINDING_DECIDE_WITHIN_DAYS = 28
#: Pathways whose findings are not a review's: audits and adopted national learning.
NOT_REVIEWS = ("macfa", "national")


def _item(
    title: str,
    url: str,
    due: datetime.date | None,
    today: datetime.date,
    why: str,
    kind: str = "report",
    **more: Any,
) -> WorkItem:
    return WorkItem(
        kind=kind,
        title=title,
        url=url,
        due=due,
        overdue=due is not None and due < today,
        why=why,
        **more,
    )


def _url(report: AnnualReport) -> str:
    return reverse("reports:annual_detail", args=[report.pk])


def _send_due(report: AnnualReport) -> datetime.date | None:
    if report.kind == ReportKind.CHILDREN:
        if report.published_on is None:
            return None  # sent once published
        return report.published_on + datetime.timedelta(days=CHILDREN_SEND_WITHIN_DAYS)
    assert report.approved_at is not None
    return timezone.localdate(report.approved_at) + datetime.timedelta(days=SAB_SEND_WITHIN_DAYS)


def _drafter_items(reports: list[AnnualReport], today: datetime.date) -> list[WorkItem]:
    why = "You draft the annual reports"
    items = []
    year = last_complete_financial_year(today)
    have = {r.kind for r in reports if r.year_start == year.start}
    for kind in ReportKind:
        if kind not in have:
            items.append(
                _item(
                    f"Write the {kind.label} for {financial_year_label(year)}",
                    reverse("reports:annual_list"),
                    datetime.date(year.end.year, 9, 30),
                    today,
                    why,
                )
            )
    for report in reports:
        if report.status == ReportStatus.DRAFT and report.returned_reason:
            items.append(
                _item(
                    f"Make the changes to the {report.title}",
                    _url(report),
                    None,
                    today,
                    "It was sent back to you",
                )
            )
        if report.status == ReportStatus.APPROVED:
            sent = {s.recipient for s in report.sendings.all()}
            for recipient in recipients_for(report.kind):
                if recipient.key not in sent:
                    items.append(
                        _item(
                            f"Send the {report.title} to {recipient.label}",
                            reverse("reports:annual_send", args=[report.pk]),
                            _send_due(report),
                            today,
                            why,
                        )
                    )
    return items


def _finding_items(partnership_id: int, today: datetime.date) -> list[WorkItem]:
    findings = (
        Finding.objects.filter(case__partnership_id=partnership_id, response="")
        .exclude(case__pathway__in=NOT_REVIEWS)
        .exclude(Exists(Recommendation.objects.filter(finding=OuterRef("pk"))))
        .select_related("case")
        .order_by("created_at", "pk")
    )
    items = []
    for finding in findings:
        case = finding.case
        recorded = timezone.localdate(finding.created_at)
        items.append(
            _item(
                f"Decide whether to implement finding {finding.number} of {case.reference}",
                reverse("actions:finding_respond", args=[case.reference, finding.number]),
                recorded + datetime.timedelta(days=FINDING_DECIDE_WITHIN_DAYS),
                today,
                "The annual report must say what was done on each finding",
                kind="finding",
                case_reference=case.reference,
                case_title=case.title,
            )
        )
    return items


def reporting_work_for(user: Any, today: datetime.date | None = None) -> list[WorkItem]:
    today = today or timezone.localdate()
    drafter = can_draft_annual_reports(user)
    approves = [k for k in ReportKind if can_approve_annual_report(user, k)]
    if not (drafter or approves):
        return []
    reports = list(
        AnnualReport.objects.filter(partnership_id=user.partnership_id)
        .defer("facts")
        .prefetch_related(
            Prefetch("sendings", ReportSending.objects.only("report_id", "recipient"))
        )
    )
    items = []
    if drafter:
        items += _drafter_items(reports, today)
        items += _finding_items(user.partnership_id, today)
    for report in reports:
        submitted = report.status == ReportStatus.SUBMITTED
        if report.kind in approves and submitted and report.submitted_by_id != user.pk:
            items.append(
                _item(
                    f"Approve the {report.title}",
                    _url(report),
                    None,
                    today,
                    "You approve this report",
                )
            )
    return items
