"""The 360 evaluation of the framework's evaluation table (issue 16): for each line of
the table, what was actually reported in a period, to whom and when.

"Reported" is read from the records, never asserted:
  - a reporting pack downloaded for a group's meeting (the audit trail's PACK_READ
    reads, dated by the meeting they name) counts for every item the table routes to
    that group;
  - an audit counts when its report was recorded as presented to its QA&P meeting (the
    macfa step "report-presented"), not merely scheduled;
  - a SAR counts when the SAB signed it off; a CSPR when its final report was sent to
    the National Panel;
  - a training evaluation counts when it was recorded as reported (EvaluationReport);
  - annual reports: approval and each recorded sending.
One query per source, whatever the number of records.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.actions.evaluation import Route, evaluation_table, routed_items
from lantern.actions.models import ReportedItem
from lantern.actions.pack import PACK_READ
from lantern.audit.models import Action as AuditAction
from lantern.audit.models import AuditEvent
from lantern.partnerships.models import Group, GroupKind

from .period import Period

ANNUAL = "annual"
ANNUAL_LABEL = "Annual reports"
NATIONAL_PANEL = "Child Safeguarding Practice Review Panel"
PRESENTED = "report-presented"  # lantern.audits.report.PRESENTED


@dataclass(frozen=True)
class Entry:
    what: str
    to: str
    on: datetime.date
    group_id: int | None = None  # the partnership group it went to, if any
    role: str = ""
    url: str = ""
    elsewhere: bool = False  # went to a group of the partnership other than the route


@dataclass
class EvaluationLine:
    item: str
    label: str
    route_label: str
    route: Route | None
    entries: list[Entry] = field(default_factory=list)

    @property
    def nothing_reported(self) -> bool:
        return not self.entries

    @property
    def elsewhere(self) -> list[Entry]:
        return [e for e in self.entries if e.elsewhere]


def _on(d: datetime.date | None) -> datetime.date:
    assert d is not None  # the query filtered on the date being in the period
    return d


def _day(d: datetime.date) -> str:
    return f"{d:%-d %B %Y}"


def _pack_entries(partnership_id: int, period: Period) -> list[tuple[int, datetime.date]]:
    """(group id, meeting day) of every pack downloaded for a meeting in the period."""
    logged = AuditEvent.objects.filter(
        partnership_id=partnership_id,
        object_type=Group._meta.label_lower,
        changes__viewed__startswith=PACK_READ,
    ).values_list("action", "object_id", "changes")
    seen: set[tuple[int, datetime.date]] = set()
    for action, object_id, changes in logged:
        if action != AuditAction.READ:
            continue
        try:
            day = datetime.date.fromisoformat(changes["viewed"][len(PACK_READ) :][:10])
            group_id = int(object_id)
        except (KeyError, TypeError, ValueError):
            continue
        if day in period:
            seen.add((group_id, day))
    return sorted(seen, key=lambda p: (p[1], p[0]))


def evaluation_360(partnership_id: int, period: Period) -> list[EvaluationLine]:
    from lantern.adults.models import Sar
    from lantern.children.models import Cspr
    from lantern.clock.models import CaseStep
    from lantern.reports.models import AnnualReport, ReportSending
    from lantern.training.models import EvaluationReport

    table = evaluation_table(partnership_id)
    groups = {g.pk: g for g in Group.objects.filter(partnership_id=partnership_id)}
    lines = {
        r.item: EvaluationLine(r.item, ReportedItem(r.item).label, r.target_label, r) for r in table
    }

    def add(item: str, entry: Entry) -> None:
        route = lines[item].route
        elsewhere = (
            entry.group_id is not None
            and route is not None
            and (route.group is None or route.group.pk != entry.group_id)
        )
        lines[item].entries.append(
            Entry(entry.what, entry.to, entry.on, entry.group_id, entry.role, entry.url, elsewhere)
        )

    # Reporting packs: each counts for the items routed to its group.
    for group_id, day in _pack_entries(partnership_id, period):
        group = groups.get(group_id)
        if group is None:
            continue
        for route in routed_items(table, group_id):
            add(route.item, Entry("Reporting pack", group.name, day, group_id))

    # Audits presented to their QA&P meeting.
    presented = (
        CaseStep.objects.filter(
            case__partnership_id=partnership_id,
            pathway="macfa",
            step_id=PRESENTED,
            done_on__gte=period.start,
            done_on__lte=period.end,
            case__macfa__isnull=False,
        )
        .select_related("case__macfa__qap_group")
        .order_by("done_on", "case__reference")
    )
    for step in presented:
        audit = step.case.macfa
        add(
            ReportedItem.AUDITS,
            Entry(
                f"Audit {step.case.reference}: {audit.theme} (report and action plan)",
                audit.qap_group.name if audit.qap_group else "No QA&P group recorded",
                _on(step.done_on),
                audit.qap_group_id,
            ),
        )

    # Reviews: SARs signed off by the SAB, CSPR final reports sent to the National Panel.
    sab = next((g for g in groups.values() if g.kind == GroupKind.SAB and g.is_active), None)
    for sar in (
        Sar.objects.filter(
            case__partnership_id=partnership_id,
            signed_off_on__gte=period.start,
            signed_off_on__lte=period.end,
        )
        .select_related("case")
        .order_by("signed_off_on")
    ):
        add(
            ReportedItem.REVIEWS,
            Entry(
                f"SAR {sar.case.reference} signed off",
                sab.name if sab else GroupKind.SAB.label,
                _on(sar.signed_off_on),
                sab.pk if sab else None,
            ),
        )
    for cspr in (
        Cspr.objects.filter(
            case__partnership_id=partnership_id,
            final_report_sent_on__gte=period.start,
            final_report_sent_on__lte=period.end,
        )
        .select_related("case")
        .order_by("final_report_sent_on")
    ):
        # An external body: statutory, not a departure from the route.
        add(
            ReportedItem.REVIEWS,
            Entry(
                f"CSPR {cspr.case.reference} final report",
                NATIONAL_PANEL,
                _on(cspr.final_report_sent_on),
            ),
        )

    # Training evaluation reports recorded.
    for rep in (
        EvaluationReport.objects.filter(
            partnership_id=partnership_id,
            reported_on__gte=period.start,
            reported_on__lte=period.end,
        )
        .select_related("reported_to_group")
        .order_by("reported_on", "pk")
    ):
        if rep.reported_to_group is not None:
            to, role = rep.reported_to_group.name, ""
        elif rep.reported_to_role:
            to, role = Role(rep.reported_to_role).label, rep.reported_to_role
        else:
            to, role = "Nobody recorded", ""
        entry = Entry(
            f"Training evaluation {_day(rep.period_start)} to {_day(rep.period_end)}",
            to,
            rep.reported_on,
            rep.reported_to_group_id,
            role,
        )
        training = lines[ReportedItem.TRAINING].route
        if (
            training is not None
            and training.role
            and entry.group_id is None
            and role != training.role
        ):
            entry = Entry(entry.what, entry.to, entry.on, None, role, "", True)
            lines[ReportedItem.TRAINING].entries.append(entry)
        else:
            add(ReportedItem.TRAINING, entry)

    # Annual reports: approvals and sendings (one query for both via the sendings' reports).
    annual = EvaluationLine(ANNUAL, ANNUAL_LABEL, "The statutory recipients", None)
    for report in AnnualReport.objects.filter(partnership_id=partnership_id).filter(
        Q(approved_at__date__gte=period.start, approved_at__date__lte=period.end)
    ):
        assert report.approved_at is not None
        annual.entries.append(
            Entry(
                f"{report.title} approved",
                report.approved_as or "Approved",
                timezone.localdate(report.approved_at),
            )
        )
    for sending in (
        ReportSending.objects.filter(
            report__partnership_id=partnership_id,
            sent_on__gte=period.start,
            sent_on__lte=period.end,
        )
        .select_related("report")
        .order_by("sent_on", "pk")
    ):
        annual.entries.append(Entry(f"{sending.report.title} sent", sending.name, sending.sent_on))
    annual.entries.sort(key=lambda e: e.on)

    result = [lines[item] for item in ReportedItem if item in lines]
    for line in result:
        line.entries.sort(key=lambda e: e.on)
    return [*result, annual]


def evaluation_blocks(partnership_id: int, period: Period) -> list[dict[str, Any]]:
    """The contract's blocks: one table per line with something reported, a "none" block
    for a line with nothing, and a paragraph for anything reported off its route."""
    blocks: list[dict[str, Any]] = []
    for line in evaluation_360(partnership_id, period):
        if line.nothing_reported:
            blocks.append(
                {
                    "type": "none",
                    "text": f"{line.label}: nothing recorded as reported in {period.label} "
                    f"(route: {line.route_label}).",
                }
            )
            continue
        blocks.append(
            {
                "type": "table",
                "caption": f"{line.label} (route: {line.route_label})",
                "head": ["What", "Reported to", "When"],
                "rows": [[e.what, e.to, _day(e.on)] for e in line.entries],
                "numeric": [False, False, False],
            }
        )
        if line.elsewhere:
            blocks.append(
                {
                    "type": "paragraph",
                    "text": f"{line.label}: {len(line.elsewhere)} reported elsewhere than "
                    f"the route ({line.route_label}): "
                    + "; ".join(f"{e.what} to {e.to}" for e in line.elsewhere)
                    + ".",
                }
            )
    return blocks
