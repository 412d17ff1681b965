"""The people list (/manage/people/) as a list that grows: search, filters, sort and
pages in the case list's pattern (lantern.web.listing), bad input answered with a
message and never an error, and the same people allowed to read it as before."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.web.listing import PAGE_SIZE
from tests.factories import AgencyFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("manage:people")


def emails(response) -> list[str]:
    """The e-mail addresses of the rows shown, in order."""
    return re.findall(r'<span class="govuk-body-s">([^<]+)</span></td>', response.content.decode())


@pytest.fixture
def people(admin_cast):
    """Four more people of the partnership, with their own names, agencies and roles."""
    partnership = admin_cast.partnership
    health = AgencyFactory(partnership=partnership, name="Alder Health Trust")
    joined = timezone.now() + datetime.timedelta(days=1)
    made = {
        "wren": UserFactory(
            partnership=partnership, full_name="Wren Abbott", email="w.abbott@example.org",
            job_title="Named Nurse", agency=health,
            roles=[(Role.SAFEGUARDING_LEAD, health)], date_joined=joined,
        ),
        "zoe": UserFactory(
            partnership=partnership, full_name="Zoe Quill", email="zq@example.org",
            agency=admin_cast.agency, roles=[(Role.NOMINATED_REPRESENTATIVE, admin_cast.agency),
                                             Role.THEME_LEAD],
            date_joined=joined + datetime.timedelta(hours=1),
        ),
        "closed": UserFactory(
            partnership=partnership, full_name="Cal Gone", email="cal.gone@example.org",
            is_active=False, job_title="Former analyst",
        ),
    }  # fmt: skip
    # The cast: manager, auditor and outsider are "Person N" at person{N}@example.org.
    made["health"] = health
    return made


def _everyone(admin_cast, people):
    cast = [admin_cast.manager, admin_cast.auditor, admin_cast.outsider]
    return {p.email for p in [*cast, people["wren"], people["zoe"], people["closed"]]}


class TestSearchAndFilters:
    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("wren", ["w.abbott@example.org"]),  # the name
            ("ZQ@EXAMPLE", ["zq@example.org"]),  # the e-mail address, any case
            ("named nurse", ["w.abbott@example.org"]),  # the job title
            ("  quill  ", ["zq@example.org"]),  # spaces around do not matter
            ("nobody by this name", []),
        ],
    )
    def test_search_looks_in_name_email_and_job_title(
        self, client, admin_cast, people, q, expected
    ):
        client.force_login(admin_cast.manager)
        assert emails(client.get(URL, {"q": q})) == expected

    def test_filters_by_agency_role_and_account(self, client, admin_cast, people):
        client.force_login(admin_cast.manager)
        assert emails(client.get(URL, {"agency": people["health"].pk})) == ["w.abbott@example.org"]
        assert emails(client.get(URL, {"role": Role.THEME_LEAD})) == ["zq@example.org"]
        assert emails(client.get(URL, {"role": Role.AUDITOR})) == [admin_cast.auditor.email]
        assert emails(client.get(URL, {"status": "closed"})) == ["cal.gone@example.org"]
        active = set(emails(client.get(URL, {"status": "active"})))
        assert active == _everyone(admin_cast, people) - {"cal.gone@example.org"}

    def test_someone_with_two_roles_is_listed_once(self, client, admin_cast, people):
        client.force_login(admin_cast.manager)
        response = client.get(URL, {"q": "quill"})
        assert emails(response) == ["zq@example.org"]
        assert "1 person matches" in response.content.decode()

    def test_search_and_filters_combine(self, client, admin_cast, people):
        client.force_login(admin_cast.manager)
        params = {"q": "example.org", "agency": admin_cast.agency.pk, "status": "active"}
        assert emails(client.get(URL, params)) == ["zq@example.org"]

    def test_nothing_matching_says_so_and_offers_to_clear(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        body = client.get(URL, {"q": "nobody by this name"}).content.decode()
        assert "Nobody matches." in body
        assert f'<a class="govuk-link" href="{URL}">clear them</a>' in body


class TestSort:
    def test_by_name_by_default_and_by_email_agency_and_newest(self, client, admin_cast, people):
        client.force_login(admin_cast.manager)
        everyone = client.get(URL).context["people"]
        names = [p.full_name for p in everyone]
        assert names == sorted(names) and names[0] == "Cal Gone"
        by_email = emails(client.get(URL, {"sort": "email"}))
        assert by_email == sorted(by_email)
        # Agency: Alder Health Trust, then Our Police, then those of no agency.
        by_agency = emails(client.get(URL, {"sort": "agency"}))
        assert by_agency[:2] == ["w.abbott@example.org", "zq@example.org"]
        assert emails(client.get(URL, {"sort": "newest"}))[:2] == [
            "zq@example.org",
            "w.abbott@example.org",
        ]


class TestPages:
    def test_pages_keep_the_search_filters_and_sort(self, client):
        partnership = PartnershipFactory()
        manager = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
        for n in range(PAGE_SIZE + 2):
            UserFactory(partnership=partnership, email=f"staff{n:03d}@example.org")
        client.force_login(manager)
        params = {"q": "staff", "status": "active", "sort": "email"}
        first = client.get(URL, params)
        body = first.content.decode()
        assert len(emails(first)) == PAGE_SIZE
        assert 'class="govuk-pagination"' in body
        assert 'href="?q=staff&amp;status=active&amp;sort=email&amp;page=2"' in body
        second = client.get(URL, {**params, "page": "2"})
        assert emails(second) == [f"staff{n:03d}@example.org" for n in (PAGE_SIZE, PAGE_SIZE + 1)]
        assert 'aria-current="page"' in second.content.decode()
        assert "<title>People and roles (page 2 of 2)" in second.content.decode()

    @pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "x'--", "9" * 40])
    def test_a_junk_page_number_gives_a_page_not_an_error(self, client, admin_cast, page):
        client.force_login(admin_cast.manager)
        response = client.get(URL, {"page": page})
        assert response.status_code == 200
        assert admin_cast.manager.email in emails(response)


class TestBadInput:
    """Rule: a bad value is named in the error summary and that filter alone is ignored;
    the page never fails and the other filters still apply."""

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"sort": "evil"}, "Choose how to sort the people from the list."),
            ({"sort": "-password"}, "Choose how to sort the people from the list."),
            ({"role": "superuser"}, "Choose a role from the list."),
            ({"status": "zombie"}, "Choose active or closed."),
            ({"agency": "abc"}, "Choose an agency from the list."),
            ({"agency": "9" * 30}, "Choose an agency from the list."),
        ],
    )
    def test_a_bad_value_gets_a_message_and_the_search_still_applies(
        self, client, admin_cast, people, params, message
    ):
        client.force_login(admin_cast.manager)
        response = client.get(URL, {**params, "q": "quill"})
        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body and message in body
        assert emails(response) == ["zq@example.org"]
        name = next(iter(params))
        assert f'aria-describedby="id_{name}-error" aria-invalid="true"' in body

    def test_another_partnerships_agency_is_refused_not_applied(self, client, admin_cast, people):
        client.force_login(admin_cast.manager)
        elsewhere = AgencyFactory()
        response = client.get(URL, {"agency": elsewhere.pk})
        assert "Choose an agency from the list." in response.content.decode()
        assert set(emails(response)) == _everyone(admin_cast, people)

    def test_a_null_character_is_refused_with_a_message(self, client, admin_cast, people):
        client.force_login(admin_cast.manager)
        response = client.get(URL, {"q": "quill\x00", "status": "closed"})
        assert response.status_code == 200
        assert "Null characters are not allowed." in response.content.decode()
        assert emails(response) == ["cal.gone@example.org"]

    @pytest.mark.parametrize("q", ["\x1b[2J", "\u202equill", "%", "_@", "'; --"])
    def test_control_characters_and_wildcards_are_searched_for_as_text(
        self, client, admin_cast, people, q
    ):
        client.force_login(admin_cast.manager)
        response = client.get(URL, {"q": q})
        assert response.status_code == 200
        assert emails(response) == []


class TestAccessUnchanged:
    def test_rule_the_list_is_for_administration_readers_whatever_the_query(
        self, client, admin_cast, people
    ):
        for person, status in [
            (admin_cast.manager, 200),
            (admin_cast.auditor, 200),
            (admin_cast.outsider, 403),
        ]:
            client.force_login(person)
            for params in ({"q": "quill"}, {"sort": "evil"}, {"page": "abc"}):
                assert client.get(URL, params).status_code == status

    def test_rule_another_partnership_is_never_searched(self, client, admin_cast, people):
        client.force_login(admin_cast.stranger)
        # The stranger is alone in their partnership: they find only themselves.
        assert emails(client.get(URL, {"sort": "newest"})) == [admin_cast.stranger.email]
        for params in ({"q": "quill"}, {"role": Role.THEME_LEAD}, {"q": "example.org"}):
            found = emails(client.get(URL, params))
            assert set(found) <= {admin_cast.stranger.email}
            assert "zq@example.org" not in found

    def test_signed_out_people_are_sent_to_sign_in(self, client):
        response = client.get(URL, {"q": "quill", "sort": "evil"})
        assert response.status_code == 302
        assert "/account/" in response["Location"]


@pytest.mark.parametrize("total", [2, 20])
def test_rule_the_searched_people_list_query_count_stays_flat(
    client, admin_cast, django_assert_num_queries, total
):
    """1 session, 2 user, 3 two-factor device, 4 partnership, 5 roles (policy), 6 the
    agency filter's value checked, 7 the count, 8 the page of people with their agency,
    9 their roles (prefetch), 10 the agency filter's choices; no session write (issue 13)."""
    partnership = admin_cast.partnership
    for n in range(total):
        UserFactory(partnership=partnership, agency=admin_cast.agency, full_name=f"Staff {n}",
                    roles=[Role.REVIEWER, (Role.GROUP_MEMBER, admin_cast.group)])  # fmt: skip
    client.force_login(admin_cast.manager)
    params = {"q": "staff", "agency": admin_cast.agency.pk, "role": Role.REVIEWER,
              "status": "active", "sort": "agency"}  # fmt: skip
    with django_assert_num_queries(10):
        response = client.get(URL, params)
    assert len(emails(response)) == total
