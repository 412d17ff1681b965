"""Cases through the API, under the same policy as the pages: member, read-only member,
outsider in the same partnership, and someone of another partnership."""

import pytest

from lantern.audit.models import AuditEvent
from lantern.cases.models import Case
from tests.factories import CaseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/cases"
SUMMARY_FIELDS = {"reference", "title", "pathway", "stage", "status", "opened_on"}


def _url(case: Case) -> str:
    return f"/api/v1/cases/{case.reference}"


def _patch(client, case, body, headers, **extra):
    return client.patch(_url(case), body, content_type="application/json", **headers, **extra)


class TestList:
    @pytest.mark.parametrize(
        "who, sees",
        [("member", 1), ("read_only_member", 1), ("outsider", 0), ("stranger", 0)],
    )
    def test_lists_only_cases_the_caller_may_read(self, client, cast, bearer, who, sees):
        CaseFactory(partnership=cast.case.partnership)  # nobody of the cast is on it
        response = client.get(LIST, **bearer(getattr(cast, who)))
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == sees
        assert [c["reference"] for c in body["items"]] == [cast.case.reference] * sees

    def test_business_manager_lists_every_case_of_the_partnership(self, client, cast, bearer):
        CaseFactory(partnership=cast.case.partnership)
        CaseFactory()  # another partnership's
        assert client.get(LIST, **bearer(cast.business_manager)).json()["count"] == 2

    def test_shows_summary_fields_and_never_the_subjects_name(self, client, cast, bearer):
        response = client.get(LIST, **bearer(cast.member))
        (item,) = response.json()["items"]
        assert set(item) == SUMMARY_FIELDS
        assert cast.case.subject.full_name not in response.content.decode()

    def test_pages_with_limit_and_offset(self, client, cast, bearer):
        for _ in range(3):
            MembershipFactory(
                case=CaseFactory(partnership=cast.case.partnership), person=cast.member
            )
        body = client.get(LIST, {"limit": 2, "offset": 1}, **bearer(cast.member)).json()
        assert body["count"] == 4
        assert len(body["items"]) == 2

    @pytest.mark.parametrize("cases", [2, 10])
    def test_query_count_stays_flat_as_cases_grow(
        self, client, bearer, django_assert_num_queries, cases
    ):
        member = UserFactory()
        for _ in range(cases):
            MembershipFactory(case=CaseFactory(partnership=member.partnership), person=member)
        headers = bearer(member)
        client.get(LIST, **headers)  # writes last_used_at; the next minute's calls do not
        # Queries: 1 the token with its person and partnership, 2 their roles (may they
        # read every case?), 3 how many cases, 4 the page of cases.
        with django_assert_num_queries(4):
            response = client.get(LIST, **headers)
        assert len(response.json()["items"]) == cases


class TestDetail:
    @pytest.mark.parametrize(
        "who, status",
        [("member", 200), ("read_only_member", 200), ("outsider", 404), ("stranger", 404)],
    )
    def test_policy(self, client, cast, bearer, who, status):
        assert client.get(_url(cast.case), **bearer(getattr(cast, who))).status_code == status

    def test_member_reads_the_case_without_the_subjects_name(self, client, cast, bearer):
        response = client.get(_url(cast.case), **bearer(cast.member))
        body = response.json()
        assert body["reference"] == cast.case.reference
        assert body["pseudonym"] == "Child A"
        assert body["access"] == "manage"
        assert cast.case.subject.full_name not in response.content.decode()

    def test_read_only_member_is_told_their_access(self, client, cast, bearer):
        body = client.get(_url(cast.case), **bearer(cast.read_only_member)).json()
        assert body["access"] == "read"

    def test_outsider_cannot_tell_a_case_from_no_case(self, client, cast, bearer):
        headers = bearer(cast.stranger)
        there = client.get(_url(cast.case), **headers)
        missing = client.get("/api/v1/cases/RR-1999-999", **headers)
        assert there.status_code == missing.status_code == 404
        assert there.json() == missing.json() == {"detail": "Not found."}

    def test_each_read_is_logged_as_the_caller_through_the_api(self, client, cast, bearer):
        client.get(_url(cast.case), REMOTE_ADDR="192.0.2.9", **bearer(cast.read_only_member))
        read = AuditEvent.objects.get(action="read", object_type="cases.case")
        assert read.actor == cast.read_only_member
        assert (read.channel, read.ip_address) == ("api", "192.0.2.9")

    def test_a_refused_read_is_not_logged(self, client, cast, bearer):
        client.get(_url(cast.case), **bearer(cast.outsider))
        assert not AuditEvent.objects.filter(action="read").exists()


class TestChange:
    def test_member_changes_title_and_pseudonym(self, client, cast, bearer):
        response = _patch(
            client,
            cast.case,
            {"title": "  New working title ", "pseudonym": "Child B"},
            bearer(cast.member),
        )
        assert response.status_code == 200
        assert response.json()["title"] == "New working title"
        cast.case.refresh_from_db()
        assert (cast.case.title, cast.case.pseudonym) == ("New working title", "Child B")

    def test_fields_left_out_stay_as_they_are(self, client, cast, bearer):
        _patch(client, cast.case, {"pseudonym": "Child B"}, bearer(cast.member))
        cast.case.refresh_from_db()
        assert cast.case.title.startswith("Case ")

    def test_change_is_in_the_trail_as_the_caller_through_the_api(self, client, cast, bearer):
        _patch(
            client, cast.case, {"title": "Renamed"}, bearer(cast.member), REMOTE_ADDR="192.0.2.1"
        )
        change = AuditEvent.objects.get(action="update", object_type="cases.case")
        assert change.actor == cast.member
        assert change.actor_label == cast.member.email
        assert (change.channel, change.ip_address) == ("api", "192.0.2.1")
        assert change.changes["title"][1] == "Renamed"

    def test_read_only_member_gets_403_and_nothing_changes(self, client, cast, bearer):
        response = _patch(client, cast.case, {"title": "x"}, bearer(cast.read_only_member))
        assert response.status_code == 403
        assert response.json() == {"detail": "You can read this case but not change it."}
        cast.case.refresh_from_db()
        assert cast.case.title != "x"

    @pytest.mark.parametrize("who", ["outsider", "stranger"])
    def test_others_get_404(self, client, cast, bearer, who):
        response = _patch(client, cast.case, {"title": "x"}, bearer(getattr(cast, who)))
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}

    def test_blank_title_is_refused_by_field_and_nothing_is_saved(self, client, cast, bearer):
        before = cast.case.title
        response = _patch(client, cast.case, {"title": "   "}, bearer(cast.member))
        assert response.status_code == 422
        assert response.json() == {
            "detail": "title: This field cannot be blank.",
            "errors": {"title": ["This field cannot be blank."]},
        }
        cast.case.refresh_from_db()
        assert cast.case.title == before
        assert not AuditEvent.objects.filter(action="update", object_type="cases.case").exists()

    @pytest.mark.parametrize(
        "body, field, message",
        [
            ({"title": "x" * 201}, "title", "String should have at most 200 characters."),
            ({"title": None}, "title", "Input should be a valid string."),
            ({"reference": "RR-1"}, "reference", "This field cannot be changed here."),
            ([], "__all__", "Input should be a valid dictionary or object to extract fields from."),
        ],
    )
    def test_invalid_input_is_422_by_field(self, client, cast, bearer, body, field, message):
        response = _patch(client, cast.case, body, bearer(cast.member))
        assert response.status_code == 422
        assert response.json()["errors"] == {field: [message]}
        assert message in response.json()["detail"]

    def test_a_body_that_is_not_json_is_400(self, client, cast, bearer):
        response = _patch(client, cast.case, "{not json", bearer(cast.member))
        assert response.status_code == 400
        assert response.json() == {"detail": "Cannot parse request body."}
