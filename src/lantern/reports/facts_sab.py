"""The SAB's annual report facts (Care Act 2014, Schedule 2, paragraph 4(1)).

Each function counts the records of one section for the financial year; a SAR is
"concluded" on its SAB sign-off (Sar.signed_off_on) and "ongoing at year end" when
commissioned on or before the year end and not signed off by it.
"""

from django.db.models import Q

from lantern.actions.models import Finding, FindingResponse
from lantern.adults.models import ReferralStatus, Sar, SarDecision, SarReferral
from lantern.audits.models import Audit, AuditKind
from lantern.clock.models import CaseStep
from lantern.meetings.models import Decision
from lantern.training.impact import Scope, impact

from .facts_common import Block, day, figures, months_between, none, table
from .period import Period


def _outcome(referral: SarReferral, decision: Decision | None) -> str:
    """What became of a referral: returned as incomplete, the sub-group's decision (the
    latest, as lantern.adults.decision.sar_decision reads it), or still waiting."""
    if referral.status == ReferralStatus.RETURNED:
        return ReferralStatus.RETURNED.label
    if decision is not None:
        return SHORT_DECISION.get(decision.kind, decision.kind_label)
    return "Awaiting a decision"


#: The decisions' names in a table (the choices' labels quote the Care Act at length).
SHORT_DECISION = {
    SarDecision.MANDATORY.value: "Mandatory SAR",
    SarDecision.DISCRETIONARY.value: "Discretionary SAR",
    SarDecision.OTHER.value: "Other steps, not a SAR",
}


def referrals(partnership_id: int, year: Period) -> list[Block]:
    """SAR referrals received in the year, each with its s44 assessment and its outcome as
    recorded when the facts are drawn (a decision after the year end shows with its date).
    Only the case reference and pseudonym identify a referral: never what happened."""
    received = list(
        SarReferral.objects.filter(
            case__partnership_id=partnership_id, received_on__range=(year.start, year.end)
        )
        .select_related("case")
        .order_by("received_on", "case__reference")
    )
    if not received:
        return [none(f"No SAR referral was received in {year.label}.")]
    latest: dict[int, Decision] = {}
    for d in Decision.objects.filter(
        case_id__in=[r.case_id for r in received], kind__in=SarDecision.values
    ).order_by("decided_on", "pk"):
        latest[d.case_id] = d  # the last wins: sar_decision's "latest"
    rows = []
    for r in received:
        decision = latest.get(r.case_id)
        rows.append(
            [
                r.case.reference,
                r.case.pseudonym,
                day(r.received_on),
                SHORT_DECISION.get(r.criteria, "Not assessed"),
                _outcome(r, decision),
                day(decision.decided_on) if decision and r.status != ReferralStatus.RETURNED
                else None,
            ]
        )  # fmt: skip
    outcomes = [row[4] for row in rows]
    order = [*SHORT_DECISION.values(), ReferralStatus.RETURNED.label, "Awaiting a decision"]
    return [
        table(
            "Outcomes of the SAR referrals received in the year",
            ["Outcome", "Referrals"],
            [[o, outcomes.count(o)] for o in order if o in outcomes],
            [False, True],
        ),
        table(
            "SAR referrals received in the year",
            ["Reference", "Pseudonym", "Received", "s44 assessment", "Outcome", "Decided on"],
            rows,
            [False] * 6,
        ),
    ]


def objective(partnership_id: int, year: Period) -> list[Block]:
    between = (year.start, year.end)
    referrals_received = SarReferral.objects.filter(
        case__partnership_id=partnership_id, received_on__range=between
    )
    sars = Sar.objects.filter(case__partnership_id=partnership_id)
    audits_judged = (
        Audit.objects.filter(
            case__partnership_id=partnership_id,
            kind=AuditKind.ADULTS,
            judged_at__date__range=between,
        )
        .exclude(judgement="")
        .count()
    )
    trained = impact(Scope(partnership_id, year.start, year.end)).totals
    return [
        figures(
            ("SAR referrals received", referrals_received.count(), "Received in the year"),
            (
                "SARs commissioned",
                sars.filter(commissioned_on__range=between).count(),
                "Reviews commissioned in the year",
            ),
            (
                "SARs concluded",
                sars.filter(signed_off_on__range=between).count(),
                "Signed off by the Board in the year",
            ),
            (
                "Learning events held",
                sars.filter(learning_event_on__range=between).count(),
                "After a review, in the year",
            ),
            ("Case file audits judged", audits_judged, "Adults' audits, graded in the year"),
            ("Training sessions held", trained.sessions.held, "In the year"),
            ("People trained", trained.attendance.attended, "Attended a session in the year"),
        ),
        *referrals(partnership_id, year),
    ]


def sars_concluded(partnership_id: int, year: Period) -> list[Block]:
    sars = list(
        Sar.objects.filter(
            case__partnership_id=partnership_id, signed_off_on__range=(year.start, year.end)
        )
        .select_related("case")
        .order_by("signed_off_on", "case__reference")
    )
    if not sars:
        return [none(f"No safeguarding adult review was concluded in {year.label}.")]
    rows = [
        [
            s.case.reference,
            s.case.pseudonym,
            day(s.commissioned_on),
            day(s.signed_off_on),
            months_between(s.commissioned_on, s.signed_off_on),  # type: ignore[arg-type]
            day(s.published_on) or "Not published",
        ]
        for s in sars
    ]
    blocks: list[Block] = [
        table(
            "Safeguarding adult reviews concluded in the year",
            ["Reference", "Pseudonym", "Commissioned", "Signed off", "Months taken", "Published"],
            rows,
            [False, False, False, False, True, False],
        )
    ]
    findings = Finding.objects.filter(case__in=[s.case for s in sars]).select_related("case")
    frows = [
        [f.case.reference, f.number, f.text, f.get_response_display(), f.response_reason or None]
        for f in findings.order_by("case__reference", "number")
    ]
    if frows:
        blocks.append(
            table(
                "Their findings and the Board's decision on each",
                ["Review", "Finding", "What it found", "Decision", "Reason"],
                frows,
                [False, True, False, False, False],
            )
        )
    else:
        blocks.append(none("No findings are recorded for these reviews yet."))
    return blocks


def sars_ongoing(partnership_id: int, year: Period) -> list[Block]:
    sars = list(
        Sar.objects.filter(case__partnership_id=partnership_id, commissioned_on__lte=year.end)
        .filter(Q(signed_off_on__isnull=True) | Q(signed_off_on__gt=year.end))
        .select_related("case")
        .order_by("commissioned_on", "case__reference")
    )
    if not sars:
        return [none(f"No safeguarding adult review was ongoing on {day(year.end)}.")]
    # The stage as it stood on 31 March, from the steps done by then (not today's stage).
    last_done: dict[int, str] = {}
    for step in (
        CaseStep.objects.filter(
            case__in=[s.case_id for s in sars], pathway="sar", done_on__lte=year.end
        )
        .order_by("case_id", "-order")
        .values("case_id", "title")
    ):
        last_done.setdefault(step["case_id"], step["title"])
    rows = []
    for s in sars:
        months = months_between(s.commissioned_on, year.end)
        beyond = months >= 6
        rows.append(
            [
                s.case.reference,
                s.case.pseudonym,
                day(s.commissioned_on),
                months,
                last_done.get(s.case_id, "None yet"),
                "Yes" if beyond else "No",
                (s.delay_reasons or "No reason recorded") if beyond else None,
                day(s.delay_notice_on) if beyond else None,
            ]
        )
    return [
        table(
            f"Safeguarding adult reviews ongoing on {day(year.end)}",
            [
                "Reference",
                "Pseudonym",
                "Commissioned",
                "Months at year end",
                "Last step done by year end",
                "Beyond six months",
                "Reasons",
                "Told in writing",
            ],
            rows,
            [False, False, False, True, False, False, False, False],
        )
    ]


def sars_not_implementing(partnership_id: int, year: Period) -> list[Block]:
    findings = (
        Finding.objects.filter(
            case__partnership_id=partnership_id,
            case__pathway="sar",
            response=FindingResponse.NOT_ACTING,
            response_on__range=(year.start, year.end),
        )
        .select_related("case")
        .order_by("response_on", "case__reference", "number")
    )
    rows = [
        [
            f.case.reference,
            f.case.pseudonym,
            f.number,
            f.text,
            f.response_reason,
            day(f.response_on),
        ]
        for f in findings
    ]
    if not rows:
        return [none(f"No decision not to implement a SAR finding was taken in {year.label}.")]
    return [
        table(
            "SAR findings the Board decided not to implement",
            ["Review", "Pseudonym", "Finding", "What it found", "Reasons", "Decided on"],
            rows,
            [False, False, True, False, False, False],
        )
    ]
