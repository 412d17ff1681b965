"""Likely duplicates and contradictions: the rule in flags.py's docstring, case by case."""

import datetime
from dataclasses import dataclass

from lantern.chronology.flags import CONTRADICTION, DUPLICATE, facts, flag_entries, similarity

DAY = datetime.date(2026, 3, 2)


@dataclass
class E:
    pk: int
    agency_id: int
    event: str
    happened_on: datetime.date = DAY
    happened_at: datetime.time | None = None
    source_record: str = ""


def _kinds(entries):
    return {pk: [f.kind for f in flags] for pk, flags in flag_entries(entries).items()}


def test_same_event_from_two_agencies_is_a_likely_duplicate():
    flags = flag_entries(
        [
            E(1, 10, "Child brought to A&E by mother with a head injury"),
            E(2, 20, "Mother brought child to A&E with head injury"),
        ]
    )
    assert [f.kind for f in flags[1]] == [DUPLICATE]
    assert flags[1][0].other_pk == 2 and flags[2][0].other_agency_id == 10


def test_one_agency_repeating_itself_is_not_flagged():
    assert _kinds([E(1, 10, "Home visit"), E(2, 10, "Home visit")]) == {}


def test_different_days_or_far_apart_times_are_not_the_same_event():
    other_day = DAY + datetime.timedelta(days=1)
    assert _kinds([E(1, 10, "Home visit"), E(2, 20, "Home visit", other_day)]) == {}
    morning, evening = datetime.time(9), datetime.time(18)
    assert (
        _kinds([E(1, 10, "Home visit", DAY, morning), E(2, 20, "Home visit", DAY, evening)]) == {}
    )
    near = datetime.time(10, 30)
    assert _kinds([E(1, 10, "Home visit", DAY, morning), E(2, 20, "Home visit", DAY, near)]) == {
        1: [DUPLICATE],
        2: [DUPLICATE],
    }


def test_dissimilar_events_on_one_day_are_not_flagged():
    assert _kinds([E(1, 10, "School attendance meeting"), E(2, 20, "GP prescribed inhaler")]) == {}


def test_same_source_record_matches_even_when_worded_differently():
    entries = [E(1, 10, "Strategy discussion", source_record="SD-44"),
               E(2, 20, "Multi-agency meeting held", source_record="sd-44")]  # fmt: skip
    assert _kinds(entries) == {1: [DUPLICATE], 2: [DUPLICATE]}


def test_one_account_negated_is_a_contradiction():
    flags = flag_entries(
        [
            E(1, 10, "Bruising seen on the child's arm during the home visit"),
            E(2, 20, "No bruising seen on the child's arm during the home visit"),
        ]
    )
    assert flags[1][0].kind == CONTRADICTION
    assert "only one account says it did not happen" in flags[1][0].reason


def test_different_numbers_are_a_contradiction():
    entries = [E(1, 10, "Child seen with 2 bruises on the back"),
               E(2, 20, "Child seen with 5 bruises on the back")]  # fmt: skip
    assert _kinds(entries) == {1: [CONTRADICTION], 2: [CONTRADICTION]}


def test_words_ignore_case_small_words_and_negations():
    assert facts("The Child was NOT seen").words == facts("child seen").words
    assert facts("wasn't seen").negated
    assert similarity(frozenset(), frozenset({"a"})) == 0.0


def test_entries_without_pk_are_ignored():
    assert flag_entries([E(None, 10, "Home visit"), E(2, 20, "Home visit")]) == {}  # type: ignore[arg-type]
