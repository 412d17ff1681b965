"""GET /api/v1/library/search (issue 14) through the permission policy: a member of the
partnership reads its published and national learning; a case's findings only those who
read the case; another partnership's caller finds nothing of it; no token, 401."""

from typing import Any

import pytest

from lantern.accounts.models import Role
from lantern.api.services import token_create
from tests.factories import CaseFactory, MembershipFactory, PartnershipFactory, UserFactory

from .helpers import item

URL = "/api/v1/library/search"


@pytest.fixture
def bearer(db):
    def headers(user: Any) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='test')[1]}"}

    return headers


@pytest.fixture
def library(db):
    p = PartnershipFactory()
    case = CaseFactory(partnership=p)
    item(
        p,
        "SAR-1",
        "Hoarding and self-neglect; the MCA was not applied.",
        title="Adult C",
        themes=["self-neglect"],
    )
    item(
        p,
        "F-1",
        "Hoarding was seen by the housing officer and not shared.",
        kind="finding",
        case=case,
        title="Finding 1",
    )
    for n in range(4):
        item(p, f"N-{n}", "Safe sleep.", kind="national")
    return p, case


def refs(response):
    assert response.status_code == 200, response.content
    return [r["ref"] for r in response.json()["results"]]


def test_member_reads_published_learning_with_snippets(client, bearer, library):
    p, _ = library
    member = UserFactory(partnership=p)
    response = client.get(URL, {"q": "mental capacity"}, **bearer(member))
    assert refs(response) == ["SAR-1"]
    [hit] = response.json()["results"]
    assert hit["kind"] == "sar" and hit["themes"] == ["self-neglect"] and hit["score"] > 0
    assert "MCA" in hit["snippet"]
    assert response.json()["query"] == "mental capacity"


def test_case_findings_only_for_those_who_read_the_case(client, bearer, library):
    """Local findings follow the case's confidentiality: a member of the partnership who
    is not on the case does not find them; a member of the case and the Business Manager
    (who reads every case) do."""
    p, case = library
    outsider = UserFactory(partnership=p)
    on_case = MembershipFactory(case=case).person
    manager = UserFactory(partnership=p, roles=[Role.BUSINESS_MANAGER])
    assert refs(client.get(URL, {"q": "hoarding"}, **bearer(outsider))) == ["SAR-1"]
    assert sorted(refs(client.get(URL, {"q": "hoarding"}, **bearer(on_case)))) == ["F-1", "SAR-1"]
    assert sorted(refs(client.get(URL, {"q": "hoarding"}, **bearer(manager)))) == ["F-1", "SAR-1"]


def test_another_partnership_finds_nothing_of_it(client, bearer, library):
    stranger = UserFactory(partnership=PartnershipFactory(), roles=[Role.BUSINESS_MANAGER])
    assert refs(client.get(URL, {"q": "hoarding"}, **bearer(stranger))) == []


def test_anonymous_is_refused(client, library):
    response = client.get(URL, {"q": "hoarding"})
    assert response.status_code == 401
    assert "detail" in response.json()


def test_filters_and_unknown_parameters(client, bearer, library):
    p, _ = library
    member = UserFactory(partnership=p)
    assert refs(client.get(URL, {"q": "", "kind": "sar"}, **bearer(member))) == ["SAR-1"]
    assert refs(client.get(URL, {"theme": "self-neglect"}, **bearer(member))) == ["SAR-1"]
    assert len(refs(client.get(URL, {"q": "sleep", "limit": 2}, **bearer(member)))) == 2
    assert client.get(URL, {"query": "x"}, **bearer(member)).status_code == 422
    assert client.get(URL, {"kind": "blog"}, **bearer(member)).status_code == 422
    assert client.get(URL, {"limit": 0}, **bearer(member)).status_code == 422


def test_a_search_showing_a_cases_learning_is_logged_as_a_read_of_the_case(client, bearer, library):
    """Issue 14 with the confidentiality rule ("every read of a confidential record is
    logged"): a result from a case's learning shows its text, so the search logs one read
    of that case naming the items shown, through the API and the library page; results of
    published and national learning only log nothing."""
    from lantern.audit.models import AuditEvent

    _p, case = library
    on_case = MembershipFactory(case=case).person
    reads = AuditEvent.objects.filter(action="read", object_type="cases.case")
    assert refs(client.get(URL, {"q": "safe sleep"}, **bearer(on_case)))
    assert not reads.exists()
    assert "F-1" in refs(client.get(URL, {"q": "hoarding"}, **bearer(on_case)))
    [event] = reads.all()
    assert event.object_id == str(case.pk) and event.actor == on_case
    assert event.changes == {"viewed": "learning library search (API): F-1"}
    client.force_login(on_case)
    assert client.get("/library/", {"q": "hoarding"}).status_code == 200
    assert reads.all().count() == 2
    assert reads.all().latest("at").changes == {"viewed": "learning library search results: F-1"}
