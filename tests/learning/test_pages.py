"""The learning library's pages (issue 14, "The learning library (signed in)"): search with
snippets and filters, one item's page, each tried with the four people of the style guide
(a member who may, a read-only member, an outsider in the same partnership, a user of
another partnership); pagination; bad input answered with a message and no results."""

import datetime

import pytest
from django.urls import reverse

from lantern.actions.services import finding_create
from lantern.learning.models import LibraryItem
from tests.factories import AgencyFactory, PartnershipFactory, UserFactory

from .helpers import item

pytestmark = pytest.mark.django_db

LIBRARY = "/library/"


def page(client, user, url=LIBRARY, **params):
    client.force_login(user)
    return client.get(url, params)


def found(response) -> list[str]:
    """The refs of the items a library page lists, in order."""
    return [hit.item.ref for hit in response.context["hits"]]


@pytest.fixture
def shelf(cast):
    """A published review (no case: every member reads it) and a finding of the cast's
    case (only the case's readers read it), both about hoarding."""
    published = item(
        cast.case.partnership,
        "SAR-2024-01",
        "Adult C lived with severe hoarding; the MCA was not applied.",
        title="Adult C: self-neglect",
        published_on=datetime.date(2024, 5, 1),
        themes=["self-neglect"],
    )
    finding = finding_create(
        case=cast.case,
        text="The hoarding was seen by the housing officer and not shared.",
        user=cast.member,
    )
    return published, LibraryItem.objects.get(ref=f"finding-{finding.pk}")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("member", {"SAR-2024-01", "finding"}),
        ("read_only_member", {"SAR-2024-01", "finding"}),
        ("outsider", {"SAR-2024-01"}),
        ("stranger", set()),
    ],
)
def test_search_shows_only_what_each_person_may_read(client, cast, shelf, who, expected):
    """Issue 14: the library search goes through the permission policy. A case's finding
    is found by its members (even read-only ones), not by an outsider in the same
    partnership; a user of another partnership finds nothing of this one."""
    response = page(client, getattr(cast, who), q="hoarding")
    assert response.status_code == 200
    refs = {"finding" if ref.startswith("finding-") else ref for ref in found(response)}
    assert refs == expected


@pytest.mark.parametrize(
    ("who", "published_status", "finding_status"),
    [
        ("member", 200, 200),
        ("read_only_member", 200, 200),
        ("outsider", 200, 404),
        ("stranger", 404, 404),
    ],
)
def test_item_page_is_404_to_whoever_may_not_read_it(
    client, cast, shelf, who, published_status, finding_status
):
    """Issue 14: an item the person may not read is a 404, as if it did not exist."""
    published, finding = shelf
    user = getattr(cast, who)
    assert page(client, user, reverse("learning:item", args=[published.pk])).status_code == (
        published_status
    )
    assert page(client, user, reverse("learning:item", args=[finding.pk])).status_code == (
        finding_status
    )


def test_signed_out_is_sent_to_sign_in(client, shelf):
    response = client.get(LIBRARY, {"q": "hoarding"})
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]


def test_item_page_shows_source_date_kind_themes_agencies_and_text(client, cast):
    """Issue 14: each item with its source, date, pathway, themes and agencies, its text,
    and a link to its public address."""
    partnership = cast.case.partnership
    agency = AgencyFactory(partnership=partnership, name="Demoshire Housing")
    published = item(
        partnership,
        "SAR-9",
        "First paragraph.\n\nSecond paragraph about <b>hoarding</b>.",
        title="Adult D",
        url="https://example.org/sar-9",
        published_on=datetime.date(2023, 2, 14),
        themes=["self-neglect"],
        agencies=[agency],
    )
    response = page(client, cast.outsider, reverse("learning:item", args=[published.pk]))
    html = response.content.decode()
    for text in (
        "Adult D",
        "14 February 2023",
        "Safeguarding Adult Review",
        "Self-neglect",
        "Demoshire Housing",
        'href="https://example.org/sar-9"',
        "<p>Second paragraph about &lt;b&gt;hoarding&lt;/b&gt;.</p>",
    ):
        assert text in html


def test_a_finding_links_to_its_case_for_its_readers(client, cast, shelf):
    """Issue 14: the item links to its source record when the person may read it."""
    _, finding = shelf
    response = page(client, cast.read_only_member, reverse("learning:item", args=[finding.pk]))
    assert reverse("actions:case", args=[cast.case.reference]) in response.content.decode()
    assert "Rapid review" in response.content.decode() or cast.case.pathway_def.name in (
        response.content.decode()
    )


def test_snippets_mark_the_match_and_escape_the_text(client, cast):
    """Issue 14: snippets highlight the matched words with <mark>; the item's own text is
    escaped, so a <script> in it is shown as text, never run."""
    entry = item(
        cast.case.partnership,
        "X-1",
        "Staff saw <script>alert(1)</script> and severe hoarding at the flat.",
    )
    html = page(client, cast.outsider, q="hoarding").content.decode()
    assert "<mark>hoarding</mark>" in html
    # SQLite's snippet keeps the tag (escaped here); PostgreSQL's ts_headline drops it.
    assert "alert(1)" in html and "<script>alert" not in html
    html = page(client, cast.outsider, reverse("learning:item", args=[entry.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


def test_filters_by_kind_theme_year_and_agency_in_a_shareable_address(client, cast):
    """Issue 14: filters by theme, kind, year and agency; the form is GET, so the address
    of a filtered search gives the same results to whoever opens it."""
    partnership = cast.case.partnership
    housing = AgencyFactory(partnership=partnership, name="Housing")
    item(partnership, "A", "Neglect at home.", kind="sar", published_on=datetime.date(2023, 1, 5))
    item(
        partnership,
        "B",
        "Neglect at home.",
        kind="cspr",
        published_on=datetime.date(2024, 3, 1),
        themes=["self-neglect"],
        agencies=[housing],
    )
    item(partnership, "C", "Neglect at home.", kind="cspr", published_on=datetime.date(2023, 9, 9))
    user = cast.outsider
    assert sorted(found(page(client, user, q="neglect", kind="cspr"))) == ["B", "C"]
    assert found(page(client, user, q="neglect", theme="self-neglect")) == ["B"]
    assert sorted(found(page(client, user, q="neglect", year="2023"))) == ["A", "C"]
    assert found(page(client, user, q="neglect", agency=str(housing.pk))) == ["B"]
    assert found(page(client, user, kind=["sar", "cspr"], year="2023")) == ["C", "A"]
    html = page(client, user, q="neglect", kind="cspr", year="2024").content.decode()
    assert 'value="cspr" checked' in html and 'value="2024"' in html
    assert "1 result" in html


def test_pages_of_twenty_keep_the_search_in_their_links(client, cast):
    """Issue 14: GOV.UK pagination; a page's links keep the search and filters."""
    partnership = cast.case.partnership
    for n in range(45):
        item(partnership, f"N-{n:02d}", f"Neglect review number {n}.")
    first = page(client, cast.outsider, q="neglect", kind="sar")
    assert len(found(first)) == 20
    assert first.context["page"].paginator.num_pages == 3
    html = first.content.decode()
    assert "45 results" in html
    assert 'href="?q=neglect&amp;kind=sar&amp;page=2"' in html
    last = page(client, cast.outsider, q="neglect", kind="sar", page="3")
    assert len(found(last)) == 5
    everything = set()
    for number in (1, 2, 3):
        everything |= set(found(page(client, cast.outsider, q="neglect", page=str(number))))
    assert len(everything) == 45


def test_the_best_hundred_are_shown_and_the_page_says_so(client, cast):
    """Issue 14: a search finds at most the best 100 (lantern.learning.selectors); the page
    says more may match instead of giving a count it does not know."""
    partnership = cast.case.partnership
    for n in range(101):
        item(partnership, f"M-{n:03d}", "Neglect.")
    html = page(client, cast.outsider, q="neglect").content.decode()
    assert "The best 100 results" in html and "More items may match" in html
    browse = page(client, cast.outsider).content.decode()
    assert "The newest 100 of 101 items" in browse


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "twenty"}, "Year must be a year written as 4 digits, like 2024."),
        ({"year": "²⁰²⁴"}, "Year must be a year written as 4 digits, like 2024."),
        ({"year": "1800"}, "Year must be between 1945 and"),
        ({"q": "hoard\x01ing"}, "The search contains a control character (U+0001)."),
        ({"q": "hoard\x00ing"}, "The search contains a control character (U+0000)."),
        ({"q": "hoarding " * 30}, "The search is 269 characters long. Use at most 200"),
        ({"theme": "no-such-theme"}, "Theme: choose themes from the list."),
        ({"kind": "memo"}, "Kind: choose kinds from the list."),
        ({"agency": "999999"}, "Agency: choose an agency from the list."),
    ],
)
def test_bad_input_is_named_and_nothing_is_searched(client, cast, shelf, params, message):
    """Issue 14: a year that is not a number, a query with control characters, an
    over-long query or a filter never offered: the error summary says what is wrong,
    linked to the field, and no results are shown (the page never fails)."""
    response = page(client, cast.member, **params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert response.context["hits"] == [] or not list(response.context["hits"])
    assert html.count("<title>Error: ") == 1


def test_empty_states(client, cast, shelf):
    """Issue 14: an empty library and a search that finds nothing each say so."""
    lonely = UserFactory(partnership=PartnershipFactory())
    assert "The library has nothing you may read yet" in page(client, lonely).content.decode()
    html = page(client, cast.member, q="zebra").content.decode()
    assert "0 results" in html and "Nothing you may read matches" in html


def test_the_library_is_in_the_signed_in_navigation(client, cast):
    html = page(client, cast.outsider, "/").content.decode()
    assert 'href="/library/"' in html


def test_the_library_links_to_publications_for_those_who_draft_them_and_to_the_public_site(
    client, cast
):
    """Issue 14: publications are reached from the library by those who may read them (the
    Business Unit, the L&I sub-group); every member sees the link to the public site."""
    slug = cast.case.partnership.slug
    for person, sees in ((cast.business_manager, True), (cast.outsider, False)):
        html = page(client, person, LIBRARY).content.decode()
        assert ('href="/publications/"' in html) is sees
        assert f'href="/p/{slug}/learning/"' in html


#: The library page's queries when browsing, whatever the number of items: the session,
#: the person, their two-factor device, their partnership (header); the filters' themes
#: and agencies; their roles (the policy: read every case?); the count of what they may
#: read, the newest items, their themes; their groups (may they manage the library: the
#: L&I chair?), their L&I membership (may they read publications: the link to them).
#: None per item. A search replaces the count and the newest items with the
#: search's own queries (lantern.learning.search: one to three, by database), as flat.
BROWSE_QUERIES = 12


def test_the_library_page_reads_the_same_number_of_queries_however_many_items(client, cast):
    """Style guide: a list page's queries are locked and stay flat as the data grows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    partnership = cast.case.partnership
    client.force_login(cast.outsider)
    counts: dict[str, list[int]] = {"browse": [], "search": []}
    for total in (3, 40):
        for n in range(LibraryItem.objects.count(), total):
            item(partnership, f"S-{n}", "Neglect at home.", themes=["self-neglect"])
        for mode, params in (("search", {"q": "neglect"}), ("browse", {})):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(LIBRARY, params).status_code == 200
            counts[mode].append(len(captured.captured_queries))
    assert counts["browse"] == [BROWSE_QUERIES, BROWSE_QUERIES]
    first, second = counts["search"]
    assert first == second and BROWSE_QUERIES - 2 < first <= BROWSE_QUERIES + 2


def test_an_item_found_by_a_search_links_back_to_the_same_results(client, cast, shelf):
    """Issue 14: from an item, the way back is the search it was found by (its words,
    filters and page); the back link only ever leads to the library."""
    published, _ = shelf
    results = page(client, cast.outsider, q="hoarding", kind="sar")
    back = "q=hoarding&kind=sar"
    href = f"/library/{published.pk}/?back=q%3Dhoarding%26kind%3Dsar"
    assert f'href="{href}"' in results.content.decode()
    html = client.get(href).content.decode()
    assert f'href="/library/?{back.replace("&", "&amp;")}" class="govuk-back-link"' in html
    assert "Back to the results" in html
    sneaky = client.get(f"/library/{published.pk}/", {"back": "//evil.example/x?a=1"})
    assert 'href="/library/?%2F%2Fevil.example%2Fx%3Fa=1" class="govuk-back-link"' in (
        sneaky.content.decode()
    )


def test_national_learning_in_the_library_is_adopted_locally_through_the_existing_plan(
    client, cast
):
    """Issue 14: "adopting a national item locally keeps the existing 'adopted national
    learning' action plans": the item's page leads the Business Unit to the adopt form,
    named after the item, which opens a national-learning case as before; others are not
    offered it, and a local review's items never are."""
    from lantern.cases.models import Case

    partnership = cast.case.partnership
    national = item(
        partnership, "nat-1", "Babies and male carers.", kind="national",
        title="The myth of invisible men (Panel, 2021)",
    )  # fmt: skip
    local = item(partnership, "sar-1", "A local review.")
    html = page(client, cast.business_manager, f"/library/{national.pk}/").content.decode()
    assert "Adopt this national learning locally" in html
    adopt = "/actions/national/new/?title=The+myth+of+invisible+men+%28Panel%2C+2021%29"
    assert f'href="{adopt}"' in html
    form = client.get(adopt).content.decode()
    assert 'value="The myth of invisible men (Panel, 2021)"' in form
    response = client.post("/actions/national/new/", {"title": national.title})
    case = Case.objects.get(partnership=partnership, pathway="national")
    assert response.status_code == 302 and case.title == national.title
    html = page(client, cast.business_manager, f"/library/{local.pk}/").content.decode()
    assert "Adopt this national learning" not in html
    html = page(client, cast.member, f"/library/{national.pk}/").content.decode()
    assert "Adopt this national learning" not in html
