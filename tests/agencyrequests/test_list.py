"""The case's requests to agencies: search, filters, sort and pages, as the case list."""

import datetime

import pytest
from django.urls import reverse

from lantern.agencyrequests.models import RequestKind, RequestStatus
from lantern.web.listing import PAGE_SIZE
from tests.factories import AgencyFactory

from .conftest import TODAY, make_request

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _list(case):
    return reverse("agencyrequests:list", args=[case.reference])


def _titles(response):
    assert response.status_code == 200
    return [row.request.title for row in response.context["rows"]]


@pytest.fixture
def requests(cast, agencies):
    """Four requests to two agencies, in each state the filter asks about."""
    case = cast.case
    return {
        "late": make_request(case, agencies.police, title="Police scoping", due=TODAY - DAY,
                             sent_on=TODAY - 10 * DAY),
        "waiting": make_request(case, agencies.icb, title="ICB scoping", due=TODAY + 3 * DAY,
                                sent_on=TODAY - 5 * DAY),
        "answered": make_request(case, agencies.police, kind=RequestKind.IMR, title="Police IMR",
                                 due=TODAY + 9 * DAY, status=RequestStatus.SUBMITTED,
                                 sent_on=TODAY - 2 * DAY),
        "accepted": make_request(case, agencies.icb, kind=RequestKind.IMR, title="ICB IMR",
                                 due=TODAY + 20 * DAY, status=RequestStatus.ACCEPTED,
                                 sent_on=TODAY - 1 * DAY),
    }  # fmt: skip


@pytest.fixture
def manager(client, cast, requests):
    client.force_login(cast.business_manager)
    return cast.business_manager


class TestSearchFilterSort:
    @pytest.mark.parametrize(
        "q, expected",
        [
            ("police", ["Police scoping", "Police IMR"]),  # the agency's name or the title
            ("demoshire icb", ["ICB scoping", "ICB IMR"]),  # the agency's full name
            ("imr", ["Police IMR", "ICB IMR"]),
            ("  ICB \t scoping ", ["ICB scoping"]),  # pasted spaces and tabs are spaces
            ("nobody", []),
        ],
    )
    def test_search_looks_in_agency_and_title(self, client, cast, manager, q, expected):
        assert _titles(client.get(_list(cast.case), {"q": q})) == expected

    @pytest.mark.parametrize(
        "status, expected",
        [
            ("waiting", ["Police scoping", "ICB scoping"]),
            ("overdue", ["Police scoping"]),  # waiting and past its due date
            ("answered", ["Police IMR"]),  # submitted, to be reviewed
            ("accepted", ["ICB IMR"]),
        ],
    )
    def test_status_filter(self, client, cast, manager, status, expected):
        assert _titles(client.get(_list(cast.case), {"status": status})) == expected

    def test_a_returned_request_waits_for_the_agency_again(self, client, cast, manager, requests):
        requests["answered"].status = RequestStatus.RETURNED
        requests["answered"].save()
        assert "Police IMR" in _titles(client.get(_list(cast.case), {"status": "waiting"}))

    def test_kind_filter_with_search(self, client, cast, manager):
        response = client.get(_list(cast.case), {"kind": "imr", "q": "police"})
        assert _titles(response) == ["Police IMR"]
        assert "1 request matches." in response.content.decode()

    def test_sorts(self, client, cast, manager):
        url = _list(cast.case)
        soonest = ["Police scoping", "ICB scoping", "Police IMR", "ICB IMR"]
        assert _titles(client.get(url)) == soonest
        assert _titles(client.get(url, {"sort": "due"})) == soonest
        assert _titles(client.get(url, {"sort": "agency"})) == [
            "ICB scoping",
            "ICB IMR",
            "Police scoping",
            "Police IMR",
        ]
        assert _titles(client.get(url, {"sort": "sent"})) == [
            "ICB IMR",
            "Police IMR",
            "ICB scoping",
            "Police scoping",
        ]

    def test_the_late_warning_names_every_late_one_whatever_the_filter(self, client, cast, manager):
        body = client.get(_list(cast.case), {"status": "accepted"}).content.decode()
        assert "1 request is overdue" in body
        assert "Demoshire Police: Police scoping" in body

    def test_nothing_matching_says_so_and_offers_to_clear(self, client, cast, manager):
        body = client.get(_list(cast.case), {"q": "zzz"}).content.decode()
        assert "No requests match." in body
        assert "No agency has been asked" not in body


class TestBadInput:
    @pytest.mark.parametrize(
        "params, message",
        [
            ({"kind": "wizardry"}, "Choose what was asked for from the list."),
            ({"status": "lost"}, "Choose a status from the list."),
            ({"sort": "-pk; drop table"}, "Choose how to sort the requests from the list."),
            ({"sort": "evil"}, "Choose how to sort the requests from the list."),
            ({"q": "x" * 101}, "Search for at most 100 characters."),
        ],
    )
    def test_bad_values_are_named_and_ignored(self, client, cast, manager, params, message):
        """Rule: a bad value is named in the error summary; that filter alone is ignored,
        and the page never fails."""
        response = client.get(_list(cast.case), {"status": "waiting", **params})
        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body
        assert message in body
        titles = _titles(response)
        if "status" in params:
            assert len(titles) == 4
        else:
            assert titles == ["Police scoping", "ICB scoping"]  # the valid filter applies

    @pytest.mark.parametrize("q", ["police\x00", "pol\x07ice", "\x01police\x02", "police\x7f"])
    def test_control_characters_are_dropped_from_the_search(self, client, cast, manager, q):
        """Rule: the search keeps no control character; the visible words still search."""
        response = client.get(_list(cast.case), {"q": q})
        assert "There is a problem" not in response.content.decode()
        assert _titles(response) == ["Police scoping", "Police IMR"]

    @pytest.mark.parametrize("page", ["abc", "x'", "-1", "0", "999", "1.5"])
    def test_a_junk_page_number_shows_a_page(self, client, cast, manager, page):
        assert len(_titles(client.get(_list(cast.case), {"page": page}))) == 4


class TestAccessAndPages:
    @pytest.mark.parametrize(
        "who, status", [("read_only_member", 200), ("outsider", 404), ("stranger", 404)]
    )
    def test_searching_keeps_the_case_rule(self, client, cast, requests, who, status):
        client.force_login(getattr(cast, who))
        assert client.get(_list(cast.case), {"q": "police"}).status_code == status

    def test_only_this_cases_requests(self, client, cast, agencies, manager):
        from tests.factories import CaseFactory

        make_request(CaseFactory(partnership=cast.case.partnership), agencies.police,
                     title="Police scoping elsewhere")  # fmt: skip
        assert "Police scoping elsewhere" not in _titles(
            client.get(_list(cast.case), {"q": "police"})
        )

    def test_pages_keep_the_filters(self, client, cast):
        for n in range(PAGE_SIZE + 2):
            agency = AgencyFactory(partnership=cast.case.partnership, name=f"Agency {n:02d}")
            make_request(cast.case, agency, title=f"Scoping {n:02d}")
        client.force_login(cast.business_manager)
        url = _list(cast.case)
        first = client.get(url, {"sort": "agency", "status": "waiting"})
        assert len(_titles(first)) == PAGE_SIZE
        body = first.content.decode()
        assert 'class="govuk-pagination"' in body
        assert 'href="?sort=agency&amp;status=waiting&amp;page=2"' in body
        assert f"{PAGE_SIZE + 2} requests match: showing 1 to {PAGE_SIZE}" in body
        second = client.get(url, {"sort": "agency", "status": "waiting", "page": 2})
        assert _titles(second) == [f"Scoping {n:02d}" for n in (PAGE_SIZE, PAGE_SIZE + 1)]
        assert 'aria-current="page"' in second.content.decode()
        assert "(page 2 of 2)" in second.content.decode()
