"""Timetables: declared steps, anchors, chains, windows, local changes, back-scheduling."""

from datetime import date

import pytest

from lantern.cases.pathways import PATHWAYS
from lantern.clock.engine import (
    START,
    TIMETABLES,
    Override,
    Period,
    StepRule,
    Timetable,
    Unit,
    WorkingCalendar,
    schedule,
)

RR = TIMETABLES["rapid-review"]
CSPR = TIMETABLES["cspr"]
WEEKS, MONTHS = Unit.WEEKS, Unit.MONTHS


def dates(planned):
    return {p.id: (p.earliest, p.due) for p in planned}


def test_every_timetable_is_for_a_pathway_cases_know():
    """A timetable is a pathway's, or a phase of one (a SAR's referral before the review)."""
    from lantern.clock.engine.timetables import TIMETABLE_NAMES

    phases = {"sar-referral": "sar"}
    assert {phases.get(key, key) for key in TIMETABLES} <= set(PATHWAYS)
    assert set(TIMETABLE_NAMES) == set(TIMETABLES)


def test_rapid_review_over_christmas_2026():
    """Rapid review from a referral received Mon 21 Dec 2026.

    Working days after 21 Dec: Tue 22 (1), Wed 23 (2), Thu 24 (3), [Fri 25 Christmas,
    weekend, Mon 28 Boxing Day substitute] Tue 29 (4), Wed 30 (5), Thu 31 (6), [Fri 1 Jan
    New Year's Day, weekend] Mon 4 Jan (7), 5 (8), 6 (9), 7 (10), 8 (11), 11 (12),
    12 (13), 13 (14), 14 (15).
    """
    assert dates(schedule(RR, date(2026, 12, 21))) == {
        "scoping-sent": (None, date(2026, 12, 23)),  # 2 working days after the referral
        # 5 after scoping sent (23 Dec): 24, 29, 30, 31 Dec, 4 Jan.
        "scoping-returned": (None, date(2027, 1, 4)),
        "meeting": (date(2027, 1, 4), date(2027, 1, 12)),  # between 7 and 13
        "complete": (None, date(2027, 1, 14)),  # 15, statutory
        "outcome-sent": (None, date(2027, 1, 14)),  # 2 after the meeting (12 Jan): 13, 14
        "panel-notified": (None, date(2026, 12, 30)),  # 5, statutory
    }


def test_rapid_review_from_a_referral_on_a_saturday():
    """A referral on Saturday 10 Jan 2026: Monday 12 Jan is working day 1."""
    assert dates(schedule(RR, date(2026, 1, 10))) == {
        "scoping-sent": (None, date(2026, 1, 13)),  # Mon 12 (1), Tue 13 (2)
        "scoping-returned": (None, date(2026, 1, 20)),  # 14, 15, 16, 19, 20
        "meeting": (date(2026, 1, 20), date(2026, 1, 28)),  # day 7 Tue 20, day 13 Wed 28
        "complete": (None, date(2026, 1, 30)),  # Thu 29 (14), Fri 30 (15)
        "outcome-sent": (None, date(2026, 1, 30)),
        "panel-notified": (None, date(2026, 1, 16)),  # Mon 12 … Fri 16 (5)
    }


def test_rapid_review_from_a_referral_on_good_friday():
    """A referral on a bank holiday (Good Friday 3 Apr 2026): Tuesday 7 Apr is day 1.

    Working days: 7 Apr (1), 8 (2), 9 (3), 10 (4), 13 (5), 14 (6), 15 (7), 16 (8), 17 (9),
    20 (10), 21 (11), 22 (12), 23 (13), 24 (14), 27 (15).
    """
    assert dates(schedule(RR, date(2026, 4, 3))) == {
        "scoping-sent": (None, date(2026, 4, 8)),
        "scoping-returned": (None, date(2026, 4, 15)),  # 9, 10, 13, 14, 15
        "meeting": (date(2026, 4, 15), date(2026, 4, 23)),
        "complete": (None, date(2026, 4, 27)),
        "outcome-sent": (None, date(2026, 4, 27)),  # 24, 27
        "panel-notified": (None, date(2026, 4, 13)),
    }


def test_rapid_review_over_the_early_may_bank_holiday():
    """Referral Thu 30 Apr 2026: Fri 1 May (1), [Mon 4 May bank holiday] Tue 5 (2), …"""
    planned = dates(schedule(RR, date(2026, 4, 30)))
    assert planned["scoping-sent"] == (None, date(2026, 5, 5))
    assert planned["panel-notified"] == (None, date(2026, 5, 8))  # 6 (3), 7 (4), 8 (5)
    assert planned["meeting"] == (date(2026, 5, 12), date(2026, 5, 20))
    assert planned["complete"] == (None, date(2026, 5, 22))


def test_steps_come_in_the_declared_order():
    assert [p.id for p in schedule(RR, date(2026, 12, 21))] == [
        "scoping-sent",
        "scoping-returned",
        "meeting",
        "complete",
        "outcome-sent",
        "panel-notified",
    ]


def test_counting_from_the_notification_instead_of_the_referral():
    """WT2023 counts from the notification: a partnership may choose that anchor. The
    notification itself still counts from the referral (becoming aware)."""
    planned = dates(schedule(RR, date(2026, 12, 21), anchor="panel-notified"))
    assert planned["panel-notified"] == (None, date(2026, 12, 30))
    # From Wed 30 Dec: Thu 31 (1), Mon 4 Jan (2), 5, 6, 7, 8 (6), 11 (7), 12, 13, 14,
    # 15 (11), 18 (12), 19 (13), 20 (14), 21 (15).
    assert planned["scoping-sent"] == (None, date(2027, 1, 4))
    assert planned["meeting"] == (date(2027, 1, 11), date(2027, 1, 19))
    assert planned["complete"] == (None, date(2027, 1, 21))


def test_the_anchor_step_happening_early_moves_what_counts_from_it():
    """Chained steps count from the predecessor's actual date once it happened."""
    planned = schedule(
        RR, date(2026, 12, 21), anchor="panel-notified", done={"panel-notified": date(2026, 12, 22)}
    )
    assert dates(planned)["scoping-sent"] == (None, date(2026, 12, 24))  # 23 (1), 24 (2)


def test_chained_step_counts_from_the_actual_date_else_the_due_date():
    """Agencies return scoping 5 working days after it was *actually* sent."""
    start = date(2026, 12, 21)
    assert dates(schedule(RR, start))["scoping-returned"][1] == date(2027, 1, 4)
    early = schedule(RR, start, done={"scoping-sent": date(2026, 12, 22)})
    # 5 after Tue 22 Dec: 23, 24, 29, 30, 31.
    assert dates(early)["scoping-returned"][1] == date(2026, 12, 31)
    late = schedule(RR, start, done={"scoping-sent": date(2026, 12, 29)})
    # 5 after Tue 29 Dec: 30, 31, 4 Jan, 5, 6.
    assert dates(late)["scoping-returned"][1] == date(2027, 1, 6)
    # The statutory 15 days count from the referral, whatever happened to the scoping.
    assert dates(late)["complete"][1] == date(2027, 1, 14)


def test_basis_says_how_the_date_was_counted():
    planned = {
        p.id: p for p in schedule(RR, date(2026, 12, 21), done={"scoping-sent": date(2026, 12, 22)})
    }
    assert (
        planned["scoping-sent"].basis == "2 working days after referral received (21 December 2026)"
    )
    assert planned["scoping-returned"].basis.endswith("(done 22 December 2026)")
    assert planned["outcome-sent"].basis.endswith("(due 12 January 2027)")


def test_a_looked_after_childs_death_adds_the_secretary_of_state_and_ofsted():
    """For a looked-after child's death, notify the Secretary of State and Ofsted within 5
    working days, like the Panel."""
    assert "sos-ofsted-notified" not in dates(schedule(RR, date(2026, 12, 21)))
    planned = dates(schedule(RR, date(2026, 12, 21), conditions={"looked-after"}))
    assert planned["sos-ofsted-notified"] == (None, date(2026, 12, 30))
    assert RR.step("sos-ofsted-notified").statutory


def test_closure_days_move_due_dates():
    closed = WorkingCalendar.with_closures([date(2026, 12, 23)])
    planned = dates(schedule(RR, date(2026, 12, 21), calendar=closed))
    assert planned["scoping-sent"] == (None, date(2026, 12, 24))  # 22 (1), [23], 24 (2)
    assert planned["complete"] == (None, date(2027, 1, 15))


def test_a_local_timescale_changes_the_step_and_what_counts_from_it():
    """A partnership can change its local timescales without code."""
    local = RR.localised({"meeting": Override(10, earliest=5)})
    planned = dates(schedule(local, date(2026, 12, 21)))
    assert planned["meeting"] == (date(2026, 12, 30), date(2027, 1, 7))  # day 5, day 10
    assert planned["outcome-sent"] == (None, date(2027, 1, 11))  # 8, 11
    assert RR.step("meeting").period == Period(13)  # the declaration itself is untouched


@pytest.mark.parametrize("step_id", ["complete", "panel-notified", "sos-ofsted-notified"])
def test_statutory_timescales_cannot_be_changed(step_id):
    """Statutory timescales are not the partnership's to change."""
    with pytest.raises(ValueError, match="statutory timescale"):
        RR.localised({step_id: Override(20)})


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (Override(0), "between 1 and 500"),
        (Override(501), "between 1 and 500"),
        (Override(5, earliest=7), "between 1 and 5"),  # the window would open after the due date
        (Override(13, earliest=0), "between 1 and 13"),
    ],
)
def test_local_timescales_must_be_sane(override, message):
    with pytest.raises(ValueError, match=message):
        RR.localised({"meeting": override})


def test_cspr_complete_in_six_months_and_report_sent_seven_working_days_before_publication():
    """CSPR: complete within 6 months of the decision (default); final report to the
    Panel and the Secretary of State at least 7 working days before publication."""
    planned = dates(schedule(CSPR, date(2026, 12, 21)))
    assert planned["complete"] == (None, date(2027, 6, 21))  # Mon 21 Jun 2027
    # Publication planned 7 working days after completion: 22, 23, 24, 25, 28, 29, 30 Jun.
    assert planned["publication"] == (None, date(2027, 6, 30))
    # Back-scheduled 7 working days from publication: 29, 28, 25, 24, 23, 22, 21 Jun.
    assert planned["final-report-sent"] == (None, date(2027, 6, 21))
    assert CSPR.step("final-report-sent").statutory


def test_cspr_report_date_is_back_scheduled_from_an_agreed_publication_date():
    """When the publication date is agreed (held at a date a person chose), the final
    report date counts back from it, over the Summer bank holiday."""
    planned = schedule(CSPR, date(2026, 1, 2), fixed={"publication": (date(2026, 9, 1), None)})
    # 7 working days before Tue 1 Sep 2026: [Mon 31 Aug bank holiday] Fri 28 (1), 27, 26,
    # 25, 24 (5), Fri 21 (6), Thu 20 Aug (7).
    assert dates(planned)["final-report-sent"] == (None, date(2026, 8, 20))


def test_fixed_dates_are_held_and_shifts_push_on_by_working_days():
    planned = dates(
        schedule(
            RR,
            date(2026, 12, 21),
            fixed={"meeting": (date(2027, 1, 8), date(2027, 1, 15))},
            shifts={"complete": 2},
        )
    )
    assert planned["meeting"] == (date(2027, 1, 15), date(2027, 1, 8))
    assert planned["outcome-sent"] == (None, date(2027, 1, 12))  # 11, 12 after 8 Jan
    assert planned["complete"] == (None, date(2027, 1, 18))  # 14 Jan + 2: 15, 18


# Later pathways must be expressible as declarations. Two sketches from domain.md:

MACFA_SKETCH = Timetable(
    pathway="macfa",
    start_label="QA&P meeting",
    steps=(
        StepRule("audit", "Audit date", Period(4, WEEKS), after=START, before=True),
        StepRule("theme", "Theme published", Period(7, WEEKS), after="audit", before=True),
        StepRule("selected", "Cases selected", Period(6, WEEKS), after="audit", before=True),
        StepRule("template-sent", "Template sent", Period(5, WEEKS), after="audit", before=True),
        StepRule("programme-sent", "Programme sent", Period(1, WEEKS), after="audit", before=True),
    ),
)


def test_macfa_style_timetable_counts_back_in_weeks_from_the_audit_date():
    """Back-scheduled dates ("5 weeks before") move back to the previous working day."""
    planned = dates(schedule(MACFA_SKETCH, date(2026, 6, 8)))  # QA&P on Mon 8 Jun 2026
    assert planned == {
        "audit": (None, date(2026, 5, 11)),  # 4 weeks before
        "theme": (None, date(2026, 3, 23)),  # 7 weeks before the audit
        "selected": (None, date(2026, 3, 30)),
        # Mon 6 Apr is Easter Monday, and Fri 3 Apr Good Friday: back to Thu 2 Apr.
        "template-sent": (None, date(2026, 4, 2)),
        # Mon 4 May is the Early May bank holiday: back to Fri 1 May.
        "programme-sent": (None, date(2026, 5, 1)),
    }


SAR_SKETCH = Timetable(
    pathway="sar",
    start_label="SAR request",
    steps=(
        StepRule("scoping-returns", "Scoping returns", Period(20)),
        StepRule(
            "decision",
            "Sub-group decides",
            Period(8, WEEKS),
            earliest=Period(6, WEEKS),
        ),
        StepRule("draft", "Draft final report", Period(5, MONTHS), after="decision"),
    ),
)


def test_sar_style_windows_in_weeks_and_months_after_a_step():
    planned = dates(schedule(SAR_SKETCH, date(2026, 11, 2)))
    # 6 weeks after Mon 2 Nov 2026 = Mon 14 Dec; 8 weeks = Mon 28 Dec, the Boxing Day
    # substitute holiday → Tue 29 Dec.
    assert planned["decision"] == (date(2026, 12, 14), date(2026, 12, 29))
    # 5 months after Tue 29 Dec 2026 = Sat 29 May 2027; Mon 31 May is the Spring bank
    # holiday → Tue 1 Jun 2027.
    assert planned["draft"] == (None, date(2027, 6, 1))


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        (
            (StepRule("a", "A", Period(1), after="b"), StepRule("b", "B", Period(1), after="a")),
            "itself",
        ),
        ((StepRule("a", "A", Period(1), after="nowhere"),), "unknown"),
        ((StepRule("a", "A", Period(1)), StepRule("a", "A again", Period(2))), "unique"),
    ],
)
def test_declarations_are_checked_when_made(steps, message):
    with pytest.raises(ValueError, match=message):
        Timetable(pathway="x", start_label="Start", steps=steps)


def test_a_window_cannot_open_after_it_closes():
    with pytest.raises(ValueError, match="opens after it closes"):
        StepRule("m", "Meeting", Period(5), earliest=Period(7))
    with pytest.raises(ValueError, match="cannot be a step id"):
        StepRule(START, "Start", Period(1))


def test_an_unknown_anchor_is_refused():
    with pytest.raises(ValueError, match="cannot count from"):
        schedule(RR, date(2026, 12, 21), anchor="meeting")


def test_dependents_follow_the_chosen_anchor():
    assert RR.dependents("scoping-sent") == ["scoping-returned"]
    assert RR.dependents("meeting") == ["outcome-sent"]
    assert RR.dependents("panel-notified") == []
    assert RR.dependents("panel-notified", "panel-notified") == [
        "scoping-sent",
        "scoping-returned",
        "meeting",
        "complete",
        "outcome-sent",
    ]
    assert CSPR.dependents("complete") == ["final-report-sent", "publication"]
