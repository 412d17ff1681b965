"""Draw an annual report's facts from Lantern's records (contract: "The facts of an annual
report"). The SAB's sections are counted in facts_sab; the children's here, for now.

Not drawn yet (left as a plain statement that Lantern does not count them, never a guess):
the SAB's strategy, implementing, audits and training figures; the children's impact and
effectiveness figures; members' requests, actions and training. See docs/reporting-facts.md.
"""

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from lantern.actions.models import Finding, FindingResponse
from lantern.children.models import Cspr, RapidReview
from lantern.partnerships.models import Agency, StatutoryFor

from . import facts_sab
from .facts_common import Block, day, figures, none, table
from .models import AnnualReport, ReportKind
from .period import Period
from .sections import member_key, sections_for


def _not_counted(what: str) -> list[Block]:
    return [{"type": "paragraph", "text": f"Lantern does not yet count {what}: see the narrative."}]


def _evaluation(partnership_id: int, year: Period) -> list[Block]:
    try:  # helper E writes it alongside; imported lazily so the rest works without it
        from .evaluation360 import evaluation_blocks
    except ImportError:
        return _not_counted("the 360 evaluation")
    return evaluation_blocks(partnership_id, year) or [none("Nothing was reported.")]


def _children(partnership_id: int, year: Period) -> dict[str, list[Block]]:
    between = (year.start, year.end)
    rrs = RapidReview.objects.filter(case__partnership_id=partnership_id)
    csprs = Cspr.objects.filter(case__partnership_id=partnership_id)
    concluded = list(
        csprs.filter(final_report_sent_on__range=between)
        .select_related("case")
        .order_by("case__reference")
    )
    reviews: list[Block] = []
    if concluded:
        reviews.append(
            table(
                "Child safeguarding practice reviews concluded in the year",
                ["Reference", "Pseudonym", "Commissioned", "Final report sent", "Published"],
                [
                    [
                        c.case.reference,
                        c.case.pseudonym,
                        day(c.commissioned_on),
                        day(c.final_report_sent_on),
                        day(c.published_on) or "Not published",
                    ]
                    for c in concluded
                ],
                [False] * 5,
            )
        )
    else:
        reviews.append(
            none(f"No child safeguarding practice review was concluded in {year.label}.")
        )
    ongoing = csprs.filter(commissioned_on__lte=year.end).filter(
        Q(final_report_sent_on__isnull=True) | Q(final_report_sent_on__gt=year.end)
    )
    reviews.append(figures(("Reviews ongoing at year end", ongoing.count(), f"On {day(year.end)}")))
    learning = Finding.objects.filter(case__in=[c.case for c in concluded]).select_related("case")
    lrows = [
        [f.case.reference, f.number, f.text] for f in learning.order_by("case__reference", "number")
    ]
    not_acting = Finding.objects.filter(
        case__partnership_id=partnership_id,
        case__pathway__in=["rapid-review", "cspr", "national"],
        response=FindingResponse.NOT_ACTING,
        response_on__range=between,
    ).select_related("case")
    narows = [
        [f.case.reference, f.number, f.text, f.response_reason, day(f.response_on)]
        for f in not_acting
    ]
    return {
        "activity": [
            figures(
                (
                    "Serious incidents referred",
                    rrs.filter(received_on__range=between).count(),
                    "Received in the year",
                ),
                (
                    "National Panel notifications",
                    rrs.filter(panel_notified_on__range=between).count(),
                    "Made in the year",
                ),
                (
                    "CSPRs commissioned",
                    csprs.filter(commissioned_on__range=between).count(),
                    "In the year",
                ),
            )
        ],
        "reviews": reviews,
        "learning": [
            table(
                "Findings of reviews concluded in the year",
                ["Review", "Finding", "What it found"],
                lrows,
                [False, True, False],
            )
        ]
        if lrows
        else [none(f"No findings of a review concluded in {year.label} are recorded.")],
        "actions": [
            table(
                "Findings not to be implemented, with the reasons",
                ["Review", "Finding", "What it found", "Reasons", "Decided on"],
                narows,
                [False, True, False, False, False],
            )
        ]
        if narows
        else [none(f"No decision not to implement a finding was taken in {year.label}.")],
        "impact": _not_counted("the impact measures and training impact"),
        "effectiveness": _not_counted("overdue actions and rapid review timeliness"),
        "audits": _not_counted("case file audits"),
    }


def _sab(partnership_id: int, year: Period) -> dict[str, list[Block]]:
    return {
        "objective": facts_sab.objective(partnership_id, year),
        "strategy": _not_counted("action plans' progress"),
        "members": _not_counted("members' figures"),
        "sars-concluded": facts_sab.sars_concluded(partnership_id, year),
        "sars-ongoing": facts_sab.sars_ongoing(partnership_id, year),
        "sars-implementing": _not_counted("actions completed on SAR findings"),
        "sars-not-implementing": facts_sab.sars_not_implementing(partnership_id, year),
        "audits": _not_counted("case file audits"),
        "training": _not_counted("training impact"),
    }


def draw_facts(report: AnnualReport, today: datetime.date | None = None) -> dict[str, Any]:
    year = Period(report.year_start, report.year_end)
    pid = report.partnership_id
    drawn = _sab(pid, year) if report.kind == ReportKind.SAB else _children(pid, year)
    sections: dict[str, list[Block]] = {}
    for spec in sections_for(report.kind):
        if spec.key == "evaluation":
            sections[spec.key] = _evaluation(pid, year)
        else:
            sections[spec.key] = drawn.get(spec.key, [])
    whose = StatutoryFor.ADULTS if report.kind == ReportKind.SAB else StatutoryFor.CHILDREN
    agencies = Agency.objects.filter(
        partnership_id=pid, is_active=True, statutory_for__in=[whose, StatutoryFor.BOTH]
    ).order_by("name")
    members = [
        {
            "key": member_key(a.id),
            "agency_id": a.id,
            "name": a.name,
            "blocks": _not_counted("each member's figures"),
        }
        for a in agencies
    ]
    return {
        "drawn_on": (today or timezone.localdate()).isoformat(),
        "year_start": year.start.isoformat(),
        "year_end": year.end.isoformat(),
        "sections": sections,
        "members": members,
    }
