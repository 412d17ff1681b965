"""Draw an annual report's facts from Lantern's records (contract: "The facts of an annual
report"). The SAB's SAR sections are counted in facts_sab, the work on recommendations,
audits, training and members (both reports) in facts_work, the children's reviews here.
What each section counts and why: docs/reporting-facts.md.
"""

import datetime
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone

from lantern.actions.models import Finding, FindingResponse
from lantern.audits.models import AuditKind
from lantern.children.models import Cspr, RapidReview
from lantern.clock.models import CaseStep
from lantern.learning.models import LibraryItem
from lantern.meetings.models import Decision
from lantern.partnerships.models import Agency, StatutoryFor

from . import facts_sab, facts_work
from .evaluation360 import evaluation_blocks
from .facts_common import Block, day, figures, none, table
from .models import AnnualReport, ReportKind
from .period import Period
from .sections import member_key, sections_for

#: The sources of each report's action plans (audits: of the report's kind only).
SAB_SOURCES = ["sar", "dhr", "macfa", "national"]
CHILDREN_SOURCES = ["rapid-review", "cspr", "macfa", "national"]


def _evaluation(partnership_id: int, year: Period) -> list[Block]:
    return evaluation_blocks(partnership_id, year) or [none("Nothing was reported.")]


def _timeliness(partnership_id: int, year: Period) -> dict[str, int]:
    """Rapid reviews received in the year: the National Panel notified within its due date
    (5 working days, statutory) and the review completed within its due date (15 working
    days), read from the clock's steps (due dates already allow for pauses and holidays).
    Of every such step done, or not done and past its due date by the year end: a review
    whose Panel was never told counts against the figure, not out of it."""
    steps = CaseStep.objects.filter(
        case__partnership_id=partnership_id,
        case__rapid_review__received_on__range=(year.start, year.end),
        pathway="rapid-review",
    )
    counted = Q(done_on__isnull=False) | Q(due__lte=year.end)
    return steps.aggregate(
        notified=Count("id", filter=Q(step_id="panel-notified") & counted),
        notified_in_time=Count("id", filter=Q(step_id="panel-notified", done_on__lte=F("due"))),
        completed=Count("id", filter=Q(step_id="complete") & counted),
        completed_in_time=Count("id", filter=Q(step_id="complete", done_on__lte=F("due"))),
    )


def _timeliness_figures(partnership_id: int, year: Period) -> Block:
    t = _timeliness(partnership_id, year)
    return figures(
        ("National Panel notified in time", f"{t['notified_in_time']} of {t['notified']}",
         "Within 5 working days, of rapid reviews received in the year"),
        ("Rapid reviews completed in time", f"{t['completed_in_time']} of {t['completed']}",
         "Within 15 working days, of rapid reviews received in the year"),
    )  # fmt: skip


def _rapid_reviews(partnership_id: int, year: Period) -> list[Block]:
    decisions = (
        Decision.objects.filter(
            case__partnership_id=partnership_id,
            case__pathway="rapid-review",
            decided_on__range=(year.start, year.end),
        )
        .select_related("case")
        .order_by("decided_on", "case__reference")
    )
    rows = [
        [d.case.reference, d.case.pseudonym, d.kind_label, day(d.decided_on)] for d in decisions
    ]
    blocks: list[Block] = [_timeliness_figures(partnership_id, year)]
    if rows:
        blocks.append(
            table("Rapid review decisions taken in the year",
                  ["Reference", "Pseudonym", "Decision", "Decided on"], rows, [False] * 4)
        )  # fmt: skip
    else:
        blocks.append(none(f"No rapid review decision was taken in {year.label}."))
    return blocks


def _rapid_reviews_concluded(partnership_id: int, year: Period) -> list[int]:
    """The cases of rapid reviews completed in the year: the clock's "complete" step done
    (the 15 working days' step the timeliness figure reads)."""
    return list(
        CaseStep.objects.filter(
            case__partnership_id=partnership_id,
            pathway="rapid-review",
            step_id="complete",
            done_on__range=(year.start, year.end),
        ).values_list("case_id", flat=True)
    )


def _learning(partnership_id: int, year: Period, cspr_cases: list[int]) -> list[Block]:
    """The learning from reviews concluded in the year (rapid reviews and CSPRs): their
    findings, and the themes of the learning library's items on those reviews, counted."""
    cases = [*_rapid_reviews_concluded(partnership_id, year), *cspr_cases]
    findings = (
        Finding.objects.filter(case_id__in=cases)
        .select_related("case")
        .order_by("case__reference", "number")
    )
    rows = [[f.case.reference, f.number, f.text] for f in findings]
    themes = (
        LibraryItem.themes.through.objects.filter(
            libraryitem__partnership_id=partnership_id, libraryitem__case_id__in=cases
        )
        .values("theme__name")
        .annotate(reviews=Count("libraryitem__case_id", distinct=True), items=Count("id"))
        .order_by("-reviews", "theme__name")
    )
    trows = [[t["theme__name"], t["reviews"], t["items"]] for t in themes]
    if not rows and not trows:
        return [none(f"No findings of a review concluded in {year.label} are recorded.")]
    blocks: list[Block] = []
    if rows:
        blocks.append(
            table(
                "Findings of reviews concluded in the year",
                ["Review", "Finding", "What it found"],
                rows,
                [False, True, False],
            )
        )
    if trows:
        blocks.append(
            table(
                "Themes of the learning from reviews concluded in the year",
                ["Theme", "Reviews", "Learning items"],
                trows,
                [False, True, True],
            )
        )
    return blocks


def _children(partnership_id: int, year: Period) -> dict[str, list[Block]]:
    between = (year.start, year.end)
    rrs = RapidReview.objects.filter(case__partnership_id=partnership_id)
    csprs = Cspr.objects.filter(case__partnership_id=partnership_id)
    concluded = list(
        csprs.filter(final_report_sent_on__range=between)
        .select_related("case")
        .order_by("case__reference")
    )
    reviews: list[Block] = _rapid_reviews(partnership_id, year)
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
    learning = _learning(partnership_id, year, [c.case_id for c in concluded])
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
    not_acting_blocks = (
        [
            table(
                "Findings not to be implemented, with the reasons",
                ["Review", "Finding", "What it found", "Reasons", "Decided on"],
                narows,
                [False, True, False, False, False],
            )
        ]
        if narows
        else [none(f"No decision not to implement a finding was taken in {year.label}.")]
    )
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
        "learning": learning,
        "actions": facts_work.implementing(partnership_id, year, CHILDREN_SOURCES)
        + not_acting_blocks,
        "impact": facts_work.strategy(partnership_id, year, CHILDREN_SOURCES)
        + facts_work.training(partnership_id, year),
        "effectiveness": [
            *facts_work.overdue_by_agency(partnership_id, year, CHILDREN_SOURCES),
            _timeliness_figures(partnership_id, year),
        ],
        "audits": facts_work.audits(partnership_id, year, [AuditKind.CHILDREN]),
    }


def _sab(partnership_id: int, year: Period) -> dict[str, list[Block]]:
    return {
        "objective": facts_sab.objective(partnership_id, year),
        "strategy": facts_work.strategy(partnership_id, year, SAB_SOURCES),
        "members": [],  # filled in by draw_facts from the members' figures
        "sars-concluded": facts_sab.sars_concluded(partnership_id, year),
        "sars-ongoing": facts_sab.sars_ongoing(partnership_id, year),
        "sars-implementing": facts_work.implementing(partnership_id, year, ["sar"]),
        "sars-not-implementing": facts_sab.sars_not_implementing(partnership_id, year),
        "audits": facts_work.audits(partnership_id, year, [AuditKind.ADULTS]),
        "training": facts_work.training(partnership_id, year),
    }


def _members_table(members: list[dict[str, Any]]) -> Block:
    labels = [i["label"] for i in members[0]["blocks"][0]["items"]]
    return table(
        "What each member did, in figures",
        ["Member", *labels],
        [[m["name"], *[i["value"] for i in m["blocks"][0]["items"]]] for m in members],
        [False] + [True] * len(labels),
    )


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
    ids = [a.id for a in agencies]
    sources = SAB_SOURCES if report.kind == ReportKind.SAB else CHILDREN_SOURCES
    blocks = facts_work.member_blocks(pid, year, sources, ids)
    members = [
        {"key": member_key(a.id), "agency_id": a.id, "name": a.name, "blocks": blocks[a.id]}
        for a in agencies
    ]
    if "members" in sections:  # the SAB's (c): a table summarising every member
        sections["members"] = (
            [_members_table(members)] if members else [none("No agency is recorded as a member.")]
        )
    return {
        "drawn_on": (today or timezone.localdate()).isoformat(),
        "year_start": year.start.isoformat(),
        "year_end": year.end.isoformat(),
        "sections": sections,
        "members": members,
    }
