"""The case's meetings list: search, filters, sort and pages, as the case list."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lantern.meetings.models import Decision, MeetingKind
from lantern.web.listing import PAGE_SIZE
from tests.factories import CaseFactory

from .factories import AttendanceFactory, MeetingFactory, make_quorate

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 3, 16)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 16, 10, 0), tick=False):
        yield


def _list(case):
    return reverse("meetings:list", args=[case.reference])


def _titles(response):
    assert response.status_code == 200
    return [meeting.title for meeting in response.context["meetings"]]


@pytest.fixture
def meetings(cast):
    case = cast.case
    make = MeetingFactory
    return {
        "held": make(case=case, title="First rapid review", date=D(2026, 3, 2), held=True,
                     held_on=D(2026, 3, 2), location="Town Hall"),
        "not_held": make(case=case, title="Panel that fell through", kind=MeetingKind.PANEL,
                         date=D(2026, 3, 5), not_held_at=timezone.now(),
                         not_held_reason="Nobody could come"),
        "to_record": make(case=case, title="Scoping meeting", kind=MeetingKind.SCOPING,
                          date=D(2026, 3, 10), location="Online"),
        "upcoming": make(case=case, title="Second rapid review", date=D(2026, 4, 1)),
    }  # fmt: skip


@pytest.fixture
def member(client, cast, meetings):
    client.force_login(cast.member)
    return cast.member


class TestSearchFilterSort:
    @pytest.mark.parametrize(
        "q, expected",
        [
            ("rapid review", ["First rapid review", "Second rapid review"]),  # the title
            ("town hall", ["First rapid review"]),  # where it is held
            ("PANEL", ["Panel that fell through"]),
            ("nothing like it", []),
        ],
    )
    def test_search_title_and_place(self, client, cast, member, q, expected):
        assert _titles(client.get(_list(cast.case), {"q": q})) == expected

    @pytest.mark.parametrize(
        "when, expected",
        [
            ("upcoming", ["Second rapid review"]),
            ("past", ["First rapid review", "Panel that fell through", "Scoping meeting"]),
            ("held", ["First rapid review"]),
            ("not_held", ["Panel that fell through"]),
            ("to_record", ["Scoping meeting"]),  # past, and nobody said held or not
        ],
    )
    def test_when_filter(self, client, cast, member, when, expected):
        assert _titles(client.get(_list(cast.case), {"when": when})) == expected

    def test_a_meeting_today_is_upcoming(self, client, cast, member):
        MeetingFactory(case=cast.case, title="Today's meeting", date=TODAY)
        assert "Today's meeting" in _titles(client.get(_list(cast.case), {"when": "upcoming"}))

    def test_kind_filter(self, client, cast, member):
        assert _titles(client.get(_list(cast.case), {"kind": "scoping"})) == ["Scoping meeting"]

    def test_sorts(self, client, cast, member):
        url = _list(cast.case)
        by_date = [
            "First rapid review",
            "Panel that fell through",
            "Scoping meeting",
            "Second rapid review",
        ]
        assert _titles(client.get(url)) == by_date
        assert _titles(client.get(url, {"sort": "latest"})) == by_date[::-1]
        assert _titles(client.get(url, {"sort": "title"})) == sorted(by_date)

    def test_statuses_and_quorum_still_show(self, client, cast, member, meetings):
        make_quorate(meetings["held"])
        body = client.get(_list(cast.case), {"when": "past"}).content.decode()
        assert "Quorate" in body
        assert "Not held" in body
        assert "Needs recording: held or not held?" in body

    def test_decisions_stay_on_the_page(self, client, cast, member, meetings):
        """The decisions are listed whatever the meetings' filter."""
        Decision.objects.create(
            case=cast.case, meeting=meetings["held"], kind="cspr",
            kind_label="Local child safeguarding practice review", rationale="Criteria met.",
            decided_on=D(2026, 3, 2), recorded_by=cast.member,
        )  # fmt: skip
        body = client.get(_list(cast.case), {"when": "upcoming"}).content.decode()
        assert "Local child safeguarding practice review" in body

    def test_nothing_matching_says_so(self, client, cast, member):
        body = client.get(_list(cast.case), {"q": "zzz"}).content.decode()
        assert "No meetings match." in body


class TestBadInput:
    @pytest.mark.parametrize(
        "params, message",
        [
            ({"kind": "seance"}, "Choose a kind of meeting from the list."),
            ({"when": "yesterday"}, "Choose upcoming, past, held or not held from the list."),
            ({"sort": "evil"}, "Choose how to sort the meetings from the list."),
            ({"sort": "-pk; drop table"}, "Choose how to sort the meetings from the list."),
        ],
    )
    def test_bad_values_are_named_and_ignored(self, client, cast, member, params, message):
        """Rule: a bad value is named in the error summary; the other filters still apply."""
        response = client.get(_list(cast.case), {"when": "held", **params})
        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body and message in body
        expected = 4 if "when" in params else 1
        assert len(_titles(response)) == expected

    @pytest.mark.parametrize("q", ["town\x00 hall", "town\x07hall", "\x0btown\thall\r\n"])
    def test_control_characters_are_dropped_from_the_search(self, client, cast, member, q):
        """Rule: the search keeps no control character (a pasted tab or line break is a
        space); what the visible words find is listed, and no error."""
        response = client.get(_list(cast.case), {"q": q})
        assert "There is a problem" not in response.content.decode()
        expected = [] if "\x07" in q else ["First rapid review"]  # "townhall" is one word
        assert _titles(response) == expected

    @pytest.mark.parametrize("page", ["abc", "-3", "0", "99999999999999999999", "2"])
    def test_a_junk_page_number_shows_a_page(self, client, cast, member, page):
        assert len(_titles(client.get(_list(cast.case), {"page": page}))) == 4


class TestAccessAndPages:
    @pytest.mark.parametrize(
        "who, status", [("read_only_member", 200), ("outsider", 404), ("stranger", 404)]
    )
    def test_filtering_keeps_the_case_rule(self, client, cast, meetings, who, status):
        client.force_login(getattr(cast, who))
        assert client.get(_list(cast.case), {"when": "past"}).status_code == status

    def test_only_this_cases_meetings(self, client, cast, member):
        MeetingFactory(case=CaseFactory(partnership=cast.case.partnership), title="Elsewhere")
        assert "Elsewhere" not in _titles(client.get(_list(cast.case)))

    def test_pages_keep_the_filters(self, client, cast):
        for n in range(PAGE_SIZE + 2):
            MeetingFactory(case=cast.case, title=f"Meeting {n:02d}", date=D(2026, 5, 1))
        client.force_login(cast.member)
        first = client.get(_list(cast.case), {"when": "upcoming", "sort": "title"})
        assert len(_titles(first)) == PAGE_SIZE
        assert 'href="?when=upcoming&amp;sort=title&amp;page=2"' in first.content.decode()
        second = client.get(_list(cast.case), {"when": "upcoming", "sort": "title", "page": 2})
        assert _titles(second) == [f"Meeting {n:02d}" for n in (PAGE_SIZE, PAGE_SIZE + 1)]


@pytest.mark.parametrize("params", [{}, {"q": "meeting", "when": "past", "sort": "latest"}])
def test_the_list_query_count_is_flat(client, cast, params):
    """Rule: the list costs the same at 2 meetings and at 30 (quorum worked out in the
    page's one query; nothing per row)."""

    def add(n):
        for number in range(n):
            meeting = MeetingFactory(case=cast.case, title=f"Meeting {number}",
                                     date=D(2026, 3, 2))  # fmt: skip
            make_quorate(meeting)
            AttendanceFactory(meeting=meeting)

    add(2)
    client.force_login(cast.member)
    url = _list(cast.case)
    client.get(url, params)
    with CaptureQueriesContext(connection) as few:
        client.get(url, params)
    add(28)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, params)
    assert len(response.context["meetings"]) == PAGE_SIZE
    assert response.context["listing"].page.paginator.count == 30
    assert len(many.captured_queries) == len(few.captured_queries)
