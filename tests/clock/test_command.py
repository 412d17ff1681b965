"""`lantern timetable PATHWAY --start YYYY-MM-DD [--json] [--partnership SLUG]`."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lantern.clock.models import ClosureDay, LocalTimescale
from tests.factories import PartnershipFactory


def run(*args: str) -> str:
    out = StringIO()
    call_command("timetable", *args, stdout=out)
    return out.getvalue()


# A referral received on Monday 21 December 2026. Working days after it, skipping
# Fri 25 Dec (Christmas Day), the weekend, Mon 28 Dec (substitute for Boxing Day, a
# Saturday), Fri 1 Jan (New Year's Day) and the next weekend:
#   Tue 22 Dec (1), Wed 23 (2), Thu 24 (3), Tue 29 (4), Wed 30 (5), Thu 31 (6),
#   Mon 4 Jan (7), Tue 5 (8), Wed 6 (9), Thu 7 (10), Fri 8 (11), Mon 11 (12),
#   Tue 12 (13), Wed 13 (14), Thu 14 Jan (15).
EXPECTED_2026_12_21 = {
    "pathway": "rapid-review",
    "start": "2026-12-21",
    "steps": [
        {
            # 2 working days after the referral: Wed 23 Dec.
            "id": "scoping-sent",
            "title": "Scoping template and letter sent to every involved agency",
            "due": "2026-12-23",
        },
        {
            # 5 working days after it was sent (its due date, 23 Dec): Thu 24 (1),
            # Tue 29 (2), Wed 30 (3), Thu 31 (4), Mon 4 Jan (5).
            "id": "scoping-returned",
            "title": "Agencies return scoping",
            "due": "2027-01-04",
        },
        {
            # Between 7 (Mon 4 Jan) and 13 (Tue 12 Jan) working days after the referral.
            "id": "meeting",
            "title": "Rapid review meeting held",
            "due": "2027-01-12",
            "earliest": "2027-01-04",
        },
        {
            # 15 working days after the referral (statutory): Thu 14 Jan.
            "id": "complete",
            "title": "Rapid review complete",
            "due": "2027-01-14",
        },
        {
            # 2 working days after the meeting's due date (12 Jan): Wed 13 (1), Thu 14 (2).
            "id": "outcome-sent",
            "title": (
                "Rapid review sent to the National Panel; agencies and referrer told the outcome"
            ),
            "due": "2027-01-14",
        },
        {
            # 5 working days after the referral (statutory): Wed 30 Dec.
            "id": "panel-notified",
            "title": "Local authority notifies the National Panel of the serious incident",
            "due": "2026-12-30",
        },
    ],
}


@pytest.mark.django_db
def test_json_for_a_referral_on_21_december_2026():
    """The timetable, counted by hand above; `earliest` only where a step has a window."""
    out = run("rapid-review", "--start", "2026-12-21", "--json")
    assert json.loads(out) == EXPECTED_2026_12_21
    # Keys in the order given: id, title, due, then earliest where there is one.
    assert [list(step) for step in json.loads(out)["steps"]][2] == [
        "id",
        "title",
        "due",
        "earliest",
    ]


@pytest.mark.django_db
def test_the_readable_table():
    lines = run("rapid-review", "--start", "2026-12-21").splitlines()
    assert lines[0].split() == ["STEP", "EARLIEST", "DUE", "TITLE"]
    assert lines[3].split()[:3] == ["meeting", "2027-01-04", "2027-01-12"]
    assert lines[4].split()[:4] == ["complete", "-", "2027-01-14", "statutory"]
    assert len(lines) == 7


@pytest.mark.django_db
def test_a_partnerships_local_timescales_and_closures_apply():
    """With --partnership, the partnership's timescales and closure days apply."""
    partnership = PartnershipFactory(slug="demoshire")
    LocalTimescale.objects.create(
        partnership=partnership, pathway="rapid-review", step_id="scoping-sent", amount=1
    )
    ClosureDay.objects.create(partnership=partnership, date=date(2026, 12, 30), reason="Move")
    steps = {
        s["id"]: s["due"]
        for s in json.loads(
            run("rapid-review", "--start", "2026-12-21", "--json", "--partnership", "demoshire")
        )["steps"]
    }
    assert steps["scoping-sent"] == "2026-12-22"  # 1 working day, locally
    assert steps["panel-notified"] == "2026-12-31"  # 22, 23, 24, 29, [30 closed], 31
    default = json.loads(run("rapid-review", "--start", "2026-12-21", "--json"))["steps"]
    assert default[0]["due"] == "2026-12-23"


@pytest.mark.django_db
def test_conditions_add_their_steps():
    out = json.loads(
        run("rapid-review", "--start", "2026-12-21", "--json", "--condition", "looked-after")
    )
    assert out["steps"][-1] == {
        "id": "sos-ofsted-notified",
        "title": "Secretary of State and Ofsted notified of the death of a looked-after child",
        "due": "2026-12-30",
    }


def test_cspr_timetable_months_and_back_scheduling():
    out = json.loads(run("cspr", "--start", "2026-12-21", "--json"))
    assert [(s["id"], s["due"]) for s in out["steps"]] == [
        ("complete", "2027-06-21"),
        ("final-report-sent", "2027-06-21"),
        ("publication", "2027-06-30"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nonsense", "--start", "2026-12-21"], "There is no timetable for 'nonsense'"),
        (["rapid-review", "--start", "21/12/2026"], "is not a date: give it as YYYY-MM-DD"),
        (["rapid-review", "--start", "2026-02-30"], "is not a date"),
        (["rapid-review", "--start", "20261221"], "is not a date"),
        (["rapid-review", "--start", "2026-12-21", "--condition", "x"], "has no condition x"),
    ],
)
def test_bad_input_is_a_clear_error(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


@pytest.mark.django_db
def test_unknown_partnership_is_a_clear_error():
    with pytest.raises(CommandError, match="There is no partnership 'nowhere'"):
        run("rapid-review", "--start", "2026-12-21", "--partnership", "nowhere")
