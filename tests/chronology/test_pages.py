"""Issue 13: the chronology page shows one page of entries at a time, in timeline order,
with the GOV.UK pagination; a page that does not exist is explained, not an error."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantern.chronology import services
from lantern.chronology.views import PAGE_SIZE

from .conftest import csv_file

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 1)


@pytest.fixture
def page_and_a_half(cast, agencies):
    """PAGE_SIZE + 50 police entries, "Entry 0000" the earliest, one a day."""
    rows = [
        f"{START + datetime.timedelta(days=n):%d/%m/%Y},,,,Entry {n:04d} recorded,,"
        for n in range(PAGE_SIZE + 50)
    ]
    file = SimpleUploadedFile("police.csv", csv_file(*rows))
    services.chronology_import(case=cast.case, agency=agencies.police, user=None, file=file)


def _shown(client, cast, query):
    html = client.get(reverse("chronology:chronology", args=[cast.case.reference]), query)
    assert html.status_code == 200
    page = html.content.decode()
    return page, [n for n in range(PAGE_SIZE + 50) if f"Entry {n:04d} recorded" in page]


def test_page_two_shows_the_next_entries_issue_13(client, cast, page_and_a_half):
    client.force_login(cast.member)
    first, shown = _shown(client, cast, {})
    assert shown == list(range(PAGE_SIZE))
    assert 'class="govuk-pagination"' in first and 'href="?page=2"' in first
    second, shown = _shown(client, cast, {"page": "2"})
    assert shown == list(range(PAGE_SIZE, PAGE_SIZE + 50))
    assert 'rel="prev"' in second and 'aria-current="page"' in second
    assert f"{PAGE_SIZE + 50} entries from 1 agency" in second


def test_pages_keep_the_filters_issue_13(client, cast, page_and_a_half):
    client.force_login(cast.member)
    since = START + datetime.timedelta(days=10)
    page, shown = _shown(client, cast, {"date_from": f"{since:%Y-%m-%d}", "page": "2"})
    assert shown == list(range(PAGE_SIZE + 10, PAGE_SIZE + 50))
    assert f'href="?date_from={since:%Y-%m-%d}&amp;page=1"' in page
    # Issue 13 walk: the summary counted every entry while the table showed the filtered.
    matched = PAGE_SIZE + 40
    assert (
        f"{matched} of the {PAGE_SIZE + 50} entries match these filters: "
        f"showing {PAGE_SIZE + 1} to {matched}."
    ) in page
    unfiltered, _ = _shown(client, cast, {})
    assert "match these filters" not in unfiltered
    # None match: one message, not "0 of the … match" as well.
    empty, shown = _shown(client, cast, {"date_from": "2099-01-01"})
    assert shown == [] and "No entries match these filters." in empty
    assert "0 of the" not in empty


@pytest.mark.parametrize(
    ("asked", "message", "first_shown"),
    [
        ("abc", "‘abc’ is not a page number, so this is page 1 of the chronology.", 0),
        ("0", "Pages are numbered from 1, so this is page 1 of the chronology.", 0),
        ("99", "There is no page 99: the chronology has 2 pages, so this is page 2.", PAGE_SIZE),
    ],
)
def test_a_page_that_does_not_exist_is_explained_issue_13(
    client, cast, page_and_a_half, asked, message, first_shown
):
    client.force_login(cast.member)
    page, shown = _shown(client, cast, {"page": asked})
    assert message in page.replace("&#x27;", "'")
    assert "govuk-warning-text" in page
    assert shown[0] == first_shown


def test_an_existing_page_has_no_warning_issue_13(client, cast, page_and_a_half):
    client.force_login(cast.member)
    page, _shown_entries = _shown(client, cast, {"page": "2"})
    assert "govuk-warning-text" not in page


def test_flagged_only_reads_the_stored_flags_issue_13(client, cast, agencies):
    day = datetime.date(2026, 3, 1)
    for agency, event in [
        (agencies.police, "Child brought to A&E with a head injury"),
        (agencies.health, "Child brought to A&E with head injury by mother"),
        (agencies.health, "Seen in the eye clinic"),
    ]:
        services.entry_add(case=cast.case, agency=agency, happened_on=day, event=event)
    client.force_login(cast.member)
    page, _ = _shown(client, cast, {"flagged": "on"})
    assert "head injury" in page and "eye clinic" not in page
    assert "2 entries are likely duplicates" in page


def test_the_tables_links_are_the_entries_own_addresses_issue_13(client, cast, agencies):
    entry = services.entry_add(
        case=cast.case, agency=agencies.police, happened_on=datetime.date(2026, 3, 2), event="Seen"
    )
    client.force_login(cast.member)  # manages the case: may change and mark every entry
    page, _ = _shown(client, cast, {})
    for name in ("entry_edit", "entry_delete", "entry_key"):
        assert f'"{reverse(f"chronology:{name}", args=[cast.case.reference, entry.pk])}"' in page
    assert "2 Mar 2026" in page


def test_pages_found_by_day_are_the_timelines_slices_issue_13(cast, agencies):
    """The pages are read from the days they span (TimelinePaginator), not by OFFSET:
    with pages starting and ending inside a day, each page is exactly that slice of the
    timeline, filtered or not, and the count is the whole of it (issue 13)."""
    from lantern.chronology.selectors import Filters, TimelinePaginator, entries

    rows = []
    for n in range(7 * PAGE_SIZE // 10):
        on = START + datetime.timedelta(days=n // 7)  # 7 a day: pages end mid-day
        at = f"{8 + n % 5:02d}:00" if n % 3 else ""
        rows.append(f"{on:%d/%m/%Y},{at},,,Entry {n:04d} recorded,,")
    for agency in (agencies.police, agencies.health):
        file = SimpleUploadedFile("c.csv", csv_file(*rows))
        services.chronology_import(case=cast.case, agency=agency, user=None, file=file)
    for filters in (Filters(), Filters(agency_ids=frozenset({agencies.health.pk}))):
        found = entries(cast.case, filters)
        whole = [e.pk for e in found]
        for size in (PAGE_SIZE, 13):
            paginator = TimelinePaginator(found, size)
            assert paginator.count == len(whole)
            pages = [[e.pk for e in paginator.page(n).object_list] for n in paginator.page_range]
            assert [pk for page in pages for pk in page] == whole
            assert all(len(page) == size for page in pages[:-1])
