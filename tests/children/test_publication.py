"""Rule: publication is refused while the text names the child (name, birth date, address)."""

import datetime

from lantern.children.publication import identifying_details

CHILD = {
    "full_name": "Jamie Lee Example",
    "date_of_birth": datetime.date(2019, 6, 4),
    "address": "14 Orchard Close, Demotown, DT1 2AB",
}


def _whats(text):
    return {f.what for f in identifying_details(text, **CHILD)}


def test_pseudonymised_text_may_be_published():
    assert _whats("Child A lived with her mother in the town. Born in 2019.") == set()


def test_full_name_in_any_case_and_spacing_is_found():
    assert "the child's full name" in _whats("A review about JAMIE  lee\nexample and her family.")


def test_a_first_name_or_surname_alone_is_found():
    assert _whats("Jamie attended nursery.") == {"the child's first name"}
    assert _whats("The Example family moved.") == {"the child's surname"}


def test_a_name_inside_another_word_is_not_a_finding():
    assert _whats("Counterexamples were considered; Jamieson Road is elsewhere.") == set()


def test_date_of_birth_in_common_formats_is_found():
    for form in ["4 June 2019", "04/06/2019", "4/6/2019", "2019-06-04", "4 Jun 2019", "04.06.2019"]:
        assert _whats(f"Child A was born on {form}.") == {"the child's date of birth"}, form


def test_address_lines_and_postcode_are_found():
    assert _whats("They lived at 14 Orchard Close.") == {"a line of the child's address"}
    assert _whats("Postcode DT12AB area.") == {"the child's postcode"}


def test_everything_is_listed_at_once():
    text = "Jamie Lee Example, born 4 June 2019, of 14 Orchard Close, DT1 2AB."
    assert _whats(text) >= {
        "the child's full name",
        "the child's date of birth",
        "a line of the child's address",
        "the child's postcode",
    }
