"""The random selection of cases: pseudonymised, reproducible, redraws on record."""

import random

import pytest
from django.core.exceptions import ValidationError

from lantern.audits import selection
from lantern.audits.models import Draw
from lantern.clock.models import CaseStep

from .conftest import REFERENCES, TODAY

pytestmark = pytest.mark.django_db


def test_references_refuse_blank_lines_duplicates_and_names():
    refs, problems = selection.parse_references("C-1\n\nC-2\nc-1\nJohn Smith\n")
    assert refs == ["C-1", "C-2"]
    assert problems == [
        "Line 2 is blank: enter one case reference a line.",
        "Line 4 repeats line 1 (c-1).",
        "Line 5 looks like a name, not a case reference: enter pseudonymised references only.",
    ]
    assert selection.parse_references("  ")[1] == [
        "Enter the eligible case references, one a line."
    ]


def test_the_draw_is_random_sample_of_the_sorted_list_so_it_can_be_rerun():
    refs = ["C-9", "C-1", "C-5", "C-3", "C-7"]
    assert selection.draw(refs, 3, 42) == random.Random(42).sample(sorted(refs), 3)
    assert selection.draw(list(reversed(refs)), 3, 42) == selection.draw(refs, 3, 42)


def test_cases_draw_records_seed_list_who_and_when_and_marks_cases_selected(audit, manager):
    record = selection.cases_draw(audit=audit, user=manager, references_text=REFERENCES)
    assert record.count == 4 and len(record.selected) == 4
    assert record.eligible == sorted(REFERENCES.splitlines())
    assert record.drawn_by == manager and record.drawn_at.date() == TODAY
    assert record.selected == random.Random(record.seed).sample(record.eligible, 4)
    assert selection.draw_verifies(record)
    assert CaseStep.objects.get(case=audit.case, step_id="cases-selected").done_on == TODAY


def test_cases_draw_refuses_too_few_and_bad_references(audit, manager):
    with pytest.raises(ValidationError) as error:
        selection.cases_draw(audit=audit, user=manager, references_text="C-1\nC-2")
    assert "Enter at least 4" in str(error.value.message_dict["references"])
    with pytest.raises(ValidationError) as error:
        selection.cases_draw(audit=audit, user=manager, references_text="C-1\nC-1\nC-2\nC-3")
    assert "repeats line 1" in str(error.value.message_dict["references"])


def test_a_redraw_needs_a_reason_and_keeps_the_earlier_draw(audit, manager):
    first = selection.cases_draw(audit=audit, user=manager, references_text=REFERENCES)
    with pytest.raises(ValidationError) as error:
        selection.cases_draw(audit=audit, user=manager, references_text=REFERENCES)
    assert "reason" in error.value.message_dict
    second = selection.cases_draw(
        audit=audit, user=manager, references_text=REFERENCES, reason="C-103 was closed."
    )
    assert list(Draw.objects.filter(audit=audit)) == [first, second]
    assert selection.current_draw(audit) == second and second.redraw_reason == "C-103 was closed."


def test_no_redraw_once_the_template_has_gone(sent, manager):
    with pytest.raises(ValidationError, match="can't be redrawn"):
        selection.cases_draw(audit=sent, user=manager, references_text=REFERENCES, reason="x")
