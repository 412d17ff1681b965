"""The public "Learning from reviews" site (issue 14): no sign-in, one per partnership,
sections as on the seed page, search and theme filter, an Atom feed and a sitemap, the
report as a page and a tagged PDF, embargo and withdrawal honoured, cached so that public
traffic reads only publication versions — and never any subject's details."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantern.publications import services
from lantern.publications.models import Kind

from .conftest import (
    OTHER_SUBJECT_NAME,
    SUBJECT_DOB,
    SUBJECT_NAME,
    draft,
    published,
)

pytestmark = pytest.mark.django_db
BASE = "/p/demoshire/learning/"


def test_the_site_shows_each_section_without_signing_in(client, cast):
    """Seed page: children's reviews, adults' reviews, audits, DHRs and national learning,
    with the national SAR Library and the NSPCC repository."""
    item = published(cast)
    briefing = published(cast, kind=Kind.BRIEFING, case=None, pseudonym="", title="Cawston Park")
    page = client.get(BASE)
    assert page.status_code == 200
    text = page.content.decode()
    for heading in (
        "Learning from children&#x27;s reviews",
        "Learning from adults&#x27; reviews",
        "Learning from audits",
        "Learning from domestic homicide reviews",
        "National learning",
    ):
        assert heading in text
    assert "SAR Library" in text and "NSPCC national case review repository" in text
    assert f'href="{BASE}{item.pk}/"' in text and f'href="{BASE}{briefing.pk}/"' in text
    assert "Sign out" not in text and "Your account" not in text
    section = client.get(f"{BASE}national-learning/")
    assert "Cawston Park" in section.content.decode()
    assert "Child K" not in section.content.decode()


def test_an_item_shows_pseudonym_date_summary_themes_findings_and_actions(client, cast):
    publication = published(cast)
    page = client.get(f"{BASE}{publication.pk}/").content.decode()
    for text in (
        "Child K",
        "Agencies did not share",
        "Neglect",
        "Information sharing",
        "did not share concerns",
        "The report as a web page",
        "report.pdf",
    ):
        assert text in page
    report = client.get(f"{BASE}{publication.pk}/report/").content.decode()
    assert '<h2 class="govuk-heading-m">What happened</h2>' in report
    assert "<li>Share concerns</li>" in report


def test_the_pdf_is_tagged_with_its_title_and_language(client, cast):
    import io

    from pypdf import PdfReader

    publication = published(cast)
    response = client.get(f"{BASE}{publication.pk}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == "Child K: learning from a practice review"
    root = reader.trailer["/Root"]
    assert root["/Lang"] in ("en-GB", "en-gb")
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root


def test_search_and_theme_filter(client, cast):
    one = published(cast, themes=["Neglect"], summary="Missed medical appointments.")
    two = published(cast, themes=["Exploitation"], title="Adult review", summary="Cuckooing.")
    found = client.get(BASE, {"q": "medical appointments"}).content.decode()
    assert f"{BASE}{one.pk}/" in found and f"{BASE}{two.pk}/" not in found
    themed = client.get(BASE, {"theme": "Exploitation"}).content.decode()
    assert f"{BASE}{two.pk}/" in themed and f"{BASE}{one.pk}/" not in themed
    assert "1 result" in themed


def test_feed_and_sitemap(client, cast):
    publication = published(cast)
    feed = client.get(f"{BASE}feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert b"<title>Child K: learning from a practice review</title>" in feed.content
    sitemap = client.get(f"{BASE}sitemap.xml")
    assert f"http://testserver{BASE}{publication.pk}/".encode() in sitemap.content


def test_unknown_partnership_and_item_are_404(client, cast):
    assert client.get("/p/nowhere/learning/").status_code == 404
    assert client.get(f"{BASE}999999/").status_code == 404
    assert client.get(f"{BASE}no-such-section/").status_code == 404
    other = published(cast)
    assert client.get(f"/p/elsewhere/learning/{other.pk}/").status_code == 404


def test_drafts_and_approved_items_are_not_public(client, cast):
    publication = draft(cast, title="Not yet out")
    assert client.get(f"{BASE}{publication.pk}/").status_code == 404
    services.publication_submit(publication=publication, user=cast.li_member)
    services.publication_approve(publication=publication, user=cast.li_chair)
    assert client.get(f"{BASE}{publication.pk}/").status_code == 404
    assert "Not yet out" not in client.get(BASE).content.decode()


def test_rule_nothing_is_public_before_its_embargo(client, cast, time_machine):
    """Rule: an embargo date and time; the cached lists follow it without anyone
    publishing again."""
    time_machine.move_to(datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC), tick=False)
    publication = draft(cast, title="Embargoed review")
    services.publication_submit(publication=publication, user=cast.li_member)
    services.publication_approve(publication=publication, user=cast.li_chair)
    services.publication_publish(
        publication=publication,
        user=cast.unit,
        embargo_until=datetime.datetime(2026, 12, 4, 10, 0, tzinfo=datetime.UTC),
    )
    assert client.get(f"{BASE}{publication.pk}/").status_code == 404
    assert "Embargoed review" not in client.get(BASE).content.decode()
    assert b"Embargoed review" not in client.get(f"{BASE}feed.atom").content
    time_machine.move_to(datetime.datetime(2026, 12, 4, 10, 0, 2, tzinfo=datetime.UTC), tick=False)
    assert client.get(f"{BASE}{publication.pk}/").status_code == 200
    assert "Embargoed review" in client.get(BASE).content.decode()


def test_rule_a_withdrawn_item_shows_the_notice_not_the_content(client, cast):
    publication = published(cast)
    client.get(f"{BASE}{publication.pk}/")  # cached now
    services.publication_withdraw(
        publication=publication, user=cast.manager, reason="The family asked us to."
    )
    page = client.get(f"{BASE}{publication.pk}/").content.decode()
    assert "Withdrawn" in page and "The family asked us to." in page
    assert "Agencies did not share" not in page and "Neglect" not in page
    assert client.get(f"{BASE}{publication.pk}/report/").status_code == 404
    assert client.get(f"{BASE}{publication.pk}/report.pdf").status_code == 404
    assert f"{BASE}{publication.pk}/" not in client.get(BASE).content.decode()


def test_an_amendment_replaces_the_cached_page(client, cast):
    publication = published(cast)
    assert "Agencies did not share" in client.get(f"{BASE}{publication.pk}/").content.decode()
    services.publication_amend(
        publication=publication,
        user=cast.li_chair,
        reason="Clearer wording.",
        summary="Agencies held pieces of the picture.",
    )
    page = client.get(f"{BASE}{publication.pk}/").content.decode()
    assert "Agencies held pieces of the picture." in page and "Clearer wording." in page


def test_public_pages_read_only_publication_versions_and_then_the_cache(client, cast):
    """Rule: a burst of public traffic never touches confidential tables: the first visit
    reads the partnership's name and the publication versions, nothing else; the next
    reads nothing from the database at all."""
    publication = published(cast)
    cache.clear()
    pages = [
        BASE,
        f"{BASE}childrens-reviews/",
        f"{BASE}{publication.pk}/",
        f"{BASE}{publication.pk}/report/",
        f"{BASE}feed.atom",
        f"{BASE}sitemap.xml",
        f"{BASE}?q=neglect",
    ]
    with CaptureQueriesContext(connection) as first:
        for url in pages:
            assert client.get(url).status_code == 200, url
    tables = " ".join(q["sql"] for q in first.captured_queries).lower()
    for table in ("cases_", "actions_", "documents_", "accounts_", "agencyrequests_", "audit_"):
        assert table not in tables, table
    assert "publications_publicationversion" in tables
    with CaptureQueriesContext(connection) as again:
        for url in pages:
            client.get(url)
    assert again.captured_queries == []


def test_no_public_page_feed_or_sitemap_carries_any_subject_field(client, cast):
    """Rule (issue 14): nothing public carries the subject's identity. Every case has a
    distinctive subject; whatever is published (through the services and through the
    kernel's report_publish), no page, feed or sitemap contains any subject field."""
    from lantern.publications.reports import publication_from_report

    one = published(cast, show_actions=True)
    published(cast, kind=Kind.BRIEFING, case=None, pseudonym="", title="A briefing")
    publication_from_report(
        case=cast.other_case,
        url="https://example.org/adult-m",
        on=timezone.localdate(),
        user=cast.manager,
    )
    services.publication_amend(publication=one, user=cast.manager, reason="r", summary="New.")
    subjects = [cast.case.subject, cast.other_case.subject]
    forbidden = {
        OTHER_SUBJECT_NAME,
        SUBJECT_NAME,
        *SUBJECT_NAME.split(),
        "Quillfeather",
        "Marlpit",
        "DT4 9QX",
        SUBJECT_DOB.isoformat(),
        "17 March 2014",
        "17/03/2014",
    }
    for subject in subjects:
        forbidden |= {subject.full_name, *subject.full_name.split()}
        forbidden |= {line.strip() for line in subject.address.splitlines() if line.strip()}
    forbidden.discard("Demotown")  # a town is not the subject's: it is not on the page either way
    urls = [BASE, f"{BASE}feed.atom", f"{BASE}sitemap.xml", f"{BASE}?q=child"]
    urls += [
        f"{BASE}{section}/"
        for section in (
            "childrens-reviews",
            "adults-reviews",
            "audits",
            "domestic-homicide-reviews",
            "national-learning",
        )
    ]
    from lantern.publications.models import Publication

    for publication in Publication.objects.all():
        urls += [f"{BASE}{publication.pk}/", f"{BASE}{publication.pk}/report/"]
    seen = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        seen += 1
        text = response.content.decode()
        for value in forbidden:
            assert value not in text, (url, value)
    assert seen >= 12
    assert "Adult M" in client.get(BASE).content.decode()  # the kernel's publication is there
