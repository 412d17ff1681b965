"""The demo's year of activity (issue 16): the last complete financial year holds what the
SAB's annual report must state, dated from the day the demo is loaded, and loading again
adds nothing. Loaded once for the module (demo_once)."""

import datetime

import pytest
import time_machine

from lantern.accounts.models import User
from lantern.actions.models import Action, Evidence, Finding
from lantern.actions.pack import PACK_READ
from lantern.adults.models import Sar
from lantern.audit.models import AuditEvent
from lantern.demo.services import demo_load
from lantern.partnerships.models import Partnership
from lantern.reports.period import last_complete_financial_year

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


def test_loading_again_adds_nothing(demo):
    before = (
        Sar.objects.count(),
        Finding.objects.count(),
        AuditEvent.objects.filter(changes__viewed__startswith=PACK_READ).count(),
    )
    demo_load()
    after = (
        Sar.objects.count(),
        Finding.objects.count(),
        AuditEvent.objects.filter(changes__viewed__startswith=PACK_READ).count(),
    )
    assert after == before


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
