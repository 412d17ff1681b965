"""A generated partnership's learning (findings, recommendations, actions, progress notes)
and one review's very long multi-agency chronology."""

import csv
import datetime
import io
import random

from lantern.actions import learning_index
from lantern.actions.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Finding,
    Recommendation,
)
from lantern.cases.models import Case
from lantern.chronology.models import ImportStatus
from lantern.partnerships.models import GroupKind

from .gen_cases import at, dates_as_given
from .gen_people import Skeleton

TOPICS = [
    "information sharing between health and children's social care",
    "professional curiosity about who lives in the household",
    "escalation when a referral is not accepted",
    "the voice of the child in assessments",
    "recognising neglect that builds up over time",
    "hospital discharge planning for adults with care needs",
    "self-neglect and hoarding",
    "mental capacity assessments for risky decisions",
    "domestic abuse risk assessment (DASH) and MARAC referrals",
    "transition from children's to adults' services",
    "safe sleep advice for new parents",
    "missing episodes and child exploitation",
    "GP involvement in multi-agency meetings",
    "think family: parents' mental health and substance use",
    "supervision and caseloads of front-line staff",
]
VERBS = ["review", "strengthen", "audit", "train staff on", "publish guidance on", "embed"]
BATCH = 2000
CHRONOLOGY_HEADER = [
    "Date",
    "Time",
    "Agency",
    "Source record",
    "Event",
    "Action taken",
    "Practitioner role",
]


def _group_for(pathway: str, groups: dict) -> object:
    if pathway in ("rapid-review", "cspr"):
        return groups[GroupKind.LI]
    if pathway in ("sar", "dhr"):
        return groups[GroupKind.SAB]
    if pathway == "macfa":
        return groups[GroupKind.QAP]
    return groups[GroupKind.EXECUTIVE]


def _decision(case: Case, number: int, made: datetime.date, by: object) -> dict:
    """The decision on a finding, for the dashboards and the SAB's report (issue 16): one in
    ten not to be implemented, with its reason, the rest to act, decided on the day the
    finding was made. From the case and number, not the shared rng, so the rest of the
    generated data stays as it was."""
    if (case.pk + number) % 10 == 0:
        return {
            "response": "not_acting",
            "response_reason": "Met by a national programme already under way.",
            "response_on": made,
            "response_by": by,
        }
    return {"response": "act", "response_on": made, "response_by": by}


def build_learning(
    sk: Skeleton, cases: list[Case], scale: float, rng: random.Random, today: datetime.date
) -> dict[str, list]:
    staff = [u for members in sk.staff_by_agency.values() for u in members]
    n_recs = max(len(cases), round(6000 * scale))
    n_actions = max(n_recs, round(9000 * scale))
    # Every case gets at least one recommendation; the rest go to cases at random.
    per_case = {c.pk: 1 for c in cases}
    for _ in range(n_recs - len(cases)):
        per_case[rng.choice(cases).pk] += 1

    findings, recs = [], []
    for case in cases:
        # Findings and recommendations come months after the case opens, never after today.
        made = at(min(today, case.opened_on + datetime.timedelta(days=rng.randrange(60, 200))), rng)
        case_findings = []
        for number in range(1, max(1, per_case[case.pk] // 4) + 1):
            topic = rng.choice(TOPICS)
            case_findings.append(
                Finding(
                    case=case,
                    number=number,
                    created_by=sk.business_manager,
                    created_at=made,
                    text=f"Agencies' practice on {topic} was not consistent.",
                    **_decision(case, number, made.date(), sk.business_manager),
                )
            )
        findings += case_findings
        for number in range(1, per_case[case.pk] + 1):
            finding = case_findings[(number - 1) % len(case_findings)]
            topic = rng.choice(TOPICS)
            recs.append(
                Recommendation(
                    partnership=sk.partnership,
                    case=case,
                    number=number,
                    finding=finding,
                    text=f"The partnership should {rng.choice(VERBS)} {topic} "
                    f"(case {case.reference}, item {number}).",
                    monitoring_group=_group_for(case.pathway, sk.groups),
                    owner=rng.choice(staff),
                    impact_measure="An audit in a year shows the change.",
                    impact_review_on=made.date() + datetime.timedelta(days=365),
                    created_by=sk.business_manager,
                    created_at=made,
                )
            )
    with dates_as_given(Finding, Recommendation):
        findings = Finding.objects.bulk_create(findings, batch_size=BATCH)
        for rec in recs:
            rec.finding_id = rec.finding.pk
        recs = Recommendation.objects.bulk_create(recs, batch_size=BATCH)
    # bulk_create skips save(), which keeps repeat learning's index: store the texts'
    # weights and mark the partnership's learning changed (issue 13).
    learning_index.refresh(sk.partnership.pk)

    per_rec = {r.pk: 1 for r in recs}
    for _ in range(n_actions - len(recs)):
        per_rec[rng.choice(recs).pk] += 1
    actions = []
    for rec in recs:
        made = rec.created_at
        for number in range(1, per_rec[rec.pk] + 1):
            agency = rng.choice(sk.agencies)
            owner = rng.choice(sk.staff_by_agency.get(agency.pk) or staff)
            due = made.date() + datetime.timedelta(days=rng.randrange(60, 540))
            status, completed, verified = _status(due, today, rng)
            actions.append(
                Action(
                    recommendation=rec,
                    number=number,
                    title=f"Action {number} on {rec.text[:60]}",
                    description="What the agency will do.",
                    lead_agency=agency,
                    owner=owner,
                    due=due,
                    success_measure="Staff can say what changed.",
                    status=status,
                    completed_on=completed,
                    verified_on=verified,
                    verified_by=sk.business_manager if verified else None,
                    verified_note="Evidence seen by the group." if verified else "",
                    created_by=sk.business_manager,
                    created_at=made,
                    updated_at=at(completed or min(due, today), rng),
                )
            )
    for action in actions:
        # bulk_create skips save(): fill what save() copies from the recommendation.
        if hasattr(action, "take_from_recommendation"):
            action.take_from_recommendation()
    with dates_as_given(Action, ActionUpdate):
        actions = Action.objects.bulk_create(actions, batch_size=BATCH)
        updates = [
            ActionUpdate(
                action=a,
                status=a.status,
                note="Progress this quarter.",
                author=a.owner,
                created_at=a.updated_at,
            )
            for a in actions
            if a.status != ActionStatus.NOT_STARTED
        ]
        updates = ActionUpdate.objects.bulk_create(updates, batch_size=BATCH)
    return {"findings": findings, "recommendations": recs, "actions": actions, "updates": updates}


def _status(
    due: datetime.date, today: datetime.date, rng: random.Random
) -> tuple[str, datetime.date | None, datetime.date | None]:
    """Most past actions done and signed off; some still open (and so overdue)."""
    if due < today and rng.random() < 0.9:
        completed = due - datetime.timedelta(days=rng.randrange(0, 30))
        if rng.random() < 0.7:
            return (
                ActionStatus.VERIFIED,
                completed,
                min(today, completed + datetime.timedelta(days=40)),
            )
        return ActionStatus.COMPLETE, completed, None
    open_status = rng.choice(
        [ActionStatus.NOT_STARTED, ActionStatus.ON_TRACK, ActionStatus.AT_RISK]
    )
    return open_status, None, None


def chronology_cases(cases: list[Case], scale: float) -> list[Case]:
    """The reviews with a long chronology: the most recent open SAR (else any review), and
    at scale 10 the ten most recent. One chronology of 400,000 rows would be no case's
    (an agency's file holds at most 5,000 rows, and an upload replaces its entries): ten
    times the data is ten reviews with 40,000 rows each, the newest first."""
    reviews = [c for c in cases if c.pathway == "sar" and c.status == "open"]
    reviews = reviews or [c for c in cases if c.pathway in ("sar", "cspr", "dhr", "rapid-review")]
    wanted = max(1, int(scale))
    if len(reviews) < wanted:
        reviews = [c for c in cases if c.pathway in ("sar", "cspr", "dhr", "rapid-review")]
    return reviews[::-1][:wanted]


def build_chronologies(sk: Skeleton, cases: list[Case], scale: float, rng: random.Random) -> int:
    return sum(
        build_chronology(sk, case, min(scale, 1.0), rng) for case in chronology_cases(cases, scale)
    )


def build_chronology(sk: Skeleton, case: Case, scale: float, rng: random.Random) -> int:
    """40,000 rows at scale 1 from up to 20 agencies over the 900 days before the review,
    imported through Lantern's own chronology import (so the stored facts and flags are
    worked out as for a real upload); many days busy, so the flags have real work."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lantern.chronology.services import chronology_import

    n_rows = max(50, round(40000 * scale))
    agencies = sk.agencies[:20]
    made = 0
    for index, agency in enumerate(agencies):
        rows = n_rows // len(agencies) + (1 if index < n_rows % len(agencies) else 0)
        data = _chronology_csv(agency.name, case.opened_on, rows, rng)
        upload = SimpleUploadedFile(f"chronology-{agency.pk}.csv", data, "text/csv")
        batch = chronology_import(case=case, agency=agency, user=sk.business_manager, file=upload)
        if batch.status != ImportStatus.IMPORTED:
            raise RuntimeError(f"The generated chronology was refused: {batch.errors[:3]}")
        made += batch.row_count
    return made


def _chronology_csv(agency: str, before: datetime.date, rows: int, rng: random.Random) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CHRONOLOGY_HEADER)
    for n in range(rows):
        day = before - datetime.timedelta(days=rng.randrange(1, 900))
        at = f"{rng.randrange(8, 20):02d}:{rng.randrange(60):02d}" if rng.random() < 0.6 else ""
        event = f"Contact about {rng.choice(TOPICS)}; detail {rng.randrange(400)}."
        writer.writerow(
            [
                f"{day:%d/%m/%Y}",
                at,
                agency,
                f"REC-{n:06d}",
                event,
                "Recorded; advice given.",
                "Practitioner",
            ]
        )
    return out.getvalue().encode()
