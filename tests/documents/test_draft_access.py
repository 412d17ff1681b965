"""Issue 12, item 2: drafts are for the review's managers and authors, never practitioners.

Rule (lantern.access.policy.can_read_draft): a draft is opened, listed, downloaded and
named (on the case page, in its history) only by those who manage the case (its lead,
chair or theme lead, the Business Manager and Business Unit), its authors (a member as
reviewer) and whoever uploaded it. Agency representatives, panel members, observers,
referrers and partnership-wide readers (the Independent Chair, the auditor) who hold no
such place on the case read its published documents only. The API exposes no document.
"""

import pytest
from django.urls import reverse

from lantern.access.policy import can_read_draft
from lantern.accounts.models import Role, User
from lantern.api.services import token_create
from lantern.cases.models import Capacity
from lantern.documents.models import Document
from tests.factories import AgencyFactory, CaseFactory, MembershipFactory, UserFactory

from .fixtures import upload

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "CSPR report (draft 1)"
PUBLISHED_TITLE = "Terms of reference agreed"

#: Who may see the draft, by the reader's place. The rule the whole matrix proves.
MAY_SEE_DRAFT = {
    "lead": True,
    "chair": True,
    "reviewer": True,
    "business_manager": True,
    "business_unit_officer": True,
    "agency_representative": False,
    "panel_member": False,
    "observer": False,
    "referrer": False,
    "independent_chair": False,
    "auditor": False,
}


@pytest.fixture
def review():
    """A case (on the generic case page) with a draft by its lead and a published
    document, and one reader in every place."""
    case = CaseFactory(pathway="national", stage="review")
    partnership = case.partnership
    agency = AgencyFactory(partnership=partnership, name="Demoshire Council")
    people = {}
    for capacity in (
        Capacity.LEAD,
        Capacity.CHAIR,
        Capacity.REVIEWER,
        Capacity.AGENCY_REPRESENTATIVE,
        Capacity.PANEL_MEMBER,
        Capacity.OBSERVER,
        Capacity.REFERRER,
    ):
        represents = capacity in (Capacity.AGENCY_REPRESENTATIVE, Capacity.PANEL_MEMBER)
        people[str(capacity)] = MembershipFactory(
            case=case, capacity=capacity, agency=agency if represents else None
        ).person
    for role in (
        Role.BUSINESS_MANAGER,
        Role.BUSINESS_UNIT_OFFICER,
        Role.INDEPENDENT_CHAIR,
        Role.AUDITOR,
    ):
        people[str(role)] = UserFactory(partnership=partnership, roles=[role])
    draft = upload(
        case,
        people["lead"],
        title=DRAFT_TITLE,
        kind="report_draft",
        is_draft=True,
        name="cspr-draft.pdf",
    )
    published = upload(case, people["lead"], title=PUBLISHED_TITLE, kind="terms_of_reference")
    return case, people, draft, published


def _status(client, document):
    """The status of opening (downloading) the document."""
    url = reverse("documents:download", args=[document.case.reference, document.pk])
    return client.get(url).status_code


def _pages(case):
    return {
        "list": reverse("documents:list", args=[case.reference]),
        "case page": reverse("cases:detail", args=[case.reference]),
        "history": reverse("notifications:history", args=[case.reference]),
    }


@pytest.mark.parametrize("who", sorted(MAY_SEE_DRAFT))
def test_issue_12_item_2_only_managers_and_authors_open_or_see_a_draft(client, review, who):
    case, people, draft, published = review
    reader = people[who]
    may = MAY_SEE_DRAFT[who]
    client.force_login(reader)

    # The policy itself.
    assert can_read_draft(reader, draft) is may
    assert can_read_draft(reader, published) is True

    # Open (download) and its name check: the same rule.
    download = reverse("documents:download", args=[case.reference, draft.pk])
    assert client.get(download).status_code == (200 if may else 403)
    assert _status(client, published) == 200
    name_check = reverse("documents:name_check", args=[case.reference, draft.pk])
    assert client.get(name_check).status_code == (200 if may else 403)

    # Listed, on the case page (its documents and its recent history) and in the full
    # history: the draft is named, and linked, only to those who may open it. The
    # published document is there for everyone.
    for name, url in _pages(case).items():
        response = client.get(url)
        assert response.status_code == 200, name
        page = response.content.decode()
        assert (DRAFT_TITLE in page) is may, name
        assert (download in page) is (may and name != "history"), name
        assert PUBLISHED_TITLE in page, name

    # The API has no document: the case as the API gives it never names the draft.
    _, raw = token_create(user=reader, name="tests")
    api = client.get(f"/api/v1/cases/{case.reference}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200
    assert DRAFT_TITLE not in api.content.decode()
    assert (
        client.get(
            f"/api/v1/cases/{case.reference}/documents", HTTP_AUTHORIZATION=f"Bearer {raw}"
        ).status_code
        == 404
    )


def test_issue_12_item_2_a_practitioner_opens_the_draft_they_uploaded_and_no_other(client, review):
    """The uploader wrote it: they may open their own draft, not anyone else's, and the
    other practitioners on the case may not open theirs."""
    case, people, lead_draft, _ = review
    rep = people["agency_representative"]
    own = upload(case, rep, title="Council chronology (draft)", is_draft=True)
    client.force_login(rep)
    assert _status(client, own) == 200
    assert _status(client, lead_draft) == 403
    listed = client.get(reverse("documents:list", args=[case.reference])).content.decode()
    assert "Council chronology (draft)" in listed and DRAFT_TITLE not in listed
    client.force_login(people["panel_member"])
    assert _status(client, own) == 403
    history = client.get(reverse("notifications:history", args=[case.reference]))
    assert "Council chronology (draft)" not in history.content.decode()


def test_issue_12_item_2_a_draft_superseded_by_a_published_version_stays_a_draft(client, review):
    """Each version answers for itself: publishing version 2 does not open version 1."""
    case, people, draft, _ = review
    final = upload(case, people["lead"], title=DRAFT_TITLE, kind="final_report", supersedes=draft)
    rep = people["agency_representative"]
    assert not can_read_draft(rep, Document.objects.get(pk=draft.pk))
    assert can_read_draft(rep, final)


def test_issue_12_item_2_the_demo_agency_representative_no_longer_opens_the_cspr_draft(client):
    """The reported case: council.rep on the demo's CSPR with a draft (Child C) was shown
    and could open "CSPR report (draft 1)"; the Business Manager still can."""
    from lantern.demo.services import demo_load

    demo_load()
    draft = Document.objects.select_related("case").get(
        title=DRAFT_TITLE, filename__endswith=".pdf"
    )
    case = draft.case
    rep = User.objects.get(email="council.rep@example.org")
    assert case.memberships.filter(person=rep).exists()  # on the case, as in the report
    download = reverse("documents:download", args=[case.reference, draft.pk])
    client.force_login(rep)
    assert client.get(download).status_code == 403
    page = client.get(reverse("cases:detail", args=[case.reference]), follow=True)
    assert page.status_code == 200 and DRAFT_TITLE not in page.content.decode()
    history = client.get(reverse("notifications:history", args=[case.reference]))
    assert DRAFT_TITLE not in history.content.decode()

    client.force_login(User.objects.get(email="business.manager@example.org"))
    assert client.get(download).status_code == 200
    page = client.get(reverse("cases:detail", args=[case.reference]), follow=True)
    assert DRAFT_TITLE in page.content.decode()
    history = client.get(reverse("notifications:history", args=[case.reference]))
    assert f"Created document: {DRAFT_TITLE}" in history.content.decode()
