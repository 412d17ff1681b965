"""The audit programme (/audits/) as a list that grows year on year: the year shown,
search, filters, sort and pages in the case list's pattern (lantern.web.listing), bad
input answered with a message and never an error, and nobody seeing more than before."""

import datetime
import re

import pytest
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.audits.models import Audit
from lantern.cases.models import Capacity, CaseStatus
from lantern.web.listing import PAGE_SIZE
from tests.factories import CaseFactory, MembershipFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
URL = reverse("audits:programme")  # the conftest's clock says 2 March 2026
JUNE = D(2026, 6, 8)


def _audit(partnership, reference, *, theme="Neglect", lead=None, kind="children",
           meeting=JUNE, status=CaseStatus.OPEN):  # fmt: skip
    case = CaseFactory(
        partnership=partnership, reference=reference, pathway="macfa", subject=None,
        stage="preparation", pseudonym="", title=theme, status=status,
    )  # fmt: skip
    lead = lead or UserFactory(partnership=partnership, full_name="Theo Lead")
    return Audit.objects.create(
        case=case, theme=theme, theme_lead=lead, scope="s", kind=kind, qap_meeting_on=meeting
    )


def refs(response) -> list[str]:
    return re.findall(r'href="/audits/(MACFA-[\d-]+)/"', response.content.decode())


@pytest.fixture
def programme():
    partnership = PartnershipFactory()
    rosa = UserFactory(partnership=partnership, full_name="Rosa Quimby")
    made = {
        "neglect": _audit(partnership, "MACFA-2026-001", theme="Neglect in under-fives",
                          meeting=D(2026, 9, 14)),
        "exploit": _audit(partnership, "MACFA-2026-002", theme="Child exploitation",
                          lead=rosa, meeting=D(2026, 3, 9)),
        "selfneglect": _audit(partnership, "MACFA-2026-003", theme="Self-neglect",
                              kind="adults", meeting=D(2026, 6, 8)),
        "closed": _audit(partnership, "MACFA-2026-004", theme="Domestic abuse",
                         kind="adults", meeting=D(2026, 1, 12), status=CaseStatus.CLOSED),
        "last_year": _audit(partnership, "MACFA-2025-001", theme="Neglect, last year",
                            meeting=D(2025, 11, 3)),
    }  # fmt: skip
    return partnership, made


@pytest.fixture
def manager(client, programme):
    person = UserFactory(partnership=programme[0], roles=[Role.BUSINESS_MANAGER])
    client.force_login(person)
    return person


def _refs_of(made, *names):
    return [made[n].case.reference for n in names]


class TestYearSearchAndFilters:
    def test_this_years_audits_by_meeting_date_by_default(self, client, manager, programme):
        made = programme[1]
        response = client.get(URL)
        assert refs(response) == _refs_of(made, "closed", "exploit", "selfneglect", "neglect")
        assert "Multi-agency case file audits, 2026" in response.content.decode()

    def test_another_year(self, client, manager, programme):
        assert refs(client.get(URL, {"year": "2025"})) == _refs_of(programme[1], "last_year")
        body = client.get(URL, {"year": "2027"}).content.decode()
        assert "No audits are planned for 2027." in body

    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("macfa-2026-002", ["exploit"]),  # the reference
            ("NEGLECT", ["selfneglect", "neglect"]),  # the theme, this year only
            ("quimby", ["exploit"]),  # the theme lead
            ("nothing like it", []),
        ],
    )
    def test_search_looks_in_reference_theme_and_theme_lead(
        self, client, manager, programme, q, expected
    ):
        assert refs(client.get(URL, {"q": q})) == _refs_of(programme[1], *expected)

    def test_filters_by_kind_and_status_and_combine_with_search(self, client, manager, programme):
        made = programme[1]
        assert refs(client.get(URL, {"kind": "adults"})) == _refs_of(made, "closed", "selfneglect")
        assert refs(client.get(URL, {"status": "closed"})) == _refs_of(made, "closed")
        response = client.get(URL, {"kind": "adults", "status": "open", "q": "neglect"})
        assert refs(response) == _refs_of(made, "selfneglect")
        assert "1 audit matches" in response.content.decode()

    def test_nothing_matching_says_so_and_offers_to_clear(self, client, manager):
        body = client.get(URL, {"q": "nothing like it", "year": "2026"}).content.decode()
        assert "No audits in 2026 match." in body
        assert '<a class="govuk-link" href="?year=2026">clear them</a>' in body

    def test_the_year_links_keep_the_search_filters_and_sort(self, client, manager):
        body = client.get(URL, {"q": "neglect", "sort": "theme", "page": "2"}).content.decode()
        assert 'href="?q=neglect&amp;sort=theme&amp;year=2025"' in body
        assert 'href="?q=neglect&amp;sort=theme&amp;year=2027"' in body


class TestSort:
    @pytest.mark.parametrize(
        ("sort", "expected"),
        [
            ("meeting", ["closed", "exploit", "selfneglect", "neglect"]),
            ("meeting_desc", ["neglect", "selfneglect", "exploit", "closed"]),
            ("reference", ["neglect", "exploit", "selfneglect", "closed"]),
            ("theme", ["exploit", "closed", "neglect", "selfneglect"]),
        ],
    )
    def test_sorts(self, client, manager, programme, sort, expected):
        assert refs(client.get(URL, {"sort": sort})) == _refs_of(programme[1], *expected)


class TestPages:
    def test_pages_keep_the_year_search_and_sort(self, client):
        partnership = PartnershipFactory()
        lead = UserFactory(partnership=partnership)
        for n in range(PAGE_SIZE + 2):
            _audit(partnership, f"MACFA-2025-{n:03d}", lead=lead, meeting=D(2025, 5, 1))
        client.force_login(UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER]))
        params = {"year": "2025", "q": "macfa", "sort": "reference"}
        first = client.get(URL, params)
        body = first.content.decode()
        assert len(refs(first)) == PAGE_SIZE
        assert 'class="govuk-pagination"' in body
        assert 'href="?year=2025&amp;q=macfa&amp;sort=reference&amp;page=2"' in body
        second = client.get(URL, {**params, "page": "2"})
        assert refs(second) == [f"MACFA-2025-{n:03d}" for n in (PAGE_SIZE, PAGE_SIZE + 1)]
        assert 'aria-current="page"' in second.content.decode()

    @pytest.mark.parametrize("page", ["abc", "0", "-3", "2.5", "x'--", "9" * 40])
    def test_a_junk_page_number_gives_a_page_not_an_error(self, client, manager, page):
        response = client.get(URL, {"page": page})
        assert response.status_code == 200
        assert len(refs(response)) == 4


class TestBadInput:
    """Rule: a bad value is named in the error summary and that value alone is ignored
    (a bad year shows this year); the page never fails."""

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"sort": "evil"}, "Choose how to sort the audits from the list."),
            ({"sort": "-pk; drop table"}, "Choose how to sort the audits from the list."),
            ({"kind": "martians"}, "Choose children&#x27;s or adults&#x27; cases from the list."),
            ({"status": "ajar"}, "Choose open or closed."),
            ({"year": "abc"}, "Enter a year between 2000 and 2100, for example 2026."),
            ({"year": "99999999999999999999"}, "Enter a year between 2000 and 2100"),
            ({"year": "-1"}, "Enter a year between 2000 and 2100"),
            ({"year": "1e3"}, "Enter a year between 2000 and 2100"),
        ],
    )
    def test_a_bad_value_gets_a_message_and_the_search_still_applies(
        self, client, manager, programme, params, message
    ):
        response = client.get(URL, {**params, "q": "neglect"})
        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body and message in body
        assert refs(response) == _refs_of(programme[1], "selfneglect", "neglect")
        name = next(iter(params))
        assert f'aria-describedby="id_{name}' in body and 'aria-invalid="true"' in body

    def test_a_null_character_is_refused_with_a_message(self, client, manager, programme):
        response = client.get(URL, {"q": "neglect\x00", "kind": "adults"})
        assert response.status_code == 200
        assert "Null characters are not allowed." in response.content.decode()
        assert refs(response) == _refs_of(programme[1], "closed", "selfneglect")

    @pytest.mark.parametrize("q", ["\x1b[31m", "\u202eneglect", "%", "_", "'; --"])
    def test_control_characters_and_wildcards_are_searched_for_as_text(self, client, manager, q):
        response = client.get(URL, {"q": q})
        assert response.status_code == 200
        assert refs(response) == []


class TestAccessUnchanged:
    def test_rule_a_member_sees_only_the_audits_they_are_on_whatever_they_search(
        self, client, programme
    ):
        partnership, made = programme
        person = UserFactory(partnership=partnership)
        MembershipFactory(case=made["exploit"].case, person=person, capacity=Capacity.OBSERVER)
        client.force_login(person)
        for params in ({}, {"sort": "theme"}, {"kind": "children"}, {"q": "exploitation"}):
            assert refs(client.get(URL, params)) == _refs_of(made, "exploit")
        for params in ({"q": "neglect"}, {"kind": "adults"}, {"status": "closed"}):
            assert refs(client.get(URL, params)) == []

    def test_rule_another_partnerships_manager_sees_none_of_them(self, client, programme):
        client.force_login(UserFactory(roles=[Role.BUSINESS_MANAGER]))
        for params in ({}, {"q": "macfa"}, {"year": "2025"}):
            assert refs(client.get(URL, params)) == []

    def test_signed_out_people_are_sent_to_sign_in(self, client):
        response = client.get(URL, {"q": "neglect", "sort": "evil"})
        assert response.status_code == 302
        assert "/account/" in response["Location"]


@pytest.mark.parametrize("total", [2, 20])
def test_rule_the_searched_programme_query_count_stays_flat(
    client, django_assert_num_queries, total
):
    """Session, user, two-factor device, partnership, roles; the count and the page of
    audits (case and theme lead joined); no session write (issue 13)."""
    partnership = PartnershipFactory()
    member = UserFactory(partnership=partnership)
    for n in range(total):
        audit = _audit(partnership, f"MACFA-2026-{n:03d}", theme=f"Neglect {n}")
        MembershipFactory(case=audit.case, person=member)
    client.force_login(member)
    params = {"year": "2026", "q": "neglect", "kind": "children", "status": "open",
              "sort": "theme"}  # fmt: skip
    with django_assert_num_queries(7):
        response = client.get(URL, params)
    assert len(refs(response)) == total
