"""The SAR referral, SAR and DHR timetables, counted by hand from Monday 21 December 2026
(Christmas Fri 25 Dec; Boxing Day's substitute Mon 28 Dec; New Year's Day Fri 1 Jan 2027)."""

import json

from django.core.management import call_command


def _steps(pathway: str) -> dict[str, tuple[str | None, str]]:
    from io import StringIO

    out = StringIO()
    call_command("timetable", pathway, "--start", "2026-12-21", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["pathway"] == pathway and data["start"] == "2026-12-21"
    return {s["id"]: (s.get("earliest"), s["due"]) for s in data["steps"]}


def test_rule_sar_referral_scoping_20_working_days_decision_6_to_8_weeks_chair_10_working_days():
    assert _steps("sar-referral") == {
        # 22, 23, 24, 29, 30, 31 Dec (6); 4-8 Jan (11); 11-15 (16); 18, 19, 20, 21 Jan (20).
        "scoping-returned": (None, "2027-01-21"),
        # 6 weeks: Mon 1 Feb; 8 weeks: Mon 15 Feb.
        "decision": ("2027-02-01", "2027-02-15"),
        # 10 working days after 15 Feb: 16-19 (4), 22-26 (9), Mon 1 Mar (10).
        "chair-agreed": (None, "2027-03-01"),
    }


def test_rule_sar_month_by_month_timetable_from_the_commission_date():
    assert _steps("sar") == {
        "reviewers-commissioned": (None, "2027-01-11"),  # 3 weeks
        "initial-scoping-meeting": (None, "2027-02-08"),  # 4 weeks after that
        "draft-report": (None, "2027-05-21"),  # 5 months (a Friday)
        "sar-committee": (None, "2027-06-04"),  # 5½ months: 2 weeks after the draft
        "sab-signoff": (None, "2027-06-21"),  # 6 months
        "family-shared": (None, "2027-07-05"),  # 2 weeks after sign-off
        "publication": (None, "2027-07-21"),  # 7 months
        "learning-event": (None, "2027-09-21"),  # 9 months
    }


def test_rule_dhr_decision_within_a_month_report_within_six_months_of_the_decision():
    assert _steps("dhr") == {"decision": (None, "2027-01-21"), "report": (None, "2027-07-21")}


def test_rule_macfa_back_scheduled_from_the_qap_meeting():
    from io import StringIO

    out = StringIO()
    call_command("timetable", "macfa", "--start", "2027-03-10", "--json", stdout=out)
    steps = {s["id"]: s["due"] for s in json.loads(out.getvalue())["steps"]}
    assert steps == {
        "audit": "2027-02-10",  # 4 weeks before the QA&P meeting (Wed 10 Mar 2027)
        "tool-devised": "2026-12-23",  # 7 weeks before the audit
        "cases-selected": "2026-12-30",  # 6 weeks before
        "template-sent": "2027-01-06",  # 5 weeks before
        "programme-sent": "2027-02-03",  # 1 week before
        "report-presented": "2027-03-10",  # at the QA&P meeting itself
    }


def test_rule_a_back_scheduled_date_on_a_bank_holiday_moves_back_to_a_working_day():
    from io import StringIO

    out = StringIO()
    # QA&P Mon 1 Feb 2027: audit Mon 4 Jan; a week before is Mon 28 Dec 2026, the Boxing
    # Day substitute holiday, so the programme is due the working day before: Thu 24 Dec.
    call_command("timetable", "macfa", "--start", "2027-02-01", "--json", stdout=out)
    steps = {s["id"]: s["due"] for s in json.loads(out.getvalue())["steps"]}
    assert steps["audit"] == "2027-01-04"
    assert steps["programme-sent"] == "2026-12-24"
