"""The SAB annual report's facts (Care Act 2014 Sch. 2 para 4(1)) count the right records
for the financial year, and never name the adult."""

import datetime
import json

import pytest
from django.utils import timezone

from lantern.actions.models import Finding, FindingResponse
from lantern.adults.models import ReferralStatus, Sar, SarReferral
from lantern.audits.models import Audit, AuditKind, Grade
from lantern.meetings.models import Decision
from lantern.partnerships.models import StatutoryFor
from lantern.reports.annual_facts import draw_facts
from lantern.reports.models import AnnualReport, ReportKind
from lantern.reports.sections import member_key, sections_for
from lantern.training.models import Booking, BookingStatus, Course, TrainingSession
from tests.factories import AgencyFactory, CaseFactory, PartnershipFactory, UserFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def _report(partnership, kind=ReportKind.SAB):
    return AnnualReport.objects.create(
        partnership=partnership,
        kind=kind,
        year_start=D(2025, 4, 1),
        year_end=D(2026, 3, 31),
        title="Annual report 2025 to 2026",
        created_by=UserFactory(partnership=partnership),
    )


def _sar(partnership, ref, commissioned, signed_off=None, **kw):
    case = CaseFactory(
        partnership=partnership,
        pathway="sar",
        stage="review",
        reference=ref,
        pseudonym=f"Adult {ref[-1]}",
        subject__kind="adult",
        subject__full_name=f"Secret Name {ref}",
    )
    return Sar.objects.create(
        case=case, commissioned_on=commissioned, signed_off_on=signed_off, **kw
    )


def _rows(blocks, caption_start):
    return next(
        b["rows"] for b in blocks if b["type"] == "table" and b["caption"].startswith(caption_start)
    )


def _value(blocks, label):
    items = [i for b in blocks if b["type"] == "figures" for i in b["items"]]
    return next(i["value"] for i in items if i["label"] == label)


def test_rule_concluded_means_signed_off_in_the_year_whether_or_not_begun_in_it():
    p = PartnershipFactory()
    _sar(p, "SAR-A1", D(2024, 10, 1), D(2026, 3, 31))  # begun before the year, signed off 31 March
    _sar(p, "SAR-A2", D(2025, 6, 1), D(2026, 4, 1))  # signed off 1 April: next year
    _sar(p, "SAR-A3", D(2024, 1, 1), D(2025, 3, 31))  # last year
    facts = draw_facts(_report(p))
    rows = _rows(facts["sections"]["sars-concluded"], "Safeguarding adult reviews concluded")
    assert [r[0] for r in rows] == ["SAR-A1"]
    assert rows[0][1] == "Adult 1" and rows[0][4] == 17  # 1 Oct 2024 to 31 Mar 2026
    assert _value(facts["sections"]["objective"], "SARs concluded") == 1


def test_rule_ongoing_at_year_end_includes_one_signed_off_after_it_with_its_delay_reasons():
    p = PartnershipFactory()
    _sar(
        p,
        "SAR-B1",
        D(2025, 6, 1),
        D(2026, 4, 1),
        delay_reasons="Court proceedings",
        delay_notice_on=D(2025, 12, 2),
    )
    _sar(p, "SAR-B2", D(2026, 1, 10))  # 2 months at year end
    _sar(p, "SAR-B3", D(2026, 4, 1))  # commissioned after the year: not ongoing in it
    _sar(p, "SAR-B4", D(2025, 5, 1), D(2026, 3, 31))  # concluded: not ongoing
    rows = _rows(
        draw_facts(_report(p))["sections"]["sars-ongoing"], "Safeguarding adult reviews ongoing"
    )
    assert [r[0] for r in rows] == ["SAR-B1", "SAR-B2"]
    assert rows[0][3] == 9 and rows[0][5] == "Yes" and rows[0][6] == "Court proceedings"
    assert rows[0][7] == "2 December 2025"
    assert rows[1][3] == 2 and rows[1][5] == "No" and rows[1][6] is None


def test_rule_an_ongoing_sars_stage_is_the_last_step_done_by_the_year_end():
    """Not today's stage: a SAR signed off in April was not signed off on 31 March."""
    from lantern.cases.models import Case
    from lantern.clock.models import CaseStep

    p = PartnershipFactory()
    _sar(p, "SAR-S1", D(2025, 6, 1), D(2026, 4, 20))
    case = Case.objects.get(reference="SAR-S1")
    for order, (step, done) in enumerate(
        [("imrs", D(2025, 9, 1)), ("draft-report", D(2026, 2, 1)), ("sab-signoff", D(2026, 4, 20))]
    ):
        CaseStep.objects.create(
            case=case, pathway="sar", step_id=step, title=f"Step {step}", order=order,
            start=D(2025, 6, 1), due=done, done_on=done,
        )  # fmt: skip
    rows = _rows(
        draw_facts(_report(p))["sections"]["sars-ongoing"], "Safeguarding adult reviews ongoing"
    )
    assert rows[0][4] == "Step draft-report"


def test_rule_objective_counts_sars_commissioned_in_the_year_only():
    p = PartnershipFactory()
    _sar(p, "SAR-C1", D(2025, 4, 1))
    _sar(p, "SAR-C2", D(2026, 3, 31))
    _sar(p, "SAR-C3", D(2025, 3, 31))
    _sar(PartnershipFactory(), "SAR-C4", D(2025, 5, 1))  # another partnership's
    assert _value(draw_facts(_report(p))["sections"]["objective"], "SARs commissioned") == 2


def test_rule_findings_of_concluded_sars_carry_the_decision_and_not_acting_ones_their_reasons():
    p = PartnershipFactory()
    user = UserFactory(partnership=p)
    sar = _sar(p, "SAR-D1", D(2025, 1, 6), D(2025, 9, 1))
    Finding.objects.create(
        case=sar.case,
        number=1,
        text="Hospital discharge",
        created_by=user,
        response=FindingResponse.ACT,
        response_on=D(2025, 9, 1),
    )
    Finding.objects.create(
        case=sar.case,
        number=2,
        text="Commissioning",
        created_by=user,
        response=FindingResponse.NOT_ACTING,
        response_reason="Already national policy",
        response_on=D(2025, 9, 1),
    )
    old = _sar(p, "SAR-D2", D(2023, 1, 6), D(2024, 1, 1))
    Finding.objects.create(
        case=old.case,
        number=1,
        text="Old",
        created_by=user,
        response=FindingResponse.NOT_ACTING,
        response_reason="Last year's",
        response_on=D(2025, 3, 31),
    )
    facts = draw_facts(_report(p))
    frows = _rows(facts["sections"]["sars-concluded"], "Their findings")
    assert [(r[0], r[1], r[3]) for r in frows] == [
        ("SAR-D1", 1, "To be implemented"),
        ("SAR-D1", 2, "Not to be implemented"),
    ]
    nrows = _rows(facts["sections"]["sars-not-implementing"], "SAR findings")
    assert [(r[0], r[2], r[4]) for r in nrows] == [("SAR-D1", 2, "Already national policy")]


def test_rule_every_statutory_section_says_something_even_when_there_are_no_records():
    p = PartnershipFactory()
    facts = draw_facts(_report(p))
    assert set(facts["sections"]) == {s.key for s in sections_for(ReportKind.SAB)}
    for spec in sections_for(ReportKind.SAB):
        if spec.statutory:
            assert facts["sections"][spec.key], spec.key
    assert facts["sections"]["sars-concluded"][0]["type"] == "none"
    assert facts["sections"]["sars-not-implementing"][0]["type"] == "none"
    assert facts["year_start"] == "2025-04-01" and facts["year_end"] == "2026-03-31"


def test_rule_facts_never_name_the_adult_and_are_json():
    p = PartnershipFactory()
    _sar(p, "SAR-E1", D(2024, 1, 1), D(2025, 6, 1))
    _sar(p, "SAR-E2", D(2025, 1, 1))
    text = json.dumps(draw_facts(_report(p)))
    assert "Secret Name" not in text and "Adult 1" in text and "Adult 2" in text


def test_rule_members_are_the_active_agencies_statutory_for_adults_or_both():
    p = PartnershipFactory()
    adults = AgencyFactory(partnership=p, name="B Adults", statutory_for=StatutoryFor.ADULTS)
    both = AgencyFactory(partnership=p, name="A Both", statutory_for=StatutoryFor.BOTH)
    AgencyFactory(partnership=p, name="C Children", statutory_for=StatutoryFor.CHILDREN)
    AgencyFactory(partnership=p, name="D Gone", statutory_for=StatutoryFor.BOTH, is_active=False)
    members = draw_facts(_report(p))["members"]
    assert [(m["key"], m["name"]) for m in members] == [
        (member_key(both.id), "A Both"),
        (member_key(adults.id), "B Adults"),
    ]
    assert all(m["blocks"] for m in members)


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _referral(p, user, agency, ref, received, criteria="mandatory", status="screened"):
    case = CaseFactory(
        partnership=p,
        pathway="sar",
        reference=ref,
        pseudonym=f"Adult {ref[-1]}",
        subject__kind="adult",
        subject__full_name=f"Secret Name {ref}",
    )
    return SarReferral.objects.create(
        case=case, referring_agency=agency, referred_by=user, authorised_by="Pat",
        authoriser_role="senior_manager", authorised_on=received, received_on=received,
        care_and_support_needs=True, died=True, abuse_or_neglect="known", serious=True,
        agencies_concern=True, what_happened=f"Secret Name {ref} was found at home",
        criteria=criteria, status=status,
    )  # fmt: skip


def _decide(referral, user, kind, on):
    return Decision.objects.create(
        case=referral.case, kind=kind, kind_label=kind, rationale="Why", decided_on=on,
        recorded_by=user,
    )  # fmt: skip


def test_rule_objective_lists_sar_referrals_received_in_the_year_with_their_outcomes():
    p = PartnershipFactory()
    user = UserFactory(partnership=p)
    agency = AgencyFactory(partnership=p)
    first = _referral(p, user, agency, "SR-1", D(2025, 4, 1))  # first day of the year
    _decide(first, user, "other", D(2025, 5, 1))
    _decide(first, user, "mandatory", D(2025, 6, 1))  # the latest decision is the outcome
    late = _referral(p, user, agency, "SR-2", D(2026, 3, 31), "discretionary")  # last day
    _decide(late, user, "discretionary", D(2026, 5, 20))  # decided after the year end: shown
    _referral(p, user, agency, "SR-3", D(2025, 9, 1), status=ReferralStatus.RETURNED)
    _referral(p, user, agency, "SR-4", D(2025, 10, 1))  # no decision yet
    _referral(p, user, agency, "SR-5", D(2025, 3, 31))  # last year's
    _referral(p, user, agency, "SR-6", D(2026, 4, 1))  # next year's
    blocks = draw_facts(_report(p))["sections"]["objective"]
    assert _value(blocks, "SAR referrals received") == 4
    rows = _rows(blocks, "SAR referrals received in the year")
    assert [(r[0], r[3], r[4], r[5]) for r in rows] == [
        ("SR-1", "Mandatory SAR", "Mandatory SAR", "1 June 2025"),
        ("SR-3", "Mandatory SAR", "Returned as incomplete", None),
        ("SR-4", "Mandatory SAR", "Awaiting a decision", None),
        ("SR-2", "Discretionary SAR", "Discretionary SAR", "20 May 2026"),
    ]
    by_outcome = _rows(blocks, "Outcomes of the SAR referrals")
    assert by_outcome == [
        ["Mandatory SAR", 1],
        ["Discretionary SAR", 1],
        ["Returned as incomplete", 1],
        ["Awaiting a decision", 1],
    ]
    # what happened (free text naming the adult) never reaches the report
    assert "Secret Name" not in json.dumps(blocks)


def test_rule_objective_gives_adults_audits_judged_and_training_in_the_year_as_figures():
    p = PartnershipFactory()
    user = UserFactory(partnership=p)

    def audit(ref, kind, judged, grade=Grade.GOOD):
        case = CaseFactory(partnership=p, pathway="macfa", reference=ref)
        return Audit.objects.create(
            case=case, theme="Self-neglect", theme_lead=user, scope="Four cases", kind=kind,
            qap_meeting_on=D(2025, 6, 1), judgement=grade, judged_at=_at(judged),
        )  # fmt: skip

    audit("MA-1", AuditKind.ADULTS, D(2025, 4, 1))
    audit("MA-2", AuditKind.ADULTS, D(2026, 3, 31))
    audit("MA-3", AuditKind.ADULTS, D(2026, 4, 1))  # next year
    audit("MA-4", AuditKind.CHILDREN, D(2025, 7, 1))  # children's
    audit("MA-5", AuditKind.ADULTS, D(2025, 7, 1), grade="")  # not graded
    course = Course.objects.create(partnership=p, title="Self-neglect", created_by=user)
    sessions = [
        TrainingSession.objects.create(
            partnership=p,
            course=course,
            starts_at=_at(on),
            ends_at=_at(on) + datetime.timedelta(hours=2),
            trainer="T",
            capacity=20,
            created_by=user,
        )
        for on in (D(2025, 9, 1), D(2026, 4, 2))
    ]
    for n, (session, status) in enumerate(
        [
            (sessions[0], BookingStatus.ATTENDED),
            (sessions[0], BookingStatus.DID_NOT_ATTEND),
            (sessions[1], BookingStatus.ATTENDED),
        ]
    ):
        Booking.objects.create(
            partnership=p, session=session, name="Someone", email=f"b{n}@example.org",
            status=status,
        )  # fmt: skip
    sections = draw_facts(_report(p))["sections"]
    blocks, training = sections["objective"], sections["training"]
    assert _value(blocks, "Case file audits judged") == 2
    assert _value(blocks, "People trained") == 1
    # the same totals as the training section's own figures
    assert _value(blocks, "Training sessions held") == 1
    assert _value(blocks, "Training sessions held") == _value(training, "Sessions held")


def test_rule_an_audit_judged_after_midnight_in_summer_is_dated_by_the_london_day():
    """Judged at 00:30 on 1 July (British Summer Time), stored as 23:30 UTC on 30 June:
    the report says 1 July, as the person who judged it saw the day."""
    p = PartnershipFactory()
    user = UserFactory(partnership=p)
    Audit.objects.create(
        case=CaseFactory(partnership=p, pathway="macfa", reference="MA-T1"),
        theme="Self-neglect", theme_lead=user, scope="Four cases", kind=AuditKind.ADULTS,
        qap_meeting_on=D(2025, 6, 1), judgement=Grade.GOOD,
        judged_at=datetime.datetime(2025, 6, 30, 23, 30, tzinfo=datetime.UTC),
    )  # fmt: skip
    rows = _rows(draw_facts(_report(p))["sections"]["audits"], "Case file audits judged")
    assert rows[0][0] == "MA-T1" and rows[0][-1] == "1 July 2025"
