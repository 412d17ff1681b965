"""The SAB annual report's facts (Care Act 2014 Sch. 2 para 4(1)) count the right records
for the financial year, and never name the adult."""

import datetime
import json

import pytest

from lantern.actions.models import Finding, FindingResponse
from lantern.adults.models import Sar
from lantern.partnerships.models import StatutoryFor
from lantern.reports.annual_facts import draw_facts
from lantern.reports.models import AnnualReport, ReportKind
from lantern.reports.sections import member_key, sections_for
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
