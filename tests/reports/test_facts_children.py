"""The children's yearly report's facts (Working Together 2023) count the right records for
the financial year, say so when there are none, and never name the child."""

import datetime
import json

import pytest

from lantern.children.models import Cspr, RapidReview
from lantern.clock.models import CaseStep
from lantern.reports.annual_facts import draw_facts
from lantern.reports.models import AnnualReport, ReportKind
from lantern.reports.sections import sections_for
from tests.factories import AgencyFactory, CaseFactory, PartnershipFactory, UserFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def _report(p):
    return AnnualReport.objects.create(
        partnership=p,
        kind=ReportKind.CHILDREN,
        year_start=D(2025, 4, 1),
        year_end=D(2026, 3, 31),
        title="Yearly report",
        created_by=UserFactory(partnership=p),
    )


def _cspr(p, ref, commissioned, sent=None):
    case = CaseFactory(partnership=p, pathway="cspr", reference=ref, pseudonym=f"Child {ref[-1]}")
    return Cspr.objects.create(case=case, commissioned_on=commissioned, final_report_sent_on=sent)


def test_rule_cspr_concluded_when_final_report_sent_in_year_and_ongoing_otherwise():
    p = PartnershipFactory()
    _cspr(p, "CSPR-1", D(2024, 9, 1), D(2026, 3, 31))  # begun before the year: concluded in it
    _cspr(p, "CSPR-2", D(2025, 9, 1), D(2026, 4, 1))  # sent after year end: ongoing
    _cspr(p, "CSPR-3", D(2025, 10, 1))  # ongoing
    _cspr(p, "CSPR-4", D(2026, 4, 2))  # next year's
    blocks = draw_facts(_report(p))["sections"]["reviews"]
    concluded = next(b for b in blocks if b.get("caption", "").startswith("Child safeguarding"))
    assert [r[0] for r in concluded["rows"]] == ["CSPR-1"]
    ongoing = next(
        i["value"]
        for b in blocks
        if b["type"] == "figures"
        for i in b["items"]
        if i["label"] == "Reviews ongoing at year end"
    )
    assert ongoing == 2


def test_rule_rapid_review_timeliness_reads_the_clock_steps_of_reviews_received_in_year():
    p = PartnershipFactory()
    user = UserFactory(partnership=p)
    agency = AgencyFactory(partnership=p)

    def review(ref, received, notified_done, complete_done):
        case = CaseFactory(partnership=p, reference=ref, subject__full_name="Never Shown")
        RapidReview.objects.create(
            case=case, referring_agency=agency, referred_by=user, authorised_by="Lead",
            authorised_on=received, received_on=received, incident_on=received,
            looked_after=False, abuse_or_neglect="suspected", harm="serious_harm",
            what_happened="Injuries",
        )  # fmt: skip
        for order, (step, done, due_days) in enumerate(
            [("panel-notified", notified_done, 7), ("complete", complete_done, 21)]
        ):
            CaseStep.objects.create(
                case=case, pathway="rapid-review", step_id=step, title=step, order=order,
                start=received, due=received + datetime.timedelta(days=due_days), done_on=done,
            )  # fmt: skip

    review("RR-1", D(2025, 6, 2), D(2025, 6, 9), D(2025, 6, 23))  # both on the due day
    review("RR-2", D(2025, 7, 1), D(2025, 7, 10), None)  # notified late, not complete
    review("RR-3", D(2025, 3, 31), D(2025, 4, 1), D(2025, 4, 2))  # received last year
    facts = draw_facts(_report(p))
    items = {i["label"]: i["value"] for i in facts["sections"]["effectiveness"][-1]["items"]}
    assert items["National Panel notified in time"] == "1 of 2"
    assert items["Rapid reviews completed in time"] == "1 of 1"
    assert "Never Shown" not in json.dumps(facts)


def test_rule_every_statutory_section_has_a_block_even_with_no_records():
    facts = draw_facts(_report(PartnershipFactory()))
    assert set(facts["sections"]) == {s.key for s in sections_for(ReportKind.CHILDREN)}
    for spec in sections_for(ReportKind.CHILDREN):
        if spec.statutory and spec.key != "feedback":
            assert facts["sections"][spec.key], spec.key
    assert facts["sections"]["feedback"] == []
    json.dumps(facts)
