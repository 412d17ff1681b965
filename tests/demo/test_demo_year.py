"""The demo's year of activity (issue 16): the last complete financial year holds what the
SAB's annual report must state, dated from the day the demo is loaded, and loading again
adds nothing. Loaded once for the module (demo_once)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from lantern.accounts.models import User
from lantern.actions.models import Action, Evidence, Finding
from lantern.actions.pack import PACK_READ
from lantern.adults.models import Sar, SarReferral
from lantern.audit.models import AuditEvent
from lantern.audits.models import Audit
from lantern.children.models import Cspr, RapidReview
from lantern.clock.models import CaseStep
from lantern.demo.services import (
    AUDITS_IN_YEAR,
    RAPID_REVIEWS_IN_YEAR,
    SAR_REFERRALS_IN_YEAR,
    SARS_IN_YEAR,
    TRAINING_REPORTS_IN_YEAR,
    demo_load,
)
from lantern.demo.year_children import REVIEWS
from lantern.meetings.models import Decision
from lantern.partnerships.models import Partnership
from lantern.reports.period import last_complete_financial_year
from lantern.training.models import EvaluationReport

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 4)
YEAR = last_complete_financial_year(TODAY)


@pytest.fixture(scope="module")
def _today_for_the_module():
    with time_machine.travel(datetime.datetime(2026, 12, 4, 12), tick=False):
        yield


@pytest.fixture
def demo(_today_for_the_module, demo_once):
    return Partnership.objects.get(slug="demo")


def _in_year(field: str) -> dict:
    return {f"{field}__gte": YEAR.start, f"{field}__lte": YEAR.end}


def test_the_year_is_the_last_complete_financial_year():
    assert (YEAR.start, YEAR.end) == (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))


def test_a_sar_was_signed_off_by_the_sab_in_the_year(demo):
    assert Sar.objects.filter(case__partnership=demo, **_in_year("signed_off_on")).count() == 1


def test_the_concluded_sars_findings_are_decided_one_not_acting_with_reason(demo):
    sar = Sar.objects.get(case__partnership=demo, **_in_year("signed_off_on"))
    findings = Finding.objects.filter(case=sar.case)
    assert findings.filter(response="act", **_in_year("response_on")).count() == 2
    not_acting = findings.get(response="not_acting")
    assert not_acting.response_reason and not_acting.response_by is not None
    assert YEAR.start <= not_acting.response_on <= YEAR.end


def test_actions_on_the_findings_were_completed_and_verified_in_the_year_with_evidence(demo):
    sar = Sar.objects.get(case__partnership=demo, **_in_year("signed_off_on"))
    actions = Action.objects.filter(recommendation__case=sar.case, **_in_year("completed_on"))
    assert actions.count() == 2
    assert all(a.status == "verified" for a in actions), [a.status for a in actions]
    assert Evidence.objects.filter(action__in=actions).count() == 2


def test_a_sar_is_still_ongoing_at_the_year_end(demo):
    ongoing = Sar.objects.filter(case__partnership=demo, commissioned_on__lte=YEAR.end).exclude(
        signed_off_on__lte=YEAR.end
    )
    late = [s for s in ongoing if s.commissioned_on < datetime.date(2025, 10, 1)]
    assert late, "one SAR was beyond six months at the year end"
    assert any(s.delay_notice_on and s.delay_reasons for s in late)


def test_the_qap_and_li_packs_were_downloaded_for_meetings_in_the_year(demo):
    reads = AuditEvent.objects.filter(partnership=demo, changes__viewed__startswith=PACK_READ)
    meetings = {(e.object_label, e.changes["viewed"][len(PACK_READ) :][:10]) for e in reads}
    assert len(meetings) >= 8
    assert all(YEAR.start.isoformat() <= day <= YEAR.end.isoformat() for _, day in meetings)


def test_an_executive_member_is_in_the_demo(demo):
    member = User.objects.get(email="executive.member@example.org")
    assert member.role_assignments.filter(role="group_member", group__name="Executive").exists()


def _counts() -> tuple[int, ...]:
    return (
        Sar.objects.count(),
        Finding.objects.count(),
        AuditEvent.objects.filter(changes__viewed__startswith=PACK_READ).count(),
        RapidReview.objects.count(),
        Cspr.objects.count(),
        Action.objects.count(),
        SarReferral.objects.count(),
        Audit.objects.count(),
        EvaluationReport.objects.count(),
    )


def test_loading_again_adds_nothing(demo):
    before = _counts()
    summary = demo_load()
    assert _counts() == before
    for key in (
        SARS_IN_YEAR, RAPID_REVIEWS_IN_YEAR, SAR_REFERRALS_IN_YEAR, AUDITS_IN_YEAR,
        TRAINING_REPORTS_IN_YEAR,
    ):  # fmt: skip
        assert summary.created[key] == 0, key


def _rapid_reviews_in_year(demo):
    """The year's own rapid reviews (Child D of demo/children.py, dated from today, may
    fall in the year too)."""
    return RapidReview.objects.filter(
        case__partnership=demo, case__pseudonym__in=[row[0] for row in REVIEWS],
        **_in_year("received_on"),
    )  # fmt: skip


def test_rapid_reviews_were_received_across_the_year_each_with_its_decision(demo):
    reviews = _rapid_reviews_in_year(demo)
    assert 3 <= reviews.count() <= 4
    assert len({r.received_on.month for r in reviews}) == reviews.count()
    decisions = Decision.objects.filter(
        case__in=[r.case_id for r in reviews], **_in_year("decided_on")
    )
    assert decisions.count() == reviews.count()
    assert {d.kind for d in decisions} == {"cspr", "alternative", "none"}


def test_rule_most_rapid_reviews_met_the_statutory_clocks_one_complete_late_one_notified_late(
    demo,
):
    """Working Together 2023: the Panel is notified within 5 working days and the rapid
    review completed within 15; the clock steps show the one of each that was late."""
    cases = [r.case_id for r in _rapid_reviews_in_year(demo)]
    steps = CaseStep.objects.filter(
        case__in=cases, pathway="rapid-review", step_id__in=("complete", "panel-notified")
    )
    assert all(s.done_on for s in steps) and steps.count() == 2 * len(cases)
    late = sorted((s.step_id, s.case.pseudonym) for s in steps if s.done_on > s.due)
    assert [step for step, _ in late] == ["complete", "panel-notified"]
    assert late[0][1] != late[1][1]


def test_a_cspr_was_concluded_in_the_year_its_findings_decided_and_actions_completed(demo):
    csprs = Cspr.objects.filter(case__partnership=demo, **_in_year("final_report_sent_on"))
    assert csprs.count() == 1
    case = csprs.get().case
    findings = Finding.objects.filter(case=case)
    assert findings.count() == 2
    assert findings.filter(response="act", **_in_year("response_on")).count() == 2
    done = Action.objects.filter(recommendation__case=case, **_in_year("completed_on"))
    assert done.count() == 1 and Evidence.objects.filter(action__in=done).count() == 1
    assert Action.objects.filter(recommendation__case=case, completed_on__isnull=True).exists()


def test_sar_referrals_in_the_year_were_decided_and_none_waits_on_its_referrer(demo):
    """One was returned as incomplete and corrected; a referral left returned for a year
    would sit on the referrer's list for ever."""
    referrals = SarReferral.objects.filter(
        case__partnership=demo, case__pseudonym__in=["Adult G", "Adult H"]
    )
    assert referrals.filter(**_in_year("received_on")).count() == 2
    assert not referrals.filter(status="returned").exists()
    no_sar = Decision.objects.filter(
        case__in=[r.case_id for r in referrals], kind="other", **_in_year("decided_on")
    )
    assert no_sar.count() == 2
    assert {d.case.sar_referral.criteria for d in no_sar} == {"discretionary"}


def test_adults_and_childrens_audits_were_judged_and_presented_in_the_year(demo):
    start = timezone.make_aware(datetime.datetime.combine(YEAR.start, datetime.time()))
    end = timezone.make_aware(datetime.datetime.combine(YEAR.end, datetime.time(23, 59)))
    audits = Audit.objects.filter(case__partnership=demo, judged_at__range=(start, end))
    assert {a.kind for a in audits} == {"adults", "children"}
    assert all(a.judgement for a in audits)
    presented = CaseStep.objects.filter(
        case__in=[a.case_id for a in audits], pathway="macfa", step_id="report-presented",
        **_in_year("done_on"),
    )  # fmt: skip
    assert presented.count() == audits.count() == 2


def test_a_training_evaluation_was_reported_in_the_year(demo):
    reports = EvaluationReport.objects.filter(partnership=demo, **_in_year("reported_on"))
    assert reports.count() == 1
    assert YEAR.start <= reports.get().period_end <= YEAR.end


def test_the_sab_report_for_the_demo_year_states_d_to_g(demo):
    """Care Act 2014 Sch. 2 para 4(1): every statutory section has a block, and (d)
    concluded, (e) ongoing, (f) implementing and (g) not implementing say something other
    than "none" for the demo's year."""
    from lantern.reports.annual_facts import draw_facts
    from lantern.reports.models import AnnualReport
    from lantern.reports.sections import sections_for

    report = AnnualReport(
        partnership=demo, kind="sab", year_start=YEAR.start, year_end=YEAR.end,
        title="Annual report 2025 to 2026",
        created_by=User.objects.get(email="business.manager@example.org"),
    )  # fmt: skip
    facts = draw_facts(report, today=TODAY)
    for spec in sections_for("sab"):
        if spec.statutory and not spec.per_member:
            assert facts["sections"][spec.key], spec.key
    for key in ("sars-concluded", "sars-ongoing", "sars-implementing", "sars-not-implementing"):
        blocks = facts["sections"][key]
        assert any(b["type"] != "none" for b in blocks), (key, blocks)
