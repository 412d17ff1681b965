"""A generated partnership's cases over ten years: every pathway, its record and timetable."""

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models
from django.utils import timezone

from lantern.adults.models import Sar, SarReferral
from lantern.audits.models import Audit
from lantern.cases.models import Capacity, Case, CaseMembership, CaseStatus, Subject
from lantern.cases.pathways import PATHWAYS
from lantern.cases.services import REFERENCE_PREFIXES
from lantern.children.models import Cspr, RapidReview
from lantern.clock.engine import TIMETABLES, DateOutOfRange, schedule
from lantern.clock.models import CaseStep
from lantern.dhr.models import Dhr
from lantern.partnerships.models import GroupKind

from .gen_people import Skeleton

YEARS = 10
#: Share of cases by pathway (about 520 at scale 1).
PATHWAY_SHARE = {
    "rapid-review": 0.38,
    "cspr": 0.12,
    "sar": 0.22,
    "dhr": 0.10,
    "macfa": 0.15,
    "national": 0.03,
}
#: A case's timetables: a CSPR continues its rapid review, a SAR its referral.
TIMETABLES_OF = {
    "rapid-review": ["rapid-review"],
    "cspr": ["rapid-review", "cspr"],
    "sar": ["sar-referral", "sar"],
    "dhr": ["dhr"],
    "macfa": ["macfa"],
    "national": [],
}
#: Cases opened longer ago than this are closed.
OPEN_FOR_DAYS = 540


@contextmanager
def dates_as_given(*model_classes: type[models.Model]) -> Iterator[None]:
    """Lets bulk_create keep the dates we give auto_now(_add) fields: ten years of history,
    not today. Only in this process, only while generating."""
    saved = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


def at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A time in office hours on `day`."""
    moment = datetime.datetime.combine(day, datetime.time(8 + rng.randrange(10), rng.randrange(60)))
    return timezone.make_aware(moment)


def pathway_counts(n_cases: int) -> dict[str, int]:
    return {p: max(1, round(n_cases * share)) for p, share in PATHWAY_SHARE.items()}


def build_cases(sk: Skeleton, scale: float, rng: random.Random, today: datetime.date) -> list[Case]:
    p = sk.partnership
    first_day = today - datetime.timedelta(days=365 * YEARS)
    span = (today - first_day).days - 14
    plan: list[tuple[str, datetime.date]] = []
    for pathway, n in pathway_counts(round(520 * scale)).items():
        plan += [
            (pathway, first_day + datetime.timedelta(days=rng.randrange(span))) for _ in range(n)
        ]
    # The oldest rapid review is always from the first full year (the bench's "case from 2017").
    plan.append(("rapid-review", datetime.date(first_day.year + 1, 3, 14)))
    plan.sort(key=lambda item: item[1])

    subjects, cases, taken = [], [], {}
    for i, (pathway, opened) in enumerate(plan):
        definition = PATHWAYS[pathway]
        prefix_pathway = "rapid-review" if pathway == "cspr" else pathway
        prefix = f"{REFERENCE_PREFIXES[prefix_pathway]}-{opened.year}-"
        taken[prefix] = taken.get(prefix, 0) + 1
        closed = (today - opened).days > OPEN_FOR_DAYS
        stages = [key for key, _ in definition.stages]
        subject = None
        if definition.subject_kind:
            subject = Subject(
                partnership=p,
                kind=definition.subject_kind,
                full_name=f"Subject {i:05d}",
                date_of_birth=opened - datetime.timedelta(days=rng.randrange(300, 30000)),
            )
            subjects.append(subject)
        letter = chr(ord("A") + i % 26) + (str(i // 26) if i >= 26 else "")
        cases.append(
            Case(
                partnership=p,
                reference=f"{prefix}{taken[prefix]:03d}",
                pathway=pathway,
                stage="closed" if closed else rng.choice(stages[:-1]),
                status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                title=f"{definition.name}: theme {i % 17 + 1}",
                pseudonym=f"{'Child' if definition.subject_kind == 'child' else 'Adult'} {letter}"
                if definition.subject_kind
                else "",
                subject=subject,
                opened_on=opened,
                closed_on=min(today, opened + datetime.timedelta(days=rng.randrange(200, 520)))
                if closed
                else None,
                created_at=at(opened, rng),
            )
        )
    Subject.objects.bulk_create(subjects)
    for case in cases:
        if case.subject is not None:
            case.subject_id = case.subject.pk
    with dates_as_given(Case):
        cases = Case.objects.bulk_create(cases)
    return cases


def build_details(sk: Skeleton, cases: list[Case], rng: random.Random) -> dict[str, int]:
    """Each pathway's own record (the referral, the review, the audit)."""
    staff = [u for members in sk.staff_by_agency.values() for u in members]
    statutory = sk.agencies[:4]
    rr, cspr, refs, sars, dhrs, audits = [], [], [], [], [], []
    involved: dict[str, list] = {"rr": [], "sar": []}
    for case in cases:
        day = case.opened_on
        later = day + datetime.timedelta(days=60)
        referrer = rng.choice(staff)
        others = rng.sample(sk.agencies[4:], k=min(3, len(sk.agencies) - 4))
        if case.pathway in ("rapid-review", "cspr"):
            rr.append(
                RapidReview(
                    case=case,
                    referring_agency_id=referrer.agency_id,
                    referred_by=referrer,
                    authorised_by="Safeguarding lead",
                    authorised_on=day,
                    received_on=day,
                    incident_on=day - datetime.timedelta(days=1),
                    looked_after=False,
                    abuse_or_neglect="suspected",
                    harm="serious_harm",
                    what_happened="What happened, in brief.",
                    status="accepted",
                    panel_notified_on=day + datetime.timedelta(days=3),
                    panel_notified_by=sk.business_manager,
                )
            )
            involved["rr"].append([a.pk for a in [*statutory[:1], *statutory[2:], *others]])
        if case.pathway == "cspr":
            cspr.append(Cspr(case=case, commissioned_on=later, methodology="Systems review."))
        if case.pathway == "sar":
            refs.append(
                SarReferral(
                    case=case,
                    referring_agency_id=referrer.agency_id,
                    referred_by=referrer,
                    authorised_by="Safeguarding lead",
                    authoriser_role="safeguarding_lead",
                    authorised_on=day,
                    received_on=day,
                    care_and_support_needs=True,
                    died=False,
                    abuse_or_neglect="suspected",
                    serious=True,
                    agencies_concern=True,
                    what_happened="What happened.",
                    criteria="mandatory",
                    status="signed_off",
                    screened_on=day + datetime.timedelta(days=10),
                    screened_by=sk.business_manager,
                    signed_off_on=day + datetime.timedelta(days=30),
                    signed_off_by=sk.chair,
                )
            )
            involved["sar"].append([a.pk for a in [*statutory[1:], *others]])
            sars.append(Sar(case=case, commissioned_on=later))
        if case.pathway == "dhr":
            dhrs.append(
                Dhr(
                    case=case,
                    notified_on=day,
                    notified_by="Police",
                    recorded_by=sk.business_manager,
                    date_of_death=day - datetime.timedelta(days=7),
                    relationship="partner",
                    circumstances="Circumstances, in brief.",
                    outcome="conduct",
                    rationale="The criteria are met.",
                    decided_on=day + datetime.timedelta(days=25),
                )
            )
        if case.pathway == "macfa":
            audits.append(
                Audit(
                    case=case,
                    theme=case.title,
                    theme_lead=rng.choice(staff),
                    scope="A sample of cases.",
                    kind="children",
                    qap_group=sk.groups[GroupKind.QAP],
                    qap_meeting_on=day + datetime.timedelta(days=120),
                )
            )
    rr = RapidReview.objects.bulk_create(rr)
    refs = SarReferral.objects.bulk_create(refs)
    through = RapidReview.involved_agencies.through
    through.objects.bulk_create(
        through(rapidreview_id=r.pk, agency_id=a)
        for r, ids in zip(rr, involved["rr"], strict=True)
        for a in ids
    )
    through = SarReferral.involved_agencies.through
    through.objects.bulk_create(
        through(sarreferral_id=r.pk, agency_id=a)
        for r, ids in zip(refs, involved["sar"], strict=True)
        for a in ids
    )
    Cspr.objects.bulk_create(cspr)
    Sar.objects.bulk_create(sars)
    Dhr.objects.bulk_create(dhrs)
    Audit.objects.bulk_create(audits)
    return {
        "rapid review records": len(rr),
        "CSPR records": len(cspr),
        "SAR records": len(sars),
        "DHR records": len(dhrs),
        "audit records": len(audits),
    }


def build_memberships(sk: Skeleton, cases: list[Case], rng: random.Random) -> int:
    rows = []
    reps = [(a, m) for a, members in sk.staff_by_agency.items() for m in members[1:3]]
    for case in cases:
        added = at(case.opened_on, rng)
        lead = sk.unit_officers[case.pk % len(sk.unit_officers)]
        rows.append(CaseMembership(case=case, person=lead, capacity=Capacity.LEAD, added_at=added))
        rows.append(
            CaseMembership(case=case, person=sk.chair, capacity=Capacity.CHAIR, added_at=added)
        )
        seen = {lead.pk, sk.chair.pk}
        for agency_id, person in rng.sample(reps, k=min(3, len(reps))):
            if person.pk not in seen:
                seen.add(person.pk)
                rows.append(
                    CaseMembership(
                        case=case,
                        person=person,
                        agency_id=agency_id,
                        capacity=Capacity.AGENCY_REPRESENTATIVE,
                        added_at=added,
                    )
                )
    with dates_as_given(CaseMembership):
        CaseMembership.objects.bulk_create(rows)
    return len(rows)


def build_steps(cases: list[Case], rng: random.Random, today: datetime.date) -> list[CaseStep]:
    """Each case's timetable from the clock's own engine; old steps done, some left overdue."""
    rows = []
    for case in cases:
        start = case.opened_on
        for timetable_key in TIMETABLES_OF[case.pathway]:
            try:
                planned = schedule(TIMETABLES[timetable_key], start)
            except DateOutOfRange:
                continue
            for order, plan in enumerate(planned, start=1):
                done_on = None
                if case.status == CaseStatus.CLOSED or (plan.due < today and rng.random() < 0.8):
                    done_on = min(plan.due, today)
                rows.append(
                    CaseStep(
                        case=case,
                        pathway=timetable_key,
                        step_id=plan.id,
                        title=plan.title,
                        order=order,
                        start=start,
                        earliest=plan.earliest,
                        due=plan.due,
                        basis=plan.basis[:300],
                        done_on=done_on,
                        statutory=plan.step.statutory,
                    )
                )
            if planned:
                start = planned[-1].due
    return CaseStep.objects.bulk_create(rows, batch_size=2000)
