"""The learning summary (flagged for publication only when it names no case audited) and
the seminars and briefings that fed the learning back."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lantern.audits import grading, learning
from lantern.audits.models import Seminar

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_references_are_found_whole_and_whatever_their_case():
    refs = ["C-1", "C-10"]
    assert learning.references_in("As in c-10, practice was good.", refs) == ["C-10"]
    assert learning.references_in("C-1.", refs) == ["C-1"]
    assert learning.references_in("C-100 and XC-1", refs) == []


def test_rule_flagging_for_publication_is_refused_while_the_summary_names_a_case(ratified, manager):
    reference = grading.selected_references(ratified)[0]
    text = f"In {reference.lower()} the child was not seen alone."
    with pytest.raises(ValidationError) as error:
        learning.learning_summary_save(audit=ratified, text=text, flagged=True, user=manager)
    assert error.value.message_dict == {
        "text": [
            f"The summary names {reference}: remove every case reference before flagging it "
            "for publication."
        ]
    }
    ratified.refresh_from_db()
    assert ratified.learning_summary == "" and not ratified.learning_flagged_for_publication
    learning.learning_summary_save(audit=ratified, text=text, flagged=False, user=manager)
    learning.learning_summary_save(
        audit=ratified, text="Children were not always seen alone.", flagged=True, user=manager
    )
    ratified.refresh_from_db()
    assert ratified.learning_flagged_for_publication


def test_rule_learning_is_flagged_for_publication_after_the_executive_ratifies(found, manager):
    with pytest.raises(ValidationError) as error:
        learning.learning_summary_save(audit=found, text="Seen alone.", flagged=True, user=manager)
    assert set(error.value.message_dict) == {"flagged"}
    with pytest.raises(ValidationError) as error:
        learning.learning_summary_save(audit=found, text="", flagged=True, user=manager)
    assert "Enter the learning summary" in error.value.message_dict["text"][0]


def test_rule_a_seminar_is_recorded_once_held_with_title_audience_and_number(found, manager):
    with pytest.raises(ValidationError) as error:
        learning.seminar_record(
            audit=found, held_on=TODAY + datetime.timedelta(1), title=" ", audience="",
            attended_count=-1, user=manager,
        )  # fmt: skip
    assert set(error.value.message_dict) == {"held_on", "title", "audience", "attended_count"}
    learning.seminar_record(
        audit=found, held_on=TODAY, title="Seeing the child alone", audience="Health visitors",
        attended_count=23, user=manager,
    )  # fmt: skip
    seminar = Seminar.objects.get()
    assert (seminar.title, seminar.attended_count) == ("Seeing the child alone", 23)
