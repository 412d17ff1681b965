"""The case's document list: search, filters, sort and pages, as the case list, and never
a way round what a person may open."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.cases.models import Confidentiality
from lantern.web.listing import PAGE_SIZE
from tests.factories import CaseFactory, UserFactory
from tests.meetings.factories import MeetingFactory

from .fixtures import upload

pytestmark = pytest.mark.django_db


def _list(case):
    return reverse("documents:list", args=[case.reference])


def _listed(response):
    assert response.status_code == 200
    return [(d.title, d.version) for d in response.context["documents"]]


def _on(day):
    return time_machine.travel(datetime.datetime(2026, 3, day, 10, 0), tick=False)


@pytest.fixture
def documents(cast):
    """Uploaded a day apart: a referral, a report in two versions, a draft, a paper."""
    case, by = cast.case, cast.member
    made = {}
    with _on(2):
        made["referral"] = upload(
            case,
            by,
            title="Police referral",
            name="referral.pdf",
            confidentiality=Confidentiality.OFFICIAL_SENSITIVE,
        )
    with _on(3):
        made["report_1"] = upload(
            case, by, title="Final report", kind="final_report", name="report-v1.pdf"
        )
    with _on(4):
        made["report_2"] = upload(
            case,
            by,
            title="Final report",
            kind="final_report",
            name="report-v2.pdf",
            supersedes=made["report_1"],
        )
    with _on(5):
        made["draft"] = upload(
            case,
            by,
            title="Terms of reference",
            kind="terms_of_reference",
            name="tor.pdf",
            is_draft=True,
        )
    with _on(6):
        made["paper"] = upload(
            case,
            by,
            title="Chronology paper",
            name="chronology.pdf",
            meeting=MeetingFactory(case=case),
        )
    return made  # fmt: skip


@pytest.fixture
def member(client, cast, documents):
    client.force_login(cast.member)
    return cast.member


BY_TITLE = [
    ("Chronology paper", 1),
    ("Final report", 2),
    ("Final report", 1),
    ("Police referral", 1),
    ("Terms of reference", 1),
]


class TestSearchFilterSort:
    @pytest.mark.parametrize(
        "q, expected",
        [
            ("report", [("Final report", 2), ("Final report", 1)]),  # the title
            ("report-v1", [("Final report", 1)]),  # the file's name
            ("REFERRAL", [("Police referral", 1)]),
            ("nothing like it", []),
        ],
    )
    def test_search_title_and_file_name(self, client, cast, member, q, expected):
        assert _listed(client.get(_list(cast.case), {"q": q})) == expected

    def test_kind_filter(self, client, cast, member):
        response = client.get(_list(cast.case), {"kind": "final_report"})
        assert _listed(response) == [("Final report", 2), ("Final report", 1)]

    @pytest.mark.parametrize(
        "marking, expected",
        [
            ("official_sensitive", [("Police referral", 1)]),
            ("strictly_confidential", [("Chronology paper", 1), ("Final report", 2),
                                       ("Final report", 1)]),
            ("draft", [("Terms of reference", 1)]),  # marked a draft, whatever else
        ],
    )  # fmt: skip
    def test_marking_filter(self, client, cast, member, marking, expected):
        assert _listed(client.get(_list(cast.case), {"marking": marking})) == expected

    def test_latest_versions_only(self, client, cast, member):
        listed = _listed(client.get(_list(cast.case), {"latest": "on", "q": "report"}))
        assert listed == [("Final report", 2)]

    def test_sorts(self, client, cast, member):
        url = _list(cast.case)
        assert _listed(client.get(url)) == BY_TITLE
        assert _listed(client.get(url, {"sort": "title"})) == BY_TITLE
        by_date = [
            ("Police referral", 1),
            ("Final report", 1),
            ("Final report", 2),
            ("Terms of reference", 1),
            ("Chronology paper", 1),
        ]
        assert _listed(client.get(url, {"sort": "oldest"})) == by_date
        assert _listed(client.get(url, {"sort": "latest"})) == by_date[::-1]

    def test_nothing_matching_says_so(self, client, cast, member):
        body = client.get(_list(cast.case), {"q": "zzz"}).content.decode()
        assert "No documents match." in body
        assert "There are no documents you can open here yet." not in body


class TestBadInput:
    @pytest.mark.parametrize(
        "params, message",
        [
            ({"kind": "grimoire"}, "Choose a kind of document from the list."),
            ({"marking": "top_secret"}, "Choose a marking from the list."),
            ({"sort": "evil"}, "Choose how to sort the documents from the list."),
            ({"sort": "uploaded_by__password"}, "Choose how to sort the documents from the list."),
        ],
    )
    def test_bad_values_are_named_and_ignored(self, client, cast, member, params, message):
        """Rule: a bad value is named in the error summary; the other filters still apply."""
        response = client.get(_list(cast.case), {"kind": "final_report", **params})
        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body and message in body
        expected = 5 if "kind" in params else 2
        assert len(_listed(response)) == expected

    @pytest.mark.parametrize("q", ["report\x00", "\x08report", "rep\x1fort", "report\x9f"])
    def test_control_characters_are_dropped_from_the_search(self, client, cast, member, q):
        """Rule: the search keeps no control character; the visible words still search."""
        response = client.get(_list(cast.case), {"q": q})
        assert "There is a problem" not in response.content.decode()
        assert _listed(response) == [("Final report", 2), ("Final report", 1)]

    @pytest.mark.parametrize("page", ["abc", "'; --", "-1", "3", ""])
    def test_a_junk_page_number_shows_a_page(self, client, cast, member, page):
        assert len(_listed(client.get(_list(cast.case), {"page": page}))) == 5


class TestAccess:
    def test_searching_never_reaches_a_paper_of_a_meeting_they_were_not_invited_to(
        self, client, cast, documents
    ):
        """Rule: the list narrows documents_for_user; it never widens it."""
        client.force_login(cast.read_only_member)
        assert _listed(client.get(_list(cast.case), {"q": "chronology"})) == []
        assert ("Chronology paper", 1) not in _listed(client.get(_list(cast.case)))

    def test_filtering_for_drafts_shows_none_to_a_reader_who_may_not_see_them(
        self, client, cast, documents
    ):
        chair = UserFactory(partnership=cast.case.partnership, roles=[Role.INDEPENDENT_CHAIR])
        client.force_login(chair)
        assert _listed(client.get(_list(cast.case), {"marking": "draft"})) == []
        assert _listed(client.get(_list(cast.case), {"q": "terms"})) == []

    @pytest.mark.parametrize("who, status", [("outsider", 404), ("stranger", 404)])
    def test_others_get_404_with_filters(self, client, cast, documents, who, status):
        client.force_login(getattr(cast, who))
        assert client.get(_list(cast.case), {"q": "report"}).status_code == status

    def test_only_this_cases_documents(self, client, cast, member):
        upload(CaseFactory(partnership=cast.case.partnership), cast.member, title="Elsewhere")
        assert ("Elsewhere", 1) not in _listed(client.get(_list(cast.case), {"q": "elsewhere"}))


def test_pages_keep_the_filters(client, cast):
    for n in range(PAGE_SIZE + 2):
        upload(cast.case, cast.member, title=f"Return {n:02d}")
    client.force_login(cast.member)
    first = client.get(_list(cast.case), {"kind": "referral", "sort": "title"})
    assert len(_listed(first)) == PAGE_SIZE
    body = first.content.decode()
    assert 'href="?kind=referral&amp;sort=title&amp;page=2"' in body
    assert f"{PAGE_SIZE + 2} documents match: showing 1 to {PAGE_SIZE}." in body
    second = client.get(_list(cast.case), {"kind": "referral", "sort": "title", "page": 2})
    assert _listed(second) == [(f"Return {n:02d}", 1) for n in (PAGE_SIZE, PAGE_SIZE + 1)]
