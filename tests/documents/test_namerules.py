"""The name check's rules on plain text (lantern.documents.namerules): each form of
the subject's name, date of birth and address, and ordinary words that are names."""

import datetime

import pytest

from lantern.documents.namerules import Subject, passage_hits

SARAH = Subject(
    full_name="Sarah Okonkwo",
    date_of_birth=datetime.date(2015, 3, 3),
    address="12 Acacia Avenue\nDudley\nDY1 1AA",
    pseudonym="Child A",
)


def found(text: str, subject: Subject = SARAH) -> list[tuple[str, str]]:
    return [(hit.what, hit.words) for hit in passage_hits(text, "body", subject)]


def whats(text: str, subject: Subject = SARAH) -> list[str]:
    return [what for what, _ in found(text, subject)]


@pytest.mark.parametrize(
    "text, words",
    [
        ("We met Sarah Okonkwo at school.", "Sarah Okonkwo"),
        ("We met Okonkwo Sarah at school.", "Okonkwo Sarah"),
        ("SARAH OKONKWO", "SARAH OKONKWO"),
        ("sarah okonkwo was seen", "sarah okonkwo"),
        ("Okonkwo, Sarah (child)", "Okonkwo, Sarah"),
        ("We met Sarah\nOkonkwo at school.", "Sarah\nOkonkwo"),
    ],
)
def test_full_name_in_any_order_or_case(text, words):
    assert found(text) == [("the subject's full name", words)]


@pytest.mark.parametrize(
    "text, words",
    [
        ("Notes by S. Okonkwo today", "S. Okonkwo"),
        ("Notes by S Okonkwo today", "S Okonkwo"),
        ("Notes: Okonkwo, S. wrote", "Okonkwo, S"),
    ],
)
def test_surname_with_initials(text, words):
    assert found(text) == [("the subject's surname with initials", words)]


def test_uncommon_name_part_flagged_wherever_it_stands_as_a_word():
    assert found("the okonkwo family") == [("the subject's surname", "okonkwo")]
    assert found("Sarah’s school") == [("the subject's first name", "Sarah’s")]
    assert found("Okonkwoville is a place") == []  # not the word on its own


YOUNG = Subject(full_name="Sarah Young", pseudonym="Child A")
HALL = Subject(full_name="Tom Hall", pseudonym="Child B")
GREEN = Subject(full_name="Lily Green", pseudonym="Child C")


@pytest.mark.parametrize(
    "subject, text",
    [
        (YOUNG, "Young people told us what mattered."),
        (YOUNG, "The service for young people was stretched."),
        (HALL, "The meeting was held at the town hall."),
        (GREEN, "More green space was asked for."),
        (GREEN, "GREEN SPACE"),
        (YOUNG, "Findings\nYoung carers were not identified."),
    ],
)
def test_ordinary_word_surname_not_flagged_in_ordinary_use(subject, text):
    assert found(text, subject) == []


@pytest.mark.parametrize(
    "subject, text, what, words",
    [
        (YOUNG, "The school spoke to Young about it.", "the subject's surname", "Young"),
        (YOUNG, "Mrs Young attended.", "the subject's name with a title", "Mrs Young"),
        (YOUNG, "Mr. Young attended.", "the subject's name with a title", "Mr. Young"),
        (YOUNG, "Notes by S. Young.", "the subject's surname with initials", "S. Young"),
        (YOUNG, "Young, S. was seen", "the subject's surname with initials", "Young, S"),
        (HALL, "Dr Hall was told.", "the subject's name with a title", "Dr Hall"),
        (HALL, "the Hall family moved", "the subject's surname", "Hall"),
        (GREEN, "we saw Lily Green", "the subject's full name", "Lily Green"),
        (GREEN, "Green Lily was seen", "the subject's full name", "Green Lily"),
    ],
)
def test_ordinary_word_surname_flagged_where_used_as_a_name(subject, text, what, words):
    assert found(text, subject) == [(what, words)]


DEMO = Subject(full_name="Adult Demo Two", pseudonym="Adult A")


@pytest.mark.parametrize(
    "text",
    [
        "Adult A lived alone. Agencies worked with Adult A for two years.",
        "The review met Adult A's family and two advocates in a demo session.",
        "Learning for adults: two agencies did not share information.",
        "Two agencies did not share information.",
    ],
)
def test_demo_sar_subject_adult_demo_two_allows_the_pseudonym_adult_a(text):
    """The demo SAR must be publishable: "Adult A" is the pseudonym, not the name."""
    assert found(text, DEMO) == []


def test_demo_sar_subject_still_found_when_named():
    assert whats("We met Adult Demo Two at home.", DEMO) == ["the subject's full name"]
    assert whats("we met adult demo two", DEMO) == ["the subject's full name"]
    assert whats("The GP saw Demo Two weekly.", DEMO) == ["the subject's middle name and surname"]
    assert whats("We met Two at home.", DEMO) == ["the subject's surname"]
    assert whats("Mr Two agreed.", DEMO) == ["the subject's name with a title"]


HYPHENATED = Subject(full_name="Amy Smith-Jones", pseudonym="Child A")


def test_hyphenated_surname_broken_across_a_line_with_no_first_name_is_found():
    assert found("The report says Smith-\nJones was at home.", HYPHENATED) == [
        ("the subject's surname", "Smith-\nJones")
    ]


def test_word_hyphenated_at_a_line_end_is_read_joined_up():
    assert found("The Oko-\nnkwo family was seen.") == [("the subject's surname", "Oko-\nnkwo")]


@pytest.mark.parametrize(
    "text",
    [
        "born 03/03/2015",
        "born 3/3/2015",
        "born 3.3.15",
        "born 03-03-2015",
        "born 2015-03-03",
        "born 3 March 2015",
        "born 3rd March 2015",
        "born 3rd of March, 2015",
        "born 3 Mar 15",
        "born March 3rd, 2015",
        "born Mar. 3, 2015",
        "born 3 March\n2015",
    ],
)
def test_date_of_birth_in_any_common_format(text):
    assert whats(text) == ["the subject's date of birth"]


@pytest.mark.parametrize("text", ["on 13/03/2015", "on 3 March 2016", "ref 103/03/2015"])
def test_other_dates_are_not_the_date_of_birth(text):
    assert found(text) == []


def test_address_lines_and_postcode():
    assert found("She lived at 12 Acacia Avenue, Dudley DY1 1AA.") == [
        ("a line of the subject's address", "12 Acacia Avenue"),
        ("the subject's postcode", "DY1 1AA"),
    ]
    street = "acacia avenue"
    assert found(f"a flat on {street}") == [("a line of the subject's address", street)]
    assert found("postcode dy11aa") == [("the subject's postcode", "dy11aa")]


def test_town_alone_in_the_address_is_not_a_finding():
    """A partnership's reports name its own town: that alone identifies no one."""
    assert found("Dudley Safeguarding People Partnership") == []


def test_each_finding_quotes_the_passage_with_some_context():
    text = "The first paragraph. " * 5 + "Agencies met Sarah Okonkwo often. " + "More. " * 20
    (hit,) = passage_hits(text, "page 3", SARAH)
    assert hit.where == "page 3"
    assert "Agencies met Sarah Okonkwo often." in hit.context()
    assert hit.context().startswith("…") and hit.context().endswith("…")


@pytest.mark.parametrize(
    "subject, text",
    [
        (DEMO, "This Safeguarding Adult Review looked at care."),
        (DEMO, "The Adult Social Care team"),
        (HALL, "The meeting was at the Town Hall."),
        (GREEN, "Her GP at Green Lane Surgery"),
        (YOUNG, "referred to the Young Carers service"),
    ],
)
def test_ordinary_word_in_a_title_case_name_of_something_else_is_not_flagged(subject, text):
    assert found(text, subject) == []


def test_ordinary_word_surname_after_another_persons_first_name_is_flagged():
    """ "Tom Young" may be the subject's father: the family name still identifies."""
    assert found("The school called Tom Young.", YOUNG) == [("the subject's surname", "Young")]
