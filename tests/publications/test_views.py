"""The signed-in publication pages (issue 14), each tried with a member who may, a member
who may only read, an outsider of the same partnership and a person of another
partnership (style guide, "Access"): through lantern.access.policy's publication rules."""

import pytest

from lantern.publications.models import Publication, Status

from .conftest import SUBJECT_NAME, draft, published

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "briefing",
    "title": "Seven-minute briefing: neglect",
    "summary": "What we learned.",
    "body": "Paragraph one.",
    "themes": "Neglect\nNeglect\nSupervision",
    "key_findings": "One\nTwo",
}


def test_the_list_is_for_readers_only(client, cast):
    draft(cast, title="A draft review")
    for person, status in [
        (cast.li_member, 200),
        (cast.auditor, 200),  # reads, changes nothing
        (cast.outsider, 403),
        (cast.qap_chair, 403),
    ]:
        client.force_login(person)
        response = client.get("/publications/")
        assert response.status_code == status, person
        if status == 200:
            assert "A draft review" in response.content.decode()
    # Another partnership's Business Manager reads their own list: not this one's.
    client.force_login(cast.stranger)
    response = client.get("/publications/")
    assert response.status_code == 200 and "A draft review" not in response.content.decode()


def test_a_drafter_creates_a_draft_and_a_reader_may_not(client, cast):
    client.force_login(cast.auditor)
    assert client.post("/publications/new/", FORM).status_code == 403
    client.force_login(cast.li_member)
    response = client.post("/publications/new/", FORM)
    publication = Publication.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/publications/{publication.pk}/"
    )
    assert publication.themes == ["Neglect", "Supervision"]
    assert publication.key_findings == ["One", "Two"]


def test_bad_input_shows_the_error_summary_and_saves_nothing(client, cast):
    client.force_login(cast.li_member)
    response = client.post("/publications/new/", FORM | {"title": "", "summary": ""})
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text
    assert "Enter a title." in text and "Enter a summary." in text
    assert not Publication.objects.exists()


def test_detail_is_404_to_outsiders_and_other_partnerships(client, cast):
    publication = draft(cast)
    for person, status in [
        (cast.li_member, 200),
        (cast.auditor, 200),
        (cast.outsider, 404),
        (cast.stranger, 404),
    ]:
        client.force_login(person)
        assert client.get(f"/publications/{publication.pk}/").status_code == status, person


def test_edit_is_403_to_a_reader(client, cast):
    publication = draft(cast)
    client.force_login(cast.auditor)
    assert client.get(f"/publications/{publication.pk}/edit/").status_code == 403
    client.force_login(cast.stranger)
    assert client.get(f"/publications/{publication.pk}/edit/").status_code == 404
    client.force_login(cast.li_member)
    response = client.post(
        f"/publications/{publication.pk}/edit/",
        FORM | {"kind": "cspr_summary", "case": cast.case.pk, "pseudonym": "Child K"},
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.title == "Seven-minute briefing: neglect"


def test_the_draft_page_lists_what_stops_it_and_submission_is_refused(client, cast):
    publication = draft(cast, summary=f"{SUBJECT_NAME} and jo@example.org")
    client.force_login(cast.li_member)
    page = client.get(f"/publications/{publication.pk}/").content.decode()
    assert "identifies a person" in page and "e-mail address" in page
    response = client.post(f"/publications/{publication.pk}/submit/", follow=True)
    assert "identifies a person" in response.content.decode()
    publication.refresh_from_db()
    assert publication.status == Status.DRAFT


def test_the_whole_journey_through_the_pages(client, cast):
    publication = draft(cast)
    client.force_login(cast.li_member)
    client.post(f"/publications/{publication.pk}/submit/")
    # A member may not approve; the chair may.
    assert client.post(f"/publications/{publication.pk}/approve/").status_code == 403
    client.force_login(cast.li_chair)
    client.post(f"/publications/{publication.pk}/approve/")
    publication.refresh_from_db()
    assert publication.status == Status.APPROVED
    client.force_login(cast.auditor)
    assert client.get(f"/publications/{publication.pk}/publish/").status_code == 403
    client.force_login(cast.unit)
    response = client.post(
        f"/publications/{publication.pk}/publish/",
        {"embargo_on_0": "1", "embargo_on_1": "1", "embargo_on_2": "2099", "embargo_time": "09:30"},
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED
    assert publication.embargo_until.year == 2099
    page = client.get(f"/publications/{publication.pk}/").content.decode()
    assert "Embargoed until 1 January 2099 09:30" in page and "Version 1" in page
    # No link to a public page that does not answer yet (issue 12: no dead links).
    assert "See it on the public site" not in page
    assert client.get(f"/p/demoshire/learning/{publication.pk}/").status_code == 404
    other = published(cast)
    page = client.get(f"/publications/{other.pk}/").content.decode()
    assert f'href="/p/demoshire/learning/{other.pk}/"' in page


def test_amend_and_withdraw_are_the_approvers_with_a_reason(client, cast):
    publication = published(cast)
    for person, status in [(cast.li_member, 403), (cast.unit, 403), (cast.stranger, 404)]:
        client.force_login(person)
        assert client.get(f"/publications/{publication.pk}/amend/").status_code == status
        assert client.get(f"/publications/{publication.pk}/withdraw/").status_code == status
    client.force_login(cast.manager)
    response = client.post(f"/publications/{publication.pk}/withdraw/", {"reason": ""})
    assert "Enter why it is withdrawn" in response.content.decode()
    amended = client.post(
        f"/publications/{publication.pk}/amend/",
        FORM
        | {"kind": "cspr_summary", "case": cast.case.pk, "pseudonym": "Child K", "reason": "Typo."},
    )
    assert amended.status_code == 302
    client.post(f"/publications/{publication.pk}/withdraw/", {"reason": "Asked by family."})
    publication.refresh_from_db()
    assert publication.status == Status.WITHDRAWN
    history = client.get(f"/publications/{publication.pk}/").content.decode()
    assert "Typo." in history and "Asked by family." in history
    version = client.get(f"/publications/{publication.pk}/versions/2/")
    assert version.status_code == 200 and "Seven-minute briefing" in version.content.decode()


def test_rule_no_edit_is_lost_when_two_people_change_the_draft(client, cast):
    """Issue 12, item 12: the second person's save, made from the version before the
    first's, changing the same answer, is refused with both answers shown; nothing lost."""
    from django.test import Client

    publication = draft(cast)
    first, second = Client(), Client()
    first.force_login(cast.li_member)
    second.force_login(cast.unit)
    url = f"/publications/{publication.pk}/edit/"
    form = first.get(url).context["form"]
    shown = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    shown["show_actions"] = ""
    first.post(url, shown | {"summary": "First person's summary."})
    response = second.post(url, shown | {"summary": "Second person's summary."})
    text = response.content.decode()
    assert response.status_code == 200 and "First person" in text
    publication.refresh_from_db()
    assert publication.summary == "First person's summary."
