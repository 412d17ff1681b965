"""A realistic SAB annual report, facts in the shape lantern.reports.annual_facts draws
(contract: "The facts of an annual report"), with every block type."""

import datetime

from django.utils import timezone

from lantern.reports.models import AnnualReport, AnnualReportSection, ReportKind, ReportStatus
from lantern.reports.sections import sections_for
from tests.factories import AgencyFactory, UserFactory

SAR_TABLE = {
    "type": "table",
    "caption": "Reviews concluded in 2025 to 2026",
    "head": ["Review", "Began", "Concluded", "Findings"],
    "rows": [["SAR-2024-003 (Adult D)", "3 June 2024", "14 January 2026", 7],
             ["SAR-2025-001 (Adult F)", "1 May 2025", "2 March 2026", None]],
    "numeric": [False, False, False, True],
}  # fmt: skip
CHART = {
    "type": "chart",
    "title": "Actions on review findings by quarter",
    "labels": ["Apr–Jun 2025", "Jul–Sep 2025"],
    "series": [["Completed", [4, 9]], ["Overdue", [2, 1]]],
    "table": {
        "type": "table",
        "caption": "Actions on review findings by quarter (the chart's numbers)",
        "head": ["Quarter", "Completed", "Overdue"],
        "rows": [["Apr–Jun 2025", 4, 2], ["Jul–Sep 2025", 9, 1]],
        "numeric": [False, True, True],
    },
}


def sab_facts(agencies) -> dict:
    sections = {spec.key: [] for spec in sections_for(ReportKind.SAB)}
    sections["objective"] = [
        {
            "type": "figures",
            "items": [
                {"label": "Referrals considered for a SAR", "value": 12, "hint": "In the year"},
                {"label": "SARs commissioned", "value": 3, "hint": ""},
            ],
        }
    ]
    sections["strategy"] = [{"type": "paragraph", "text": "Four priorities; 31 actions."}]
    sections["members"] = []
    sections["sars-concluded"] = [SAR_TABLE]
    sections["sars-ongoing"] = [{"type": "list", "items": ["SAR-2025-004 (Adult H)"]}]
    sections["sars-implementing"] = [CHART]
    sections["sars-not-implementing"] = [
        {
            "type": "none",
            "text": "No decision not to implement a finding was taken in 2025 to 2026.",
        }
    ]
    sections["audits"] = [{"type": "paragraph", "text": "Two audits: self-neglect, hoarding."}]
    sections["training"] = [
        {"type": "figures", "items": [{"label": "People trained", "value": 418, "hint": ""}]}
    ]
    sections["evaluation"] = [{"type": "list", "items": ["Findings report to the SAR group"]}]
    return {
        "drawn_on": "2026-04-20",
        "year_start": "2025-04-01",
        "year_end": "2026-03-31",
        "sections": sections,
        "members": [
            {"key": f"member:{a.pk}", "agency_id": a.pk, "name": a.name,
             "blocks": [{"type": "figures",
                         "items": [{"label": "Actions owned", "value": 5 + i, "hint": ""}]}]}
            for i, a in enumerate(agencies)
        ],
    }  # fmt: skip


def make_report(partnership, *, status=ReportStatus.DRAFT, published_on=None, year=2025):
    agencies = [
        AgencyFactory(partnership=partnership, name="Northshire Police"),
        AgencyFactory(partnership=partnership, name="Northshire County Council"),
    ]
    author = UserFactory(partnership=partnership, full_name="Sam Author")
    approved = status == ReportStatus.APPROVED
    report = AnnualReport.objects.create(
        partnership=partnership,
        kind=ReportKind.SAB,
        year_start=datetime.date(year, 4, 1),
        year_end=datetime.date(year + 1, 3, 31),
        title=f"{partnership.short_name} annual report {year} to {year + 1}",
        status=status,
        facts=sab_facts(agencies),
        facts_at=timezone.now(),
        created_by=author,
        approved_by=author if approved else None,
        approved_at=timezone.now() if approved else None,
        approved_as="Independent Chair" if approved else "",
        published_on=published_on,
    )
    for spec in sections_for(ReportKind.SAB):
        AnnualReportSection.objects.create(
            report=report, key=spec.key, narrative=f"Narrative of {spec.key}.\n\nSecond part."
        )
    for a in agencies:
        AnnualReportSection.objects.create(
            report=report, key=f"member:{a.pk}", narrative=f"What {a.name} did."
        )
    return report
