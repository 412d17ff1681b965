"""National learning added and edited by hand (issue 14: "items added by hand ...";
"Lantern suggests themes for a new item and a person confirms them"). Only those who
manage the library may: the Business Manager and the chair of the L&I sub-group."""

import datetime

import pytest

from lantern.accounts.models import Role
from lantern.actions.services import finding_create
from lantern.learning.models import LibraryItem
from lantern.partnerships.models import GroupKind
from tests.factories import GroupFactory, UserFactory

from .helpers import item

pytestmark = pytest.mark.django_db

ADD = "/library/add/"
TEXT = (
    "Adult E lived with severe hoarding and refused care; nobody assessed her mental "
    "capacity (MCA) about the decision to refuse."
)


def form(**fields):
    data = {
        "title": "Cawston Park: learning for commissioners",
        "url": "https://example.org/cawston-park",
        "published_on_0": "8",
        "published_on_1": "9",
        "published_on_2": "2021",
        "text": TEXT,
    }
    return data | fields


@pytest.fixture
def li_chair(cast):
    group = GroupFactory(partnership=cast.case.partnership, kind=GroupKind.LI)
    return UserFactory(partnership=cast.case.partnership, roles=[(Role.GROUP_CHAIR, group)])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("business_manager", 200),
        ("li_chair", 200),
        ("member", 403),
        ("read_only_member", 403),
        ("outsider", 403),
    ],
)
def test_only_library_managers_may_add(client, cast, li_chair, who, status):
    """Issue 14, access: the Business Manager and the L&I chair add national learning;
    anyone else in the partnership is refused (403), even a case lead."""
    user = li_chair if who == "li_chair" else getattr(cast, who)
    client.force_login(user)
    assert client.get(ADD).status_code == status
    saved = client.post(ADD, form(suggested="True"))
    assert saved.status_code == (302 if status == 200 else status)
    expected = 1 if status == 200 else 0
    assert LibraryItem.objects.filter(kind="national").count() == expected


def test_saving_first_shows_suggested_themes_ticked_then_saves_what_is_confirmed(client, cast):
    """Issue 14: Lantern suggests themes from the text; they come ticked for a person to
    confirm, and nothing is written until they save again. What they untick stays off."""
    client.force_login(cast.business_manager)
    first = client.post(ADD, form())
    assert first.status_code == 200
    assert not LibraryItem.objects.exists()
    html = first.content.decode()
    assert "Lantern has ticked" in html
    ticked = first.context["form"]["themes"].value()
    assert {"self-neglect", "mental-capacity"} <= set(ticked)
    assert "Suggested by Lantern: found" in html
    confirmed = [slug for slug in ticked if slug != "mental-capacity"]
    second = client.post(ADD, form(suggested="True", themes=confirmed))
    saved = LibraryItem.objects.get()
    assert second.status_code == 302 and second["Location"] == f"/library/{saved.pk}/"
    assert saved.kind == "national" and saved.case is None
    assert saved.ref.startswith("national-cawston-park-learning-for-commissioners-")
    assert saved.published_on == datetime.date(2021, 9, 8)
    assert sorted(t.slug for t in saved.themes.all()) == sorted(confirmed)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": " "}, "Enter the title."),
        ({"url": "not a web address"}, "Enter a web address starting http:// or https://."),
        ({"url": "ftp://example.org/x"}, "Enter a web address starting http:// or https://."),
        ({"text": ""}, "Enter the summary of the learning."),
        ({"published_on_2": "2099"}, "The date published must be today or in the past."),
        ({"published_on_2": "1900"}, "The date published must be in 1945 or later."),
        ({"published_on_0": "31", "published_on_1": "2"}, "must be a real date"),
        ({"themes": ["no-such-theme"]}, "Themes: choose themes from the list."),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(client, cast, fields, message):
    client.force_login(cast.business_manager)
    response = client.post(ADD, form(suggested="True", **fields))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert not LibraryItem.objects.exists()


def test_edit_a_national_item(client, cast):
    partnership = cast.case.partnership
    national = item(partnership, "NAT-1", "Old text.", kind="national", title="Old title")
    client.force_login(cast.business_manager)
    url = f"/library/{national.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200 and "Old title" in page.content.decode()
    response = client.post(
        url, form(title="New title", text="New text about DoLS.", suggested="True")
    )
    assert response.status_code == 302
    national.refresh_from_db()
    assert (national.ref, national.title, national.text) == (
        "NAT-1",
        "New title",
        "New text about DoLS.",
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("business_manager", 200), ("member", 403), ("outsider", 403), ("stranger", 404)],
)
def test_edit_access(client, cast, who, status):
    """A national item: managers edit it, other members are refused, another partnership's
    Business Manager does not learn it exists."""
    national = item(cast.case.partnership, "NAT-2", "Text.", kind="national")
    client.force_login(getattr(cast, who))
    assert client.get(f"/library/{national.pk}/edit/").status_code == status


def test_local_learning_is_not_edited_here(client, cast):
    """A finding is kept in step with its record: the library does not edit its text
    (only its themes are confirmed here)."""
    finding = finding_create(case=cast.case, text="Hoarding not shared.", user=cast.member)
    entry = LibraryItem.objects.get(ref=f"finding-{finding.pk}")
    client.force_login(cast.business_manager)
    assert client.get(f"/library/{entry.pk}/edit/").status_code == 403
    page = client.get(f"/library/{entry.pk}/")
    assert f'href="/library/{entry.pk}/themes/"' in page.content.decode()
    assert f'href="/library/{entry.pk}/edit/"' not in page.content.decode()
    themes = client.get(f"/library/{entry.pk}/themes/")
    assert "self-neglect" in themes.context["form"]["themes"].value()
