"""My work (the dashboard) shows work_for's list by when it is due, each item with what
to do, its case, why it is the person's, its date and a GOV.UK tag; the navigation
counts it."""

import datetime
from types import SimpleNamespace

import pytest
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from lantern.accounts.models import User
from lantern.actions.models import Action
from lantern.adults import services
from lantern.cases.models import Capacity
from lantern.work.display import sections
from lantern.work.items import WorkItem
from lantern.work.selectors import known_work_count, work_for
from tests.actions.helpers import add_action, make_plan
from tests.factories import CaseFactory, MembershipFactory, UserFactory

from .conftest import TODAY, rapid_review_decided

pytestmark = pytest.mark.django_db

MY_WORK = reverse("web:dashboard")


def nav_link(body: str) -> str:
    start = body.index('<ul class="govuk-service-navigation__list"')
    link = body.index(f'href="{MY_WORK}"', start)
    return body[link : body.index("</a>", link)]


def test_my_work_needs_sign_in(client, settings):
    response = client.get(MY_WORK)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_each_item_shows_what_to_do_its_case_why_its_date_and_a_tag(client, decided, chair):
    client.force_login(chair)
    body = client.get(MY_WORK).content.decode()
    [agree] = [i for i in work_for(chair) if i.title == "Agree the Safeguarding Adult Review"]
    assert f'<a class="govuk-link" href="{agree.url}">{agree.title}</a>' in body
    assert decided.case.reference in body and decided.case.display_title in body
    assert agree.why in body
    assert agree.due.strftime("%-d %b %Y") in body
    assert "To endorse or agree" in body  # the kind, in words
    # Due ten working days after the decision (today): later than the due-soon days.
    assert 'class="govuk-tag govuk-tag--blue">Later<' in body


def test_sections_run_overdue_due_soon_later_then_undated():
    """Overdue first; due today or within the partnership's due-soon days; later; and
    items with no date (a returned referral) last, each with its tag."""

    def item(due, overdue=False):
        return WorkItem(kind="step", title=str(due), url="/", due=due, overdue=overdue)

    soon_until = TODAY + datetime.timedelta(days=7)
    found = sections(
        [
            item(TODAY - datetime.timedelta(days=1), overdue=True),
            item(TODAY),
            item(TODAY + datetime.timedelta(days=3)),
            item(TODAY + datetime.timedelta(days=30)),
            item(None),
        ],
        TODAY,
        soon_until,
    )
    assert [(s.heading, [r.tag for r in s.rows]) for s in found] == [
        ("Overdue", ["Overdue"]),
        ("Due soon", ["Due today", "Due soon"]),
        ("Later", ["Later"]),
        ("No date yet", ["To do"]),
    ]
    assert found[0].rows[0].tag_class == "govuk-tag--red"


def test_an_overdue_action_is_in_the_overdue_section_with_a_red_tag(
    client, submitted, manager, referrer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plan = make_plan(SimpleNamespace(case=submitted.case, member=manager))
    late = add_action(plan.recommendation, agency=plan.agency, owner=referrer, user=manager)
    Action.objects.filter(pk=late.pk).update(due=TODAY - datetime.timedelta(days=2))
    client.force_login(referrer)
    response = client.get(MY_WORK)
    [overdue, *_] = response.context["sections"]
    assert overdue.heading == "Overdue"
    assert [r.item.url for r in overdue.rows] == [f"/actions/{late.pk}/"]
    assert 'class="govuk-tag govuk-tag--red">Overdue<' in response.content.decode()


def test_the_business_manager_sees_the_partnerships_steps_not_an_empty_page(
    client, submitted, manager
):
    """They run every case: the steps are listed though they are on none of them."""
    client.force_login(manager)
    body = client.get(MY_WORK).content.decode()
    assert "Screen the referral" in body
    assert submitted.case.reference in body
    assert "You are not a member of any open case. The Business Unit runs every case" in body
    assert "You are not on any open case." not in body


def test_nothing_waiting_says_what_will_appear(client, partnership):
    client.force_login(UserFactory(partnership=partnership))
    body = client.get(MY_WORK).content.decode()
    assert "Nothing is waiting for you." in body
    assert "decisions to endorse or sign off, actions you own" in body
    assert "My work (" not in nav_link(body)  # no count when nothing waits


def test_case_links_go_to_each_pathways_page(client, partnership):
    """One helper (lantern.work.links.case_url) names each pathway's page."""
    me = UserFactory(partnership=partnership)
    expected = {
        "rapid-review": "/children/{}/",
        "cspr": "/children/{}/",
        "sar": "/adults/{}/",
        "dhr": "/dhr/{}/",
        "macfa": "/audits/{}/",
        "national": "/cases/{}/",
    }
    cases = {}
    for pathway in expected:
        cases[pathway] = CaseFactory(partnership=partnership, pathway=pathway)
        MembershipFactory(case=cases[pathway], person=me, capacity=Capacity.OBSERVER)
    client.force_login(me)
    body = client.get(MY_WORK).content.decode()
    for pathway, url in expected.items():
        assert f'href="{url.format(cases[pathway].reference)}"' in body


class TestNavigationCount:
    def test_my_work_counts_what_waits_and_other_pages_show_that_count(
        self, client, partnership, manager, chair
    ):
        rapid_review_decided(partnership, manager)
        rapid_review_decided(partnership, manager)
        client.force_login(chair)
        waiting = len(work_for(chair))
        assert waiting >= 2
        assert f"My work ({waiting})" in nav_link(client.get(MY_WORK).content.decode())
        cases = client.get(reverse("cases:list")).content.decode()
        assert f"My work ({waiting})" in nav_link(cases)

    def test_the_count_is_forgotten_when_the_person_changes_something_and_found_again(
        self, client, partnership, manager, chair
    ):
        made = rapid_review_decided(partnership, manager)
        client.force_login(chair)
        before = len(work_for(chair))
        client.get(MY_WORK)
        endorse = reverse("meetings:endorse", args=[made.case.reference, made.pk])
        assert client.post(endorse).status_code == 302
        # Not the old count: the navigation does not claim what it does not know.
        after_change = client.get(reverse("cases:list")).content.decode()
        assert f"My work ({before})" not in nav_link(after_change)
        body = client.get(MY_WORK).content.decode()
        assert "Endorse the rapid review decision" not in body
        after = len(work_for(chair))
        assert after == before - 1
        if after:
            assert f"My work ({after})" in nav_link(body)
        else:
            assert "My work (" not in nav_link(body)

    def test_another_persons_change_retires_the_count_so_no_stale_number_is_shown(
        self, client, partnership, manager, chair
    ):
        """Rule: an item arrives or leaves when someone else acts, so the navigation must
        not keep showing the count it found before that."""
        rapid_review_decided(partnership, manager)
        client.force_login(chair)
        before = len(work_for(chair))
        assert f"My work ({before})" in nav_link(client.get(MY_WORK).content.decode())
        made = rapid_review_decided(partnership, manager)  # a second decision to endorse
        other = Client()
        other.force_login(manager)
        # Any change by anyone in the partnership (here a harmless POST by the manager).
        other.post(reverse("meetings:endorse", args=[made.case.reference, made.pk]))
        page = client.get(reverse("cases:list")).content.decode()
        assert f"My work ({before})" not in nav_link(page)
        assert f"My work ({len(work_for(chair))})" in nav_link(client.get(MY_WORK).content.decode())

    def test_the_count_costs_other_pages_no_queries(
        self, client, partnership, manager, chair, django_assert_num_queries
    ):
        """The count is kept from My work: the navigation of a page does not work it out."""
        rapid_review_decided(partnership, manager)
        expected = len(work_for(chair))
        client.force_login(chair)
        client.get(MY_WORK)
        fresh = User.objects.get(pk=chair.pk)  # as the next request loads the person
        with django_assert_num_queries(0):
            assert known_work_count(fresh) == expected


def test_a_returned_referral_reads_correct_and_resend_not_next_step_due_soon(
    client, submitted, referrer
):
    """The referrer saw "Next step: scoping… Due soon" on their case after it came back."""
    services.referral_return(referral=submitted, reason="Say who authorised it.")
    client.force_login(referrer)
    response = client.get(MY_WORK)
    body = response.content.decode()
    assert "Referral returned to you: correct and resend" in body
    assert f'href="/adults/{submitted.case.reference}/correct/"' in body
    [card] = response.context["cases"]
    assert card.returned and card.next_step is None
    assert "the case waits for it to be corrected and sent again" in body
    assert "Due soon" not in body
