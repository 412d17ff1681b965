"""The children's yearly report's facts (Working Together 2023) count the right records for
the financial year, say so when there are none, and never name the child."""

import datetime
import json

import pytest
from django.utils import timezone

from lantern.actions.models import Action, ActionStatus, Finding, Recommendation
from lantern.children.models import Cspr, RapidReview
from lantern.clock.models import CaseStep
from lantern.learning.models import LibraryItem, Theme
from lantern.reports.annual_facts import draw_facts
from lantern.reports.models import AnnualReport, ReportKind
from lantern.reports.sections import sections_for
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    GroupFactory,
    PartnershipFactory,
    UserFactory,
)

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
    review("RR-4", D(2026, 3, 30), None, None)  # both still in time on 31 March
    facts = draw_facts(_report(p))
    items = {i["label"]: i["value"] for i in facts["sections"]["effectiveness"][-1]["items"]}
    assert items["National Panel notified in time"] == "1 of 2"
    # RR-2, never completed and past its due date at year end, counts against the figure.
    assert items["Rapid reviews completed in time"] == "1 of 2"
    assert "Never Shown" not in json.dumps(facts)


def test_rule_every_statutory_section_has_a_block_even_with_no_records():
    facts = draw_facts(_report(PartnershipFactory()))
    assert set(facts["sections"]) == {s.key for s in sections_for(ReportKind.CHILDREN)}
    for spec in sections_for(ReportKind.CHILDREN):
        if spec.statutory and spec.key != "feedback":
            assert facts["sections"][spec.key], spec.key
    assert facts["sections"]["feedback"] == []
    json.dumps(facts)


def _rapid_review(p, user, agency, ref, complete_done):
    """A rapid review whose clock's "complete" step was done on `complete_done`."""
    case = CaseFactory(
        partnership=p, pathway="rapid-review", reference=ref, pseudonym=f"Child {ref[-1]}",
        subject__full_name=f"Hidden Child {ref}",
    )  # fmt: skip
    received = complete_done - datetime.timedelta(days=20)
    RapidReview.objects.create(
        case=case, referring_agency=agency, referred_by=user, authorised_by="Lead",
        authorised_on=received, received_on=received, incident_on=received,
        looked_after=False, abuse_or_neglect="suspected", harm="serious_harm",
        what_happened=f"Hidden Child {ref} was hurt",
    )  # fmt: skip
    CaseStep.objects.create(
        case=case, pathway="rapid-review", step_id="complete", title="Complete", order=1,
        start=received, due=complete_done, done_on=complete_done,
    )  # fmt: skip
    return case


def test_rule_learning_gives_findings_of_rapid_reviews_and_csprs_concluded_and_their_themes():
    p = PartnershipFactory()
    user = UserFactory(partnership=p)
    agency = AgencyFactory(partnership=p)
    rr_in = _rapid_review(p, user, agency, "RR-1", D(2026, 3, 31))  # completed on the last day
    rr_out = _rapid_review(p, user, agency, "RR-2", D(2026, 4, 1))  # the day after: next year
    cspr = _cspr(p, "CSPR-5", D(2024, 9, 1), D(2025, 4, 1)).case  # sent on the first day
    for case in (rr_in, rr_out, cspr):
        Finding.objects.create(case=case, number=1, text=f"Finding of {case.reference}",
                               created_by=user)  # fmt: skip
    neglect = Theme.objects.create(partnership=p, slug="neglect", name="Neglect")
    voice = Theme.objects.create(partnership=p, slug="voice", name="Voice of the child")
    unused = Theme.objects.create(partnership=p, slug="housing", name="Housing")

    def item(case, ref, *themes):
        it = LibraryItem.objects.create(
            partnership=p,
            ref=ref,
            kind="finding" if case else "briefing",
            title=ref,
            text="Learning",
            case=case,
        )
        it.themes.set(themes)

    item(rr_in, "RR-1 F1", neglect, voice)
    item(rr_in, "RR-1 F2", neglect)
    item(cspr, "CSPR-5 F1", neglect)
    item(rr_out, "RR-2 F1", unused)  # concluded next year: not counted
    item(None, "Briefing", unused)  # no review
    blocks = draw_facts(_report(p))["sections"]["learning"]
    findings = next(b for b in blocks if b["caption"].startswith("Findings"))
    assert [r[0] for r in findings["rows"]] == ["CSPR-5", "RR-1"]
    themes = next(b for b in blocks if b["caption"].startswith("Themes"))
    # theme, reviews it appears in, learning items carrying it
    assert themes["rows"] == [["Neglect", 2, 3], ["Voice of the child", 1, 1]]
    assert themes["numeric"] == [False, True, True]


def test_rule_children_overdue_by_agency_is_as_at_year_end_from_the_dates():
    p = PartnershipFactory()
    user = UserFactory(partnership=p)
    agency = AgencyFactory(partnership=p, name="School")
    case = _cspr(p, "CSPR-6", D(2025, 5, 1)).case
    rec = Recommendation.objects.create(
        partnership=p, case=case, number=1, text="Train staff",
        monitoring_group=GroupFactory(partnership=p), owner=user, impact_measure="Audit",
        impact_review_on=D(2026, 9, 1), created_by=user,
    )  # fmt: skip

    def action(number, due, status=ActionStatus.ON_TRACK, completed_on=None):
        a = Action.objects.create(
            recommendation=rec, number=number, title="Train", lead_agency=agency, owner=user,
            due=due, success_measure="Done", status=status, completed_on=completed_on,
            created_by=user,
        )  # fmt: skip
        at = timezone.make_aware(datetime.datetime(2025, 6, 1, 10))
        Action.objects.filter(pk=a.pk).update(created_at=at)

    action(1, D(2026, 1, 1), ActionStatus.COMPLETE, D(2026, 5, 3))  # completed in May: overdue
    action(2, D(2026, 1, 1), ActionStatus.COMPLETE, D(2026, 3, 31))  # completed by then
    action(3, D(2026, 3, 31))  # due on the last day: not overdue
    blocks = draw_facts(_report(p))["sections"]["effectiveness"]
    overdue = next(b for b in blocks if b.get("caption", "").startswith("Actions overdue"))
    assert overdue["rows"] == [["School", 1]]


def test_rule_children_facts_never_carry_a_subject_name():
    """Only references and pseudonyms identify a review: the Subject (the child's name) is
    never read, and free text such as what happened never reaches the blocks."""
    p = PartnershipFactory()
    user = UserFactory(partnership=p)
    agency = AgencyFactory(partnership=p)
    rr = _rapid_review(p, user, agency, "RR-7", D(2025, 8, 1))
    _cspr(p, "CSPR-8", D(2025, 5, 1), D(2026, 2, 1))
    Finding.objects.create(case=rr, number=1, text="Agencies did not share", created_by=user)
    text = json.dumps(draw_facts(_report(p)))
    assert "Hidden Child" not in text
    assert "RR-7" in text and "CSPR-8" in text and "Child 8" in text
