"""The case list: titles people find cases by, search, filters, sort and pages."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.cases.models import Capacity, CaseStatus
from lantern.clock.models import CaseStep
from lantern.web.listing import PAGE_SIZE, page_numbers
from tests.factories import CaseFactory, MembershipFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
LIST = reverse("cases:list")


def _step(case, due, *, done_on=None, paused_on=None, step_id="s"):
    return CaseStep.objects.create(
        case=case, pathway=case.pathway, step_id=step_id, title="A step", order=1,
        start=due, due=due, done_on=done_on, paused_on=paused_on,
    )  # fmt: skip


def _manager(partnership):
    return UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])


def _refs(response):
    return [case.reference for case in response.context["cases"]]


class TestDisplayTitle:
    """Rule: a case's title carries its pseudonym and pathway, never the subject's name."""

    def test_pseudonym_and_pathway(self):
        assert CaseFactory.build(pseudonym="Child A").display_title == "Child A — rapid review"
        sar = CaseFactory.build(pathway="sar", pseudonym="Adult B")
        assert sar.display_title == "Adult B — Safeguarding Adult Review"
        dhr = CaseFactory.build(pathway="dhr", pseudonym="Adult C")
        assert dhr.display_title == "Adult C — Domestic Homicide Review"

    def test_falls_back_to_the_reference_without_a_pseudonym(self):
        case = CaseFactory.build(reference="RR-2026-005", pseudonym="  ")
        assert case.display_title == "RR-2026-005 — rapid review"

    def test_an_audit_is_named_by_its_theme(self):
        audit = CaseFactory.build(pathway="macfa", title="Neglect in under-fives", pseudonym="")
        assert audit.display_title == "Neglect in under-fives — case file audit"

    def test_list_and_case_page_show_it_not_the_subject(self, client):
        case = CaseFactory(pseudonym="Child Q", title="Serious incident referral from Police")
        client.force_login(_manager(case.partnership))
        listed = client.get(LIST).content.decode()
        assert "Child Q — rapid review" in listed
        assert case.subject.full_name not in listed


class TestAccess:
    """Rule: the list goes through cases_for_user, with every search and filter."""

    def test_member_sees_only_their_cases_even_when_searching(self, client):
        partnership = PartnershipFactory()
        mine = CaseFactory(partnership=partnership, pseudonym="Child A")
        CaseFactory(partnership=partnership, pseudonym="Child A")  # not on it
        CaseFactory(pseudonym="Child A")  # another partnership
        me = MembershipFactory(case=mine, capacity=Capacity.OBSERVER).person
        client.force_login(me)
        assert _refs(client.get(LIST, {"q": "child a"})) == [mine.reference]
        assert _refs(client.get(LIST, {"status": "open", "sort": "reference"})) == [mine.reference]

    def test_signed_out_visitor_is_sent_to_sign_in(self, client):
        response = client.get(LIST, {"q": "Child"})
        assert response.status_code == 302
        assert "/account/" in response["Location"]


class TestSearchAndFilters:
    @pytest.fixture
    def cases(self, db):
        partnership = PartnershipFactory()
        make = CaseFactory
        return {
            "rr": make(partnership=partnership, reference="RR-2026-001", pseudonym="Child A",
                       title="Referral from Police", opened_on=D(2026, 3, 1)),
            "sar": make(partnership=partnership, reference="SAR-2026-001", pathway="sar",
                        stage="scoping", pseudonym="Adult B", title="SAR referral from ICB",
                        opened_on=D(2026, 5, 1)),
            "closed": make(partnership=partnership, reference="RR-2026-002", pseudonym="Child C",
                           stage="closed", status=CaseStatus.CLOSED, title="Old one",
                           opened_on=D(2025, 1, 1)),
        }  # fmt: skip

    @pytest.fixture
    def manager(self, client, cases):
        manager = _manager(cases["rr"].partnership)
        client.force_login(manager)
        return manager

    @pytest.mark.parametrize(
        "q, expected",
        [
            ("sar-2026", ["SAR-2026-001"]),  # reference, any case
            ("adult b", ["SAR-2026-001"]),  # pseudonym
            ("police", ["RR-2026-001"]),  # working title
            ("nobody", []),
        ],
    )
    def test_search_reference_pseudonym_and_title(self, client, manager, q, expected):
        assert _refs(client.get(LIST, {"q": q})) == expected

    def test_search_never_looks_in_the_subjects_name(self, client, manager, cases):
        """Rule: the list is no way to look a child up by name."""
        name = cases["rr"].subject.full_name
        assert _refs(client.get(LIST, {"q": name})) == []

    def test_filters_by_pathway_stage_and_status(self, client, manager):
        assert _refs(client.get(LIST, {"pathway": "sar"})) == ["SAR-2026-001"]
        assert _refs(client.get(LIST, {"stage": "closed"})) == ["RR-2026-002"]
        assert _refs(client.get(LIST, {"status": "open", "sort": "reference"})) == [
            "RR-2026-001",
            "SAR-2026-001",
        ]
        assert _refs(client.get(LIST, {"status": "closed"})) == ["RR-2026-002"]

    @time_machine.travel(D(2026, 6, 10), tick=False)
    def test_overdue_filter_and_next_due(self, client, manager, cases):
        """Overdue: a step neither done nor paused is past its due date."""
        _step(cases["rr"], D(2026, 6, 1))
        _step(cases["sar"], D(2026, 6, 1), done_on=D(2026, 6, 1))
        _step(cases["sar"], D(2026, 5, 1), paused_on=D(2026, 4, 1), step_id="paused")
        _step(cases["sar"], D(2026, 7, 1), step_id="later")
        response = client.get(LIST, {"overdue": "on"})
        assert _refs(response) == ["RR-2026-001"]
        assert "Overdue" in response.content.decode()
        by_ref = {c.reference: c for c in client.get(LIST).context["cases"]}
        assert by_ref["SAR-2026-001"].next_due == D(2026, 7, 1)
        assert by_ref["RR-2026-002"].next_due is None

    @time_machine.travel(D(2026, 6, 10), tick=False)
    def test_sorts(self, client, manager, cases):
        _step(cases["sar"], D(2026, 6, 20))
        _step(cases["rr"], D(2026, 6, 30))
        assert _refs(client.get(LIST)) == ["SAR-2026-001", "RR-2026-001", "RR-2026-002"]
        assert _refs(client.get(LIST, {"sort": "reference"})) == [
            "RR-2026-001",
            "RR-2026-002",
            "SAR-2026-001",
        ]
        # Soonest first; a case with nothing due (the closed one) goes last.
        assert _refs(client.get(LIST, {"sort": "next_due"})) == [
            "SAR-2026-001",
            "RR-2026-001",
            "RR-2026-002",
        ]

    @pytest.mark.parametrize(
        "params, message",
        [
            ({"pathway": "wizardry"}, "Choose a pathway from the list."),
            ({"stage": "nope"}, "Choose a stage from the list."),
            ({"status": "half-open"}, "Choose open or closed."),
            ({"sort": "-pk; drop table"}, "Choose how to sort the cases from the list."),
        ],
    )
    def test_bad_filter_values_get_a_message_not_an_error(self, client, manager, params, message):
        """Rule: a bad value is named in the error summary; that filter alone is ignored."""
        response = client.get(LIST, {**params, "q": "child"})
        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body
        assert message in body
        # The valid search still applies.
        assert _refs(response) == ["RR-2026-001", "RR-2026-002"]

    def test_a_junk_page_number_shows_the_first_page(self, client, manager):
        assert client.get(LIST, {"page": "x'"}).status_code == 200
        assert client.get(LIST, {"page": "999"}).status_code == 200


class TestPagination:
    def test_pages_keep_the_filters(self, client):
        partnership = PartnershipFactory()
        for n in range(PAGE_SIZE + 3):
            CaseFactory(partnership=partnership, reference=f"RR-2025-{n:03d}")
        client.force_login(_manager(partnership))
        first = client.get(LIST, {"sort": "reference", "status": "open"})
        assert len(first.context["cases"]) == PAGE_SIZE
        body = first.content.decode()
        assert 'class="govuk-pagination"' in body
        assert 'href="?sort=reference&amp;status=open&amp;page=2"' in body
        second = client.get(LIST, {"sort": "reference", "status": "open", "page": 2})
        assert _refs(second) == [f"RR-2025-{n:03d}" for n in range(PAGE_SIZE, PAGE_SIZE + 3)]
        assert 'aria-current="page"' in second.content.decode()

    def test_page_numbers_show_ends_and_neighbours(self):
        assert page_numbers(1, 1) == [1]
        assert page_numbers(1, 3) == [1, 2, 3]
        assert page_numbers(5, 10) == [1, 0, 4, 5, 6, 0, 10]
        assert page_numbers(10, 10) == [1, 0, 9, 10]


@pytest.mark.parametrize("role", ["business_manager", "member"])
def test_case_list_query_count_is_flat(client, django_assert_num_queries, role):
    """Rule: the list costs the same number of queries at 2 cases and at 40."""
    partnership = PartnershipFactory()
    person = UserFactory(partnership=partnership)
    if role == "business_manager":
        person = _manager(partnership)

    def add(n):
        for _ in range(n):
            case = CaseFactory(partnership=partnership)
            MembershipFactory(case=case, person=person)
            _step(case, D(2026, 1, 5))

    add(2)
    client.force_login(person)
    params = {"q": "case", "status": "open", "overdue": "on", "sort": "next_due"}
    client.get(LIST, params)
    # Queries: 1 session, 2 user, 3 authenticator (two-factor), 4 partnership, 5 roles;
    # 6 the count of matching cases, 7 the page of cases (next due and overdue are
    # subqueries of it); no session write (issue 13: renewed at most once a minute).
    # Pathway and stage labels come from code, not queries.
    with django_assert_num_queries(7):
        response = client.get(LIST, params)
    assert len(response.context["cases"]) == 2
    add(38)
    with django_assert_num_queries(7):
        response = client.get(LIST, params)
    assert len(response.context["cases"]) == PAGE_SIZE
    assert response.context["listing"].page.paginator.count == 40
